#!/usr/bin/env python3
"""Turn one serial log of a kmemprobe boot into a capture JSON (verify/captures/*.json).

Usage: parse.py LOG --flavour F --arch A --kernel-release R --package-version V
                    --qemu-ram BYTES --qemu-version Q --out FILE

Addresses stay strings ("0x..."): 64-bit values do not survive JSON numbers.
"""
import argparse, json, re, sys

TS = re.compile(r"^\[\s*[0-9.]+\]\s*")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    for k in ("flavour", "arch", "kernel-release", "package-version", "qemu-version", "out", "kernel"):
        ap.add_argument("--" + k, required=True)
    ap.add_argument("--qemu-ram", type=int, required=True)
    ap.add_argument("--qemu-cpu", default=None)
    a = ap.parse_args()

    probe, e820, vmallocinfo, meminfo, buddyinfo, boot_vmallocinfo = {}, [], [], {}, [], []
    memory_nodes = []
    last_pfn = None
    zones_seen = []
    cmdline = None
    done = False
    with open(a.log, errors="replace") as f:
        for raw in f:
            line = TS.sub("", raw.rstrip("\r\n"))
            m = re.search(r"KMEMPROBE (\S+?)=(.*)$", line)
            if m:
                probe[m.group(1)] = m.group(2).strip()
                continue
            m = re.search(r"BIOS-e820: \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] (.+)$", line)
            if m:
                e820.append({"start": m.group(1), "end": m.group(2), "type": m.group(3).strip()})
                continue
            m = re.search(r"node\s+0: \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]", line)
            if m:
                memory_nodes.append({"start": m.group(1), "end": m.group(2)})
                continue
            m = re.search(r"^\s*(DMA|DMA32|Normal|HighMem)\s+(\[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]|empty)", line)
            if m and "zones" not in probe:
                zones_seen.append({"zone": m.group(1), "start": m.group(3), "end": m.group(4)})
                continue
            m = re.search(r"last_pfn = (0x[0-9a-f]+) max_arch_pfn", line)
            if m and last_pfn is None:
                last_pfn = m.group(1)
                continue
            m = re.search(r"KMEMINIT (\w+)(?::|=) ?(.*)$", line)
            if m:
                key, val = m.group(1), m.group(2)
                if key == "vmallocinfo":
                    vmallocinfo.append(val)
                elif key == "bootvmallocinfo":
                    boot_vmallocinfo.append(" ".join(val.split()))
                elif key == "meminfo":
                    mm = re.match(r"(\w+):\s+(\d+) kB", val)
                    if mm:
                        meminfo[mm.group(1)] = int(mm.group(2))
                elif key == "buddyinfo":
                    buddyinfo.append(" ".join(val.split()))
                elif key == "cmdline":
                    cmdline = val
                elif key == "done":
                    done = True
    missing = [k for k in ("begin", "end", "PAGE_OFFSET", "high_memory") if k not in probe]
    if missing or not done or (last_pfn is None and not a.arch.startswith("arm")):
        sys.exit(f"parse.py: {a.log}: incomplete boot (missing {missing}, done={done}, last_pfn={last_pfn})")
    probe.pop("begin"); probe.pop("end")
    config = {k[len("config."):]: int(v) for k, v in probe.items() if k.startswith("config.")}
    capture = {
        "schema": 1,
        "source": "verify/run.sh: Debian kernel booted in QEMU (TCG) with verify/probe/kmemprobe.ko",
        "flavour": a.flavour,
        "arch": a.arch,
        "kernel": a.kernel,
        "kernelRelease": a.kernel_release,
        "packageVersion": a.package_version,
        "qemuVersion": a.qemu_version,
        "qemuRamBytes": a.qemu_ram,
        **({"qemuCpu": a.qemu_cpu} if a.qemu_cpu else {}),
        "cmdline": cmdline,
        "e820": e820,
        "lastPfn": last_pfn,
        "config": config,
        "probe": {k: v for k, v in sorted(probe.items()) if not k.startswith("config.")},
        "vmallocinfo": vmallocinfo,
        "bootVmallocinfo": boot_vmallocinfo,
        "zones": zones_seen,
        "memory": memory_nodes,
        "meminfo": meminfo,
        "buddyinfo": buddyinfo,
    }
    with open(a.out, "w") as f:
        json.dump(capture, f, indent=2, sort_keys=False)
        f.write("\n")

if __name__ == "__main__":
    main()
