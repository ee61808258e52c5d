#!/usr/bin/env python3
"""Writes the content fixtures: one complete site (`good`) and, for each kind of error
`kmemguide check` reports, a copy of it with exactly that error. Run from this folder after
changing the good site or ui.yaml; the tests read the files, not this script."""
import os, shutil, re

HERE = os.path.dirname(os.path.abspath(__file__))
CONTENT = os.path.join(HERE, "../../../content")
UI = open(os.path.join(CONTENT, "ui.yaml"), encoding="utf-8").read()
# The generated questions' texts and the misconception catalog, as the repository has them.
TEACHING = {"misconceptions.yaml": open(os.path.join(CONTENT, "misconceptions.yaml"), encoding="utf-8").read()}
for name in sorted(os.listdir(os.path.join(CONTENT, "families"))):
    if name.endswith(".yaml"):
        TEACHING["families/" + name] = open(os.path.join(CONTENT, "families", name), encoding="utf-8").read()

def page(title, order, body, seeds="[s1]", kernels='["6.1"]'):
    return f"---\ntitle: {title}\nsummary: {title} in one line.\norder: {order}\nseeds: {seeds}\nkernels: {kernels}\n---\n{body}"

GOOD = {
    "machines.yaml": "machines:\n  small: {arch: x86_32, kernel: \"3.4\", ram: 160M}\n  arm: {arch: arm32, kernel: \"3.4\", ram: 1G, vmalloc: 200M}\n",
    "kernels.yaml": "kernels:\n  \"3.4\": {tag: v3.4.2}\n  \"6.1\": {tag: v6.1.192}\n",
    "seeds.yaml": "seeds:\n  s1: {file: one.txt, lang: en, title: The first seed}\n",
    "ui.yaml": UI,
    "glossary.yaml": "terms:\n  - id: vmalloc\n    en: {term: vmalloc, definition: Virtually contiguous memory.}\n    zh: {term: vmalloc, definition: 虚拟地址连续的内存。}\n    ja: {term: vmalloc, definition: 仮想アドレスが連続したメモリ。, avoid: [ブイマロック]}\n",
    "questions/intro.yaml": """questions:
  - id: intro-guard
    topic: intro
    kind: truefalse
    difficulty: 1
    prompt:
      en: "Every vmalloc area is followed by a guard page."
      zh: "每个 vmalloc 区域后面都跟着一个保护页。"
      ja: "どの vmalloc 領域の後ろにもガードページがある。"
    answer: true
    explanation:
      en: "The unmapped page after the area turns an overrun into a fault."
      zh: "区域后面未映射的页会把越界访问变成缺页异常。"
      ja: "領域の後ろのマップされていないページが、はみ出したアクセスをフォールトに変える。"
    sources: [s1]
""",
    "pages/intro/en.md": page("Intro", 10, "# Intro\n\nThe vmalloc area starts at {{fact layout.vmalloc_start machine=small}} ({{cite 3.4 arch/x86/include/asm/pgtable_32_types.h:33}}).\n\n## Details\n\nSee [the second page](second.md#more).\n"),
    "pages/intro/zh.md": page("简介", 10, "# 简介\n\nvmalloc 区从 {{fact layout.vmalloc_start machine=small}} 开始。\n\n## 细节\n\n见[第二页](second.md#更多)和 {{cite 3.4 arch/x86/include/asm/pgtable_32_types.h:33}}。\n"),
    "pages/intro/ja.md": page("はじめに", 10, "# はじめに\n\nvmalloc 領域は {{fact layout.vmalloc_start machine=small}} から始まる。\n\n## 詳細\n\n[次のページ](second.md#さらに)と {{cite 3.4 arch/x86/include/asm/pgtable_32_types.h:33}} を参照。\n"),
    "pages/second/en.md": page("Second", 20, "# Second\n\n## More\n\n```kmem\nblock: bootlog\nmachine: arm\n```\n\nBack to [intro](intro.md).\n"),
    "pages/second/zh.md": page("第二页", 20, "# 第二页\n\n## 更多\n\n```kmem\nblock: bootlog\nmachine: arm\n```\n\n回到[简介](intro.md)。\n"),
    "pages/second/ja.md": page("二ページ目", 20, "# 二ページ目\n\n## さらに\n\n```kmem\nblock: bootlog\nmachine: arm\n```\n\n[はじめに](intro.md)に戻る。\n"),
}

GOOD.update(TEACHING)

