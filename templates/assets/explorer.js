/* kmemguide layout explorer: every layout was computed by the simulator at build time
   (assets/explorer-data.js); this script only looks them up and draws them. */
"use strict";
(function () {
  /* Turns stored layout `i` back into what `kmemguide sim layout --format json` prints, plus
     what the page shows beside it (boot log, sizes, last bytes). */
  function decode(data, i) {
    var s = data.s, T = data.t, L = data.layouts[i];
    var regions = L[10].map(function (j) { var r = T[j]; return {name: s[r[0]], start: s[r[1]], end: s[r[2]], last: s[r[3]], size: s[r[4]]}; });
    var zones = L[11].map(function (j) { var z = T[j]; return {name: s[z[0]], start_pfn: z[1], end_pfn: z[2]}; });
    return {
      json: {
        arch: s[L[0]], kernel: s[L[1]], page_offset: s[L[2]], high_memory: s[L[3]],
        vmalloc_start: s[L[4]], vmalloc_end: s[L[5]], pkmap_base: L[6] < 0 ? null : s[L[6]], fixaddr_start: s[L[7]],
        lowmem_bytes: L[8], highmem_bytes: L[9],
        regions: regions.map(function (r) { return {name: r.name, start: r.start, end: r.end}; }),
        zones: zones,
        messages: L[12].map(function (m) { return s[m]; }),
        vmalloc_end_exclusive: s[L[5]], VMALLOC_END: s[L[15][0]],
        modules_vaddr: s[L[15][1]], modules_end: s[L[15][2]], fixaddr_top: s[L[15][3]],
        max_pfn: L[15][4], max_low_pfn: L[15][5],
        e820: L[16].map(function (j) { var e = T[j]; return {start: s[e[0]], end: s[e[1]], type: s[e[2]]}; })
      },
      regions: regions,
      bootlog: L[13].map(function (m) { return s[m]; }),
      sizes: {lowmem: s[L[14][0]], highmem: s[L[14][1]], vmalloc: s[L[14][2]]}
    };
  }

  /* The combination index of one value index per axis (row-major, last axis fastest). */
  function comboIndex(data, choice) {
    var n = 0;
    for (var k = 0; k < data.axes.length; k++) n = n * data.axes[k].values.length + choice[k];
    return n;
  }

  /* A layout, or {error: message, reason: id, values: {key: value}}, for a choice. */
  function lookup(data, choice) {
    var v = data.combos[comboIndex(data, choice)];
    if (v >= 0) return decode(data, v);
    var e = data.errors[-1 - v], values = {};
    for (var i = 3; i + 1 < e.length; i += 2) values[data.s[e[i]]] = data.s[e[i + 1]];
    return {error: data.s[e[0]], reason: data.s[e[1]], notModelled: e[2] === 1, values: values};
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = {decode: decode, comboIndex: comboIndex, lookup: lookup};
    return;
  }

  var data = globalThis.KMEM_EXPLORER;
  var form = document.getElementById("explorer-form");
  var out = document.getElementById("explorer-out");
  var ui = {};
  try { ui = JSON.parse(document.getElementById("explorer-ui").textContent); } catch (e) {}
  if (!data || !form || !out) return;
  function t(key, fallback) { return ui[key] || fallback || key; }
  /* Sizes below a KiB come from the simulator as "0 bytes": worded in the page's language. */
  function size(text) {
    var m = /^(\d+) bytes?$/.exec(text || "");
    if (!m) return text;
    return m[1] === "1" ? t("l10n.byte", text) : t("l10n.bytes", text).replace("{n}", m[1]);
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var a in attrs || {}) e.setAttribute(a, attrs[a]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var KEY = "kmemguide.explorer";
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) {}
  /* Start on a machine the guide talks about: x86_32, 3.4, 1 GiB, defaults. */
  var start = {arch: "x86_32", pae: "off", kernel: "3.4", ram: "1G", vmalloc: "", nr_cpus: ""};
  var controls = {};
  data.axes.forEach(function (axis) {
    var id = "explorer-" + axis.id;
    var wrap = el("div", {"class": "explorer-field"});
    if (axis.id === "pae") {
      var box = el("input", {type: "checkbox", id: id});
      box.checked = (saved.pae || start.pae) === "on";
      var lab = el("label", {"for": id});
      wrap.appendChild(box);
      lab.appendChild(document.createTextNode(" " + t("explorer.pae")));
      wrap.appendChild(lab);
      controls.pae = box;
    } else {
      wrap.appendChild(el("label", {"for": id}, t("explorer." + axis.id)));
      var sel = el("select", {id: id});
      axis.values.forEach(function (v, i) {
        var label = v === "" ? t("explorer.default") : (axis.id === "vmalloc" ? "vmalloc=" + v : (axis.id === "kernel" ? "Linux " + v : v));
        sel.appendChild(el("option", {value: String(i)}, label));
      });
      var want = saved[axis.id] !== undefined ? saved[axis.id] : start[axis.id];
      var at = axis.values.indexOf(want);
      sel.value = String(at < 0 ? 0 : at);
      wrap.appendChild(sel);
      controls[axis.id] = sel;
    }
    form.appendChild(wrap);
  });
  form.hidden = false;

  function choice() {
    return data.axes.map(function (axis) {
      if (axis.id === "pae") return controls.pae.checked && !controls.pae.disabled ? 1 : 0;
      return Number(controls[axis.id].value);
    });
  }
  function value(axisId, c) {
    for (var k = 0; k < data.axes.length; k++) if (data.axes[k].id === axisId) return data.axes[k].values[c[k]];
    return "";
  }
  var colour = {"lowmem": "lowmem", "direct-map": "lowmem", "vmalloc": "vmalloc", "vmalloc-hole": "hole", "vmalloc-guard": "hole",
    "hole": "hole", "guard-hole": "hole", "pkmap": "pkmap", "fixmap": "fixmap", "fixmap-boot": "fixmap", "modules": "modules",
    "user": "user", "kernel-text": "text"};

  function render() {
    var c = choice();
    var x86 = value("arch", c) === "x86_32";
    controls.pae.disabled = !x86;
    var remembered = {};
    data.axes.forEach(function (axis, k) { remembered[axis.id] = axis.values[c[k]]; });
    remembered.pae = controls.pae.checked ? "on" : "off";
    try { localStorage.setItem(KEY, JSON.stringify(remembered)); } catch (e) {}
    var r = lookup(data, c);
    out.textContent = "";
    var cmd = "kmemguide sim layout --arch " + (x86 && controls.pae.checked ? "x86_32-pae" : value("arch", c)) +
      " --kernel " + value("kernel", c) + " --ram " + value("ram", c) +
      (value("vmalloc", c) ? " --vmalloc " + value("vmalloc", c) : "") + (value("nr_cpus", c) ? " --nr-cpus " + value("nr_cpus", c) : "") +
      " --format json";
    if (r.error) {
      /* The reason in the page's language; the simulator's English only if a wording is missing. */
      var reason = ui["explorer.reason." + r.reason];
      if (reason) for (var k in r.values) reason = reason.split("{" + k + "}").join(r.values[k]);
      /* A real kernel boots there, only the simulator does not model it: say so, not "does not boot". */
      var lead = t(r.notModelled ? "explorer.not_modelled" : "explorer.cannot_boot");
      var p = el("p", {"class": "explorer-error"}, lead.replace("{reason}", reason || r.error));
      out.appendChild(p);
    } else {
      /* Limits first: on a phone they are what fits on the first screen. */
      out.appendChild(el("h2", {}, t("explorer.limits")));
      var dl = el("dl", {"class": "explorer-limits"});
      [["table.lowmem_size", r.sizes.lowmem], ["table.highmem_size", r.sizes.highmem], ["table.vmalloc_size", r.sizes.vmalloc],
       ["PAGE_OFFSET", r.json.page_offset], ["high_memory", r.json.high_memory], ["VMALLOC_START", r.json.vmalloc_start],
       ["VMALLOC_END", r.json.vmalloc_end], ["PKMAP_BASE", r.json.pkmap_base], ["FIXADDR_START", r.json.fixaddr_start]].forEach(function (row) {
        if (row[1] === null) return;
        var label = row[0].indexOf("table.") === 0 ? t(row[0]) : row[0];
        dl.appendChild(el("dt", row[0].indexOf("table.") === 0 ? {} : {"class": "sym"}, label));
        var dd = el("dd");
        dd.appendChild(el("code", {}, row[0].indexOf("table.") === 0 ? size(row[1]) : row[1]));
        dl.appendChild(dd);
      });
      out.appendChild(dl);
      if (r.json.messages.length) {
        out.appendChild(el("h2", {}, t("explorer.messages")));
        var ul = el("ul");
        r.json.messages.forEach(function (m) { var li = el("li"); li.appendChild(el("code", {}, m)); ul.appendChild(li); });
        out.appendChild(ul);
      }
      out.appendChild(el("h2", {}, t("explorer.diagram")));
      var fig = el("div", {"class": "explorer-map", role: "list"});
      r.regions.slice().reverse().forEach(function (reg) {
        var row = el("div", {"class": "explorer-region r-" + (colour[reg.name] || "other"), role: "listitem"});
        row.appendChild(el("span", {"class": "name"}, t("region." + reg.name, reg.name)));
        row.appendChild(el("span", {"class": "range"}, reg.start + " – " + reg.last));
        row.appendChild(el("span", {"class": "size"}, size(reg.size)));
        fig.appendChild(row);
      });
      out.appendChild(fig);
      out.appendChild(el("h2", {}, t("explorer.bootlog")));
      if (r.bootlog.length) out.appendChild(el("pre", {"class": "explorer-bootlog"}, r.bootlog.join("\n")));
      else out.appendChild(el("p", {}, t("explorer.no_bootlog")));
    }
    out.appendChild(el("p", {"class": "explorer-command"}, t("explorer.command")));
    var pre = el("pre");
    pre.appendChild(el("code", {}, cmd));
    out.appendChild(pre);
  }
  form.addEventListener("change", render);
  render();
})();
