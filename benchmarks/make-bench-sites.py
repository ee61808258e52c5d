#!/usr/bin/env python3
"""Makes the benchmark inputs: the real content, and a generated site of N pages per language,
each as a kmemguide content folder and as a Hugo multilingual site with the same Markdown.
Hugo cannot compute kmemguide's facts, so for Hugo each fact becomes a plain word and each
generated block a code block: it renders the same amount of Markdown and does less work."""
import json, os, re, shutil, sys

src, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
LANGS = ["en", "zh", "ja"]
HUGO_CONFIG = """baseURL = "/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[languages.en]
  weight = 1
  contentDir = "content/en"
[languages.zh]
  weight = 2
  contentDir = "content/zh"
[languages.ja]
  weight = 3
  contentDir = "content/ja"
"""
# Each language's pages are that language's (contentDir), so a navigation lists one language's
# pages, as kmemguide's does; without it all three languages were one English site and Hugo's
# navigation listed three times as many pages.
# Three Hugo layouts over the same content (hugo --layoutDir picks one):
#   layouts/          the navigation (every page of the language) ranged over on every page, uncached;
#   layouts-cached/   the same navigation through partialCached, once per language: what a Hugo
#                     user would write (it cannot mark the current page, which kmemguide's does);
#   layouts-nonav/    no navigation at all.
PAGE = """<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>NAV
<main>{{ .Content }}</main>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">prev</a>{{ end }}</body></html>"""
NAV = """<nav>{{ range .Site.RegularPages.ByWeight }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>"""
LAYOUTS = {
    "layouts": {"_default/single.html": PAGE.replace("NAV", NAV), "_default/list.html": PAGE.replace("NAV", NAV)},
    "layouts-cached": {"_default/single.html": PAGE.replace("NAV", '{{ partialCached "nav.html" . .Language.Lang }}'),
                       "_default/list.html": PAGE.replace("NAV", '{{ partialCached "nav.html" . .Language.Lang }}'),
                       "partials/nav.html": NAV},
    "layouts-nonav": {"_default/single.html": PAGE.replace("NAV", ""), "_default/list.html": PAGE.replace("NAV", "")},
}

def hugo_body(text):
    text = re.sub(r"\{\{fact [^}]*\}\}", "FACT", text)
    return text.replace("```kmem", "```yaml")

def hugo_front(text):
    # Same front matter, plus a weight so Hugo orders pages as kmemguide does.
    m = re.search(r"^order: (\d+)$", text, re.M)
    return text.replace("---\n", f"---\nweight: {m.group(1) if m else 1}\n", 1)

def make(name, pages):
    root = os.path.join(work, name)
    kcontent = os.path.join(root, "kmem", "content")
    shutil.copytree(src, kcontent, ignore=shutil.ignore_patterns("pages", "questions"))
    # The verification page's block reads the captures that sit beside content/.
    shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(src)), "verify", "captures"),
                    os.path.join(root, "kmem", "verify", "captures"))
    hugo = os.path.join(root, "hugo")
    os.makedirs(hugo)
    open(os.path.join(hugo, "hugo.toml"), "w").write(HUGO_CONFIG)
    for folder, files in LAYOUTS.items():
        for rel, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(hugo, folder, rel)), exist_ok=True)
            open(os.path.join(hugo, folder, rel), "w").write(text)
    for slug, lang, text in pages:
        p = os.path.join(kcontent, "pages", slug, lang + ".md")
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "w", encoding="utf-8").write(text)
        h = os.path.join(hugo, "content", lang, slug + ".md")
        os.makedirs(os.path.dirname(h), exist_ok=True)
        open(h, "w", encoding="utf-8").write(hugo_front(hugo_body(text)))

real = []
for slug in sorted(os.listdir(os.path.join(src, "pages"))):
    for lang in LANGS:
        real.append((slug, lang, open(os.path.join(src, "pages", slug, lang + ".md"), encoding="utf-8").read()))
make("real", real)

# Generated: N pages per language cycling through the real pages, with unique titles, orders
# and slugs (links between real pages are rewritten to stay inside one copy).
gen = []
slugs = sorted({s for s, _, _ in real})
# Whole copies only, so every rewritten link has its target.
n = -(-n // len(slugs)) * len(slugs)
for i in range(n):
    base = slugs[i % len(slugs)]
    copy = i // len(slugs)
    for lang in LANGS:
        text = open(os.path.join(src, "pages", base, lang + ".md"), encoding="utf-8").read()
        text = re.sub(r"^title: (.*)$", lambda m: "title: " + json.dumps(f"{m.group(1).strip(chr(34))} #{i}", ensure_ascii=False), text, count=1, flags=re.M)
        text = re.sub(r"^order: \d+$", f"order: {i}", text, count=1, flags=re.M)
        text = re.sub(r"\]\(([a-z0-9-]+)\.md", lambda m: f"]({m.group(1)}-{copy}.md", text)
        gen.append((f"{base}-{copy}", lang, text))
make("generated", gen)