# name -> (file, transform of its text or None to delete)
BROKEN = {
    "missing-language": ("pages/second/ja.md", None),
    "no-front-matter": ("pages/intro/zh.md", lambda s: s.split("---\n", 2)[2]),
    "front-matter-missing-key": ("pages/intro/en.md", lambda s: s.replace("summary: Intro in one line.\n", "")),
    "front-matter-differs": ("pages/intro/ja.md", lambda s: s.replace("order: 10", "order: 11")),
    "yaml-non-scalar-key": ("pages/intro/en.md", lambda s: s.replace("title: Intro\n", "title: Intro\n[a]: b\n")),
    "unknown-fact": ("pages/intro/en.md", lambda s: s.replace("layout.vmalloc_start", "layout.vmalloc_begin")),
    "unknown-machine": ("pages/intro/zh.md", lambda s: s.replace("machine=small}}", "machine=big}}")),
    "bad-block": ("pages/second/en.md", lambda s: s.replace("block: bootlog", "block: boot-log")),
    "bootlog-not-printed": ("machines.yaml", lambda s: s.replace('arm: {arch: arm32, kernel: "3.4"', 'arm: {arch: x86_32, kernel: "6.1"')),
    "broken-link": ("pages/intro/en.md", lambda s: s.replace("second.md#more", "third.md")),
    "broken-anchor": ("pages/intro/ja.md", lambda s: s.replace("second.md#さらに", "second.md#more")),
    "typed-address": ("pages/second/zh.md", lambda s: s.replace("回到", "地址 0xc0000000 回到")),
    "missing-ui-language": ("ui.yaml", lambda s: re.sub(r'(  nav.next: \{en: "Next", zh: "下一篇"), ja: "次へ"\}', r'\1}', s)),
    "glossary-gap": ("glossary.yaml", lambda s: s.replace("    ja: {term: vmalloc, definition: 仮想アドレスが連続したメモリ。, avoid: [ブイマロック]}\n", "")),
    "unknown-seed": ("pages/second/en.md", lambda s: s.replace("seeds: [s1]", "seeds: [s9]")),
    "bad-machine": ("machines.yaml", lambda s: s.replace("ram: 160M", "ram: 8M")),
    # Language rules (issue 13), one fixture per rule.
    "unrendered-bold": ("pages/intro/zh.md", lambda s: s.replace("## 细节\n", "## 细节\n\n**采集结果纠正了什么。**第一次运行时。\n")),
    "half-width-punctuation": ("pages/intro/zh.md", lambda s: s.replace("开始。", "开始, 见下文.")),
    "space-after-full-width": ("pages/intro/ja.md", lambda s: s.replace("から始まる。", "から始まる。 次へ。")),
    "english-unit-word": ("pages/intro/zh.md", lambda s: s.replace("开始。", "开始，最小为 8 bytes。")),
    "region-id-in-prose": ("pages/intro/ja.md", lambda s: s.replace("から始まる。", "から始まり、その下は vmalloc-hole である。")),
    "rejected-term": ("pages/second/ja.md", lambda s: s.replace("に戻る。", "に戻る。ブイマロックの話はそこで。")),
    "rejected-term-in-question": ("questions/intro.yaml", lambda s: s.replace("どの vmalloc 領域", "どのブイマロック領域")),
    "question-punctuation": ("questions/intro.yaml", lambda s: s.replace("后面都跟着一个保护页。", "后面都跟着一个保护页:对吗?")),
    "vmalloc-param-not-memparse": ("pages/intro/en.md", lambda s: s.replace("starts at", "starts, with vmalloc=1.95G, at")),
    "vmalloc-param-split": ("pages/intro/ja.md", lambda s: s.replace("から始まる。", "から始まる。`vmalloc=`256 MiB のときも同じ。")),
    # Citations (issue 16): one checked form, {{cite RELEASE PATH:LINES}}.
    "cite-unknown-release": ("pages/intro/en.md", lambda s: s.replace("{{cite 3.4 ", "{{cite 3.5 ")),
    "cite-malformed": ("pages/intro/zh.md", lambda s: s.replace("pgtable_32_types.h:33}}", "pgtable_32_types.h:33-20}}")),
    "cite-no-path": ("pages/intro/ja.md", lambda s: s.replace("{{cite 3.4 arch/x86/include/asm/pgtable_32_types.h:33}}", "{{cite 3.4}}")),
    "citation-as-free-text": ("pages/second/en.md", lambda s: s.replace("Back to", "See `mm/vmalloc.c`, 3.4 lines 1313-1366. Back to")),
    # CommonMark has no tables: a pipe table would show its `|` characters (issue 18 review).
    "pipe-table": ("pages/second/en.md", lambda s: s.replace("Back to", "| size | cache |\n|---|---|\n| 8 | kmalloc-8 |\n\nBack to")),
    "citation-as-free-text-zh": ("pages/second/zh.md", lambda s: s.replace("回到", "见 `mm/vmalloc.c`（3.4 第 1313–1366 行）。回到")),
    # Teaching texts of the generated questions (issue 17): a language missing, a placeholder
    # the generator does not provide, and Chinese typography.
    "family-text-missing-language": ("families/pages.yaml", lambda s: s.replace('    ja: "ページサイズ 4 KiB のとき、get_order({size}) は何を返すか。"\n', "")),
    "family-text-wrong-placeholder": ("families/pages.yaml", lambda s: s.replace("get_order({size}) 返回多少", "get_order({bytes}) 返回多少")),
    "family-text-punctuation": ("families/proc.yaml", lambda s: s.replace("{machine}它的 /proc/meminfo 中 VmallocTotal", "{machine}它的, /proc/meminfo 中 VmallocTotal")),
    "misconception-missing-language": ("misconceptions.yaml", lambda s: s.replace('    ja: "元記事の、16 進の 0 が 1 つ足りない PAGE_OFFSET を使った。"\n', "")),
    "ja-term-without-reading": ("glossary.yaml", lambda s: s.replace("ja: {term: vmalloc,", "ja: {term: vmalloc 領域,")),
}

def write(root, files):
    # Keep the recorded messages (expected.txt) across a rewrite.
    kept = None
    exp = os.path.join(root, "expected.txt")
    if os.path.exists(exp):
        kept = open(exp, encoding="utf-8").read()
    shutil.rmtree(root, ignore_errors=True)
    if kept is not None:
        os.makedirs(root, exist_ok=True)
        open(exp, "w", encoding="utf-8").write(kept)
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

write(os.path.join(HERE, "good"), GOOD)
for name, (rel, fn) in BROKEN.items():
    files = dict(GOOD)
    if fn is None:
        del files[rel]
    else:
        new = fn(files[rel])
        assert new != files[rel], name
        files[rel] = new
    write(os.path.join(HERE, "broken", name), files)
