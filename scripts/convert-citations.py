#!/usr/bin/env python3
"""Rewrites citations of the kernel source typed as prose into the one checked form,
{{cite RELEASE PATH[:LINE|:FIRST-LAST]}}, in every page of content/ (errata included; en, zh,
ja). Question files, the glossary and ui.yaml are scanned too, but only reported: their text
is shown where a link cannot be (terminal quiz, exam formats).

    python3 scripts/convert-citations.py [CONTENT_DIR]     # default: content/ of this checkout
    python3 scripts/convert-citations.py --dry-run         # print what would change

Safe to re-run (after merging new content): text already in cite form is left alone. What it
cannot convert, `kmemguide check` reports with file and line ("citation written as free text");
fix those by hand or add a rule to FIXUPS below.

Forms converted (L = a line part, REL = 2.6.12 | 3.4 | 6.1 | 6.12):
  en  (`mm/vmalloc.c`, 3.4 lines 332-440)      `page.h` (3.4, lines 12–16; 6.1, line 9)
  zh  （`mm/vmalloc.c`，3.4 第 332-440 行）      `page.h`（3.4 第 12–16 行；6.1 第 9 行）
  ja  （`mm/vmalloc.c`、3.4 の 332-440 行）      `page.h`（3.4 の 12–16 行、6.1 の 9 行）
and a path with a bare release: `gfp_types.h` (6.1), (`page.h`, 3.4 and 6.1).
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

REL = r"(?:2\.6\.12|3\.4|6\.12|6\.1)(?![\d]|\.\d)"
PATH = r"`(?P<path>[A-Za-z0-9_.+-]+(?:/[A-Za-z0-9_.+-]+)+)`"
DASH = r"\s*[–-]\s*"

# One line part per language: "lines 12–16" / "第 12–16 行" / "の 12–16 行". Several ranges
# ("lines 186–187 and 228–229", "第 186–187 行和第 228–229 行", "186–187 行と 228–229 行").
RANGE = rf"\d+(?:{DASH}\d+)?"
LINES = {
    "en": rf"lines?\s+{RANGE}(?:\s+and\s+{RANGE})*",
    "zh": rf"第\s*{RANGE}\s*行(?:\s*(?:和|与)\s*第\s*{RANGE}\s*行)*",
    "ja": rf"の\s*{RANGE}\s*行(?:\s*と\s*{RANGE}\s*行)*",
}
# A release with its optional lines.
GROUP = {
    "en": rf"{REL}(?:,?\s+{LINES['en']})?",
    "zh": rf"{REL}(?:\s*{LINES['zh']})?",
    "ja": rf"{REL}(?:\s*{LINES['ja']})?",
}
SEP = {
    "en": r"(?:;\s+|,\s+|\s+and\s+)",
    "zh": r"(?:；|，|、|\s*与\s*|\s*和\s*)",
    "ja": r"(?:、|\s*および\s*|\s*と\s*)",
}
FIRST_SEP = {"en": r",\s+", "zh": r"，\s*", "ja": r"、\s*"}
OPEN = r"\s*[(（]"
CLOSE = r"[)）]"


def group_list(lang):
    g = GROUP[lang]
    return rf"{g}(?:{SEP[lang]}{g})*"


def cites(path, text, lang):
    """The cites for one group list, joined with the separators it had."""
    out = []
    pos = 0
    pieces = []
    for m in re.finditer(GROUP[lang], text):
        pieces.append((text[pos:m.start()], m.group(0)))
        pos = m.end()
    tail = text[pos:]
    for sep, grp in pieces:
        rel = re.match(REL, grp).group(0)
        ranges = re.findall(rf"(\d+)(?:{DASH}(\d+))?", grp[len(rel):])
        if not ranges:
            one = [f"{{{{cite {rel} {path}}}}}"]
        else:
            one = [f"{{{{cite {rel} {path}:{a}{'-' + b if b else ''}}}}}" for a, b in ranges]
        joiner = {"en": " and ", "zh": "和", "ja": "と"}[lang]
        out.append(sep + joiner.join(one))
    return "".join(out) + tail


def convert_text(text, lang):
    gl = group_list(lang)
    # `PATH` (GROUPS) — the parentheses hold nothing else: the cites replace path and parentheses.
    def paren(m):
        return cites(m.group("path"), m.group("groups"), lang)
    text = re.sub(rf"{PATH}{OPEN}(?P<groups>{gl}){CLOSE}", paren, text)
    # `PATH`, GROUPS — inside a parenthesis or a sentence: the cites replace path and groups.
    def inline(m):
        return cites(m.group("path"), m.group("groups"), lang)
    text = re.sub(rf"{PATH}{FIRST_SEP[lang]}(?P<groups>{gl})", inline, text)
    return text


# Citations whose file or release is implied by the sentence around them, or that are mixed
# with other words: exact rewrites per file (relative to content/), applied before the general
# rules. An `old` that is not there is skipped, so re-running after a conversion changes nothing.
P = "pages/"
FIXUPS = [
    # The ARM 3.4 walk-through names files by their short names.
    (P + "layouts/en.md", "(mmu.c, lines 786–815)", "({{cite 3.4 arch/arm/mm/mmu.c:786-815}})"),
    (P + "layouts/en.md", "(mmu.c, lines 819–928)", "({{cite 3.4 arch/arm/mm/mmu.c:819-928}})"),
    (P + "layouts/en.md", "(pgtable.h, lines 41–43)", "({{cite 3.4 arch/arm/include/asm/pgtable.h:41-43}})"),
    (P + "layouts/zh.md", "（mmu.c 第 786–815 行）", "（{{cite 3.4 arch/arm/mm/mmu.c:786-815}}）"),
    (P + "layouts/zh.md", "（mmu.c 第 819–928 行）", "（{{cite 3.4 arch/arm/mm/mmu.c:819-928}}）"),
    (P + "layouts/zh.md", "（pgtable.h 第 41–43 行）", "（{{cite 3.4 arch/arm/include/asm/pgtable.h:41-43}}）"),
    (P + "layouts/ja.md", "（mmu.c の 786–815 行）", "（{{cite 3.4 arch/arm/mm/mmu.c:786-815}}）"),
    (P + "layouts/ja.md", "（mmu.c の 819–928 行）", "（{{cite 3.4 arch/arm/mm/mmu.c:819-928}}）"),
    (P + "layouts/ja.md", "（pgtable.h の 41–43 行）", "（{{cite 3.4 arch/arm/include/asm/pgtable.h:41-43}}）"),
    (P + "choosing/zh.md", "（6.1 `mm/util.c` 中的 `kvmalloc_node()`，第 543–610 行）", "（`kvmalloc_node()`：{{cite 6.1 mm/util.c:543-610}}）"),
    (P + "choosing/ja.md", "（6.1 の `mm/util.c` にある `kvmalloc_node()`、543–610 行）", "（`kvmalloc_node()`、{{cite 6.1 mm/util.c:543-610}}）"),
    (P + "kzalloc/en.md", "(`include/linux/slab.h`, lines 349-352 in\n3.4 and 697-700 in 6.1)", "({{cite 3.4 include/linux/slab.h:349-352}};\n{{cite 6.1 include/linux/slab.h:697-700}})"),
    (P + "kzalloc/zh.md", "（`include/linux/slab.h`，3.4 在第 349-352 行，6.1 在第 697-700 行）", "（{{cite 3.4 include/linux/slab.h:349-352}}；{{cite 6.1 include/linux/slab.h:697-700}}）"),
    (P + "kzalloc/ja.md", "（`include/linux/slab.h`、3.4 では 349-352 行、6.1 では 697-700 行）", "（{{cite 3.4 include/linux/slab.h:349-352}}、{{cite 6.1 include/linux/slab.h:697-700}}）"),
    # pages: the release is the one the sentence is about.
    (P + "pages/en.md", "(`mm/page_alloc.c` line 2241)", "({{cite 3.4 mm/page_alloc.c:2241}})"),
    (P + "pages/en.md", "(`mm/page_alloc.c` line 5634)", "({{cite 6.1 mm/page_alloc.c:5634}})"),
    (P + "pages/en.md", "(`mm/page_alloc.c` line 4832)", "({{cite 6.12 mm/page_alloc.c:4832}})"),
    (P + "pages/zh.md", "（`mm/page_alloc.c` 第 2241 行）", "（{{cite 3.4 mm/page_alloc.c:2241}}）"),
    (P + "pages/zh.md", "（`mm/page_alloc.c` 第 5634 行）", "（{{cite 6.1 mm/page_alloc.c:5634}}）"),
    (P + "pages/zh.md", "（`mm/page_alloc.c` 第 4832 行）", "（{{cite 6.12 mm/page_alloc.c:4832}}）"),
    (P + "pages/ja.md", "（`mm/page_alloc.c` の 2241 行）", "（{{cite 3.4 mm/page_alloc.c:2241}}）"),
    (P + "pages/ja.md", "（`mm/page_alloc.c` の 5634 行）", "（{{cite 6.1 mm/page_alloc.c:5634}}）"),
    (P + "pages/ja.md", "（`mm/page_alloc.c` の 4832 行）", "（{{cite 6.12 mm/page_alloc.c:4832}}）"),
    (P + "proc/zh.md", "`mm/vmalloc.c` 中的 `s_show()`（3.4 第 2559–2592 行）", "{{cite 3.4 mm/vmalloc.c:2559-2592}} 中的 `s_show()`"),
    (P + "proc/ja.md", "`mm/vmalloc.c` の `s_show()` から来ている（3.4 の 2559–2592 行）", "{{cite 3.4 mm/vmalloc.c:2559-2592}} の `s_show()` から来ている"),
    # translation: CONFIG_DEBUG_VIRTUAL's checks, in the file the paragraph names.
    (P + "translation/en.md", "(`is_vmalloc_addr()`) (3.4, lines 48–54)", "(`is_vmalloc_addr()`; {{cite 3.4 arch/x86/mm/physaddr.c:48-54}})"),
    (P + "translation/en.md", "beyond lowmem (6.1, lines 71–82)", "beyond lowmem ({{cite 6.1 arch/x86/mm/physaddr.c:71-82}})"),
    (P + "translation/zh.md", "（`is_vmalloc_addr()`）（3.4 第 48–54 行）", "（`is_vmalloc_addr()`；{{cite 3.4 arch/x86/mm/physaddr.c:48-54}}）"),
    (P + "translation/zh.md", "以外的一切（6.1 第 71–82 行）", "以外的一切（{{cite 6.1 arch/x86/mm/physaddr.c:71-82}}）"),
    (P + "translation/ja.md", "でないこと（3.4 の 48–54 行）", "でないこと（{{cite 3.4 arch/x86/mm/physaddr.c:48-54}}）"),
    (P + "translation/ja.md", "すべて弾かれる（6.1 の 71–82 行）", "すべて弾かれる（{{cite 6.1 arch/x86/mm/physaddr.c:71-82}}）"),
    (P + "translation/ja.md", "`arch/x86/include/asm/io.h` にある（6.1 の 131–154 行）", "{{cite 6.1 arch/x86/include/asm/io.h:131-154}} にある"),
    (P + "vmalloc/en.md", "(`mm/vmalloc.c` lines 2545-2590 and\n`include/linux/vmalloc.h`, 6.1)", "({{cite 6.1 mm/vmalloc.c:2545-2590}} and\n{{cite 6.1 include/linux/vmalloc.h}})"),
    (P + "vmalloc/zh.md", "（`mm/vmalloc.c` 第 2545-2590 行与 `include/linux/vmalloc.h`，6.1）", "（{{cite 6.1 mm/vmalloc.c:2545-2590}}与 {{cite 6.1 include/linux/vmalloc.h}}）"),
    (P + "vmalloc/ja.md", "（`mm/vmalloc.c` の 2545-2590 行と `include/linux/vmalloc.h`、6.1）", "（{{cite 6.1 mm/vmalloc.c:2545-2590}}と {{cite 6.1 include/linux/vmalloc.h}}）"),
    (P + "gfp/en.md", "in `kernel/sched/core.c` (6.1; in 3.4 the", "in {{cite 6.1 kernel/sched/core.c}} (in 3.4 the"),
    (P + "gfp/zh.md", "由 `kernel/sched/core.c` 中的 `__might_resched()` 打印（6.1；3.4 中", "由 {{cite 6.1 kernel/sched/core.c}} 中的 `__might_resched()` 打印（3.4 中"),
    (P + "gfp/ja.md", "`kernel/sched/core.c` の `__might_resched()` が次のような報告を出す（6.1。3.4 では", "{{cite 6.1 kernel/sched/core.c}} の `__might_resched()` が次のような報告を出す（3.4 では"),
    # errata: a symbol named beside the lines.
    (P + "errata/en.md", "`arch/x86/include/asm/dma.h` (`MAX_DMA_PFN`; 3.4, line 73; 6.1, line 74)", "`MAX_DMA_PFN` in {{cite 3.4 arch/x86/include/asm/dma.h:73}}; {{cite 6.1 arch/x86/include/asm/dma.h:74}}"),
    (P + "errata/zh.md", "`arch/x86/include/asm/dma.h`（`MAX_DMA_PFN`；3.4 第 73 行；6.1 第 74 行）", "`MAX_DMA_PFN`：{{cite 3.4 arch/x86/include/asm/dma.h:73}}；{{cite 6.1 arch/x86/include/asm/dma.h:74}}"),
    (P + "errata/ja.md", "`arch/x86/include/asm/dma.h`（`MAX_DMA_PFN`。3.4 の 73 行、6.1 の 74 行）", "`MAX_DMA_PFN`：{{cite 3.4 arch/x86/include/asm/dma.h:73}}、{{cite 6.1 arch/x86/include/asm/dma.h:74}}"),
    (P + "errata/en.md", "`mm/vmalloc.c` (6.1, lines 2850–2862; `__get_vm_area_node()`, line 2554)", "{{cite 6.1 mm/vmalloc.c:2850-2862}}; `__get_vm_area_node()`: {{cite 6.1 mm/vmalloc.c:2554}}"),
    (P + "errata/zh.md", "`mm/vmalloc.c`（6.1 第 2850–2862 行；`__get_vm_area_node()` 第 2554 行）", "{{cite 6.1 mm/vmalloc.c:2850-2862}}；`__get_vm_area_node()`：{{cite 6.1 mm/vmalloc.c:2554}}"),
    (P + "errata/ja.md", "`mm/vmalloc.c`（6.1 の 2850–2862 行。`__get_vm_area_node()` は 2554 行）", "{{cite 6.1 mm/vmalloc.c:2850-2862}}、`__get_vm_area_node()` は {{cite 6.1 mm/vmalloc.c:2554}}"),
    (P + "errata/en.md", "`include/linux/gfp.h` (6.1, `__get_free_page`)", "`__get_free_page` in {{cite 6.1 include/linux/gfp.h}}"),
    (P + "errata/zh.md", "`include/linux/gfp.h`（6.1，`__get_free_page`）", "`__get_free_page`：{{cite 6.1 include/linux/gfp.h}}"),
    (P + "errata/ja.md", "`include/linux/gfp.h`（6.1、`__get_free_page`）", "`__get_free_page`：{{cite 6.1 include/linux/gfp.h}}"),
    (P + "errata/en.md", "`mm/vmalloc.c` (6.1, `vmalloc_nr_pages()`)", "`vmalloc_nr_pages()` in {{cite 6.1 mm/vmalloc.c}}"),
    (P + "errata/zh.md", "`mm/vmalloc.c`（6.1，`vmalloc_nr_pages()`）", "`vmalloc_nr_pages()`：{{cite 6.1 mm/vmalloc.c}}"),
    (P + "errata/ja.md", "`mm/vmalloc.c`（6.1、`vmalloc_nr_pages()`）", "`vmalloc_nr_pages()`：{{cite 6.1 mm/vmalloc.c}}"),
]


def fixups(rel, text):
    for f, old, new in FIXUPS:
        if f == rel and old in text:
            text = text.replace(old, new)
    return text


def files(content):
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith((".md", ".yaml")):
                yield os.path.join(dirpath, name)


def language(rel):
    base = os.path.basename(rel)
    if base in ("zh.md", "ja.md", "en.md"):
        return base[:2]
    return None


def convert_file(path, rel):
    text = open(path, encoding="utf-8").read()
    lang = language(rel)
    fixed = fixups(rel, text)
    if lang is None:
        # Questions, glossary, ui.yaml: their text does not expand {{cite}} (the terminal quiz and
        # the exam formats cannot show a link), so citations there are only reported.
        for n, line in enumerate(text.split("\n"), 1):
            m = re.match(r"^\s*-?\s*(en|zh|ja):(.*)$", line)
            if m and convert_text(m.group(2), m.group(1)) != m.group(2):
                print(f"{rel}:{n}: a citation in prose; questions and the glossary cannot link it — "
                      f"name the file in `sources:` (e.g. \"6.1:mm/vmalloc.c\") or leave it as text", file=sys.stderr)
        new = text
    else:
        # Pages: only outside fenced code blocks.
        out, fence = [], None
        for line in fixed.split("\n"):
            stripped = line.lstrip(" ")
            if fence:
                if stripped.startswith(fence):
                    fence = None
                out.append(line)
                continue
            m = re.match(r"(`{3,}|~{3,})", stripped)
            if m and len(line) - len(stripped) <= 3:
                fence = m.group(1)
                out.append(line)
                continue
            out.append(convert_text(line, lang))
        new = "\n".join(out)
    return new, text


def main(argv):
    dry = "--dry-run" in argv
    args = [a for a in argv if not a.startswith("--")]
    content = os.path.abspath(args[0]) if args else os.path.join(ROOT, "content")
    changed = 0
    for path in files(content):
        rel = os.path.relpath(path, content).replace(os.sep, "/")
        new, old = convert_file(path, rel)
        if new == old:
            continue
        changed += 1
        n = new.count("{{cite ") - old.count("{{cite ")
        print(f"{rel}: {n} citation(s)")
        if not dry:
            tmp = path + ".tmp-convert"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(new)
            os.replace(tmp, path)
    print(f"{changed} file(s) {'would change' if dry else 'changed'}; run `kmemguide check` for what is left")


if __name__ == "__main__":
    main(sys.argv[1:])
