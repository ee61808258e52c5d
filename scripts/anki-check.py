#!/usr/bin/env python3
"""Imports kmemguide's Anki exports with Anki's own library (`pip install anki`).

    python3 scripts/anki-check.py BANK_FOLDER COUNT [LANG ...]

For each language (default en zh ja) it imports `anki-<lang>.apkg` and `anki-<lang>.txt`
into fresh collections whose interface language is English, Simplified Chinese, Japanese,
Traditional Chinese, German and French (so the stock note type is Basic / 问答题 / 基本 / 基本型 /
Einfach / Basique with fields Front·Back / 正面·背面 / 表面·裏面 / …),
and checks: COUNT notes and COUNT cards, no empty field, the text export lands in the stock
Basic note type even when another note type is the current one, the package in its own
`kmemguide` note type and `kmemguide::<lang>::<topic>` decks, and a second import of the
same file adds nothing. Prints one line per check; exits 1 when any fails, 2 when anki is
missing.
"""
import os
import sys
import tempfile

try:
    import anki.lang
    from anki.collection import Collection
    from anki import import_export_pb2 as pb
except ImportError as e:  # the Swift test turns this into a skip (or a failure on CI)
    print(f"anki is not installed: {e} (python3 -m pip install anki)")
    sys.exit(2)

UI = {"en": ("Basic", ["Front", "Back"]), "zh_CN": ("问答题", ["正面", "背面"]), "ja_JP": ("基本", ["表面", "裏面"]),
      "zh_TW": ("基本型", ["正面", "背面"]), "de_DE": ("Einfach", ["Vorderseite", "Rückseite"]), "fr_FR": ("Basique", ["Recto", "Verso"])}
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def fresh(ui):
    anki.lang.set_lang(ui)
    d = tempfile.mkdtemp(prefix="kmem-anki-")
    return Collection(os.path.join(d, "collection.anki2"))


def notes(col):
    return [col.get_note(nid) for nid in col.find_notes("")]


def import_text(col, path):
    meta = col.get_csv_metadata(path=path, delimiter=None)
    return col.import_csv(pb.ImportCsvRequest(path=path, metadata=meta)).log


def import_package(col, path):
    opts = pb.ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False)
    return col.import_anki_package(pb.ImportAnkiPackageRequest(package_path=path, options=opts)).log


def main():
    folder, count = sys.argv[1], int(sys.argv[2])
    langs = sys.argv[3:] or ["en", "zh", "ja"]
    for lang in langs:
        for ui, (basic, fields) in UI.items():
            where = f"{lang} in an Anki set to {ui}"
            # Text export: a collection whose current note type is Cloze, to prove the file
            # itself names the stock Basic type whatever it is called.
            col = fresh(ui)
            stock = col.models.by_name(basic)
            check(stock is not None and [f["name"] for f in stock["flds"]] == fields, f"{where}: stock note type {basic} {fields}")
            cloze = next(m for m in col.models.all() if m["type"] == 1)
            col.set_config("curModel", cloze["id"])
            path = os.path.join(folder, f"anki-{lang}.txt")
            log = import_text(col, path)
            ns = notes(col)
            check(len(log.new) == count and len(ns) == count, f"{where}: text export adds {len(log.new)} notes, collection has {len(ns)}, want {count}")
            check(col.card_count() == count, f"{where}: text export gives {col.card_count()} cards")
            check(all(n.note_type()["id"] == stock["id"] for n in ns), f"{where}: text export uses {basic}")
            empty = [n.guid for n in ns if any(not v.strip() for v in n.values())]
            check(not empty, f"{where}: text export has no empty field ({len(empty)} notes with one)")
            log = import_text(col, path)
            check(len(log.new) == 0 and len(notes(col)) == count,
                  f"{where}: text re-import adds {len(log.new)}, matches {len(log.updated) + len(log.duplicate)} existing notes")
            col.close()

            # Package.
            col = fresh(ui)
            path = os.path.join(folder, f"anki-{lang}.apkg")
            log = import_package(col, path)
            ns = notes(col)
            check(len(log.new) == count and len(ns) == count, f"{where}: package adds {len(log.new)} notes, collection has {len(ns)}, want {count}")
            check(col.card_count() == count, f"{where}: package gives {col.card_count()} cards")
            check(all(n.note_type()["name"] == "kmemguide" for n in ns), f"{where}: package notes use the kmemguide note type")
            check([f["name"] for f in col.models.by_name("kmemguide")["flds"]] == ["Question", "Answer", "Explanation", "Details"],
                  f"{where}: kmemguide fields keep their names")
            empty = [n.guid for n in ns if any(not v.strip() for v in n.values())]
            check(not empty, f"{where}: package has no empty field ({len(empty)} notes with one)")
            check(all(f'lang="' in n.fields[0] for n in ns), f"{where}: package fields carry lang")
            decks = {col.decks.name(c.did) for c in (col.get_card(cid) for cid in col.find_cards(""))}
            check(all(d.startswith(f"kmemguide::{lang}::") for d in decks) and len(decks) >= 1,
                  f"{where}: package decks {sorted(decks)}")
            log = import_package(col, path)
            check(len(log.new) == 0 and len(notes(col)) == count and col.card_count() == count,
                  f"{where}: package re-import adds {len(log.new)}, matches {len(log.updated) + len(log.duplicate)} existing notes")
            # A newer bank over an older import: a note whose text differs is updated in
            # place (with "update always"; the file's timestamps are fixed), never added.
            n = ns[0]
            original = n["Explanation"]
            n["Explanation"] = "edited"
            col.update_note(n)
            opts = pb.ImportAnkiPackageOptions(update_notes=pb.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS)
            log = col.import_anki_package(pb.ImportAnkiPackageRequest(package_path=path, options=opts)).log
            check(len(log.new) == 0 and len(log.updated) == 1 and col.get_note(n.id)["Explanation"] == original and len(notes(col)) == count,
                  f"{where}: package import over a changed note updates {len(log.updated)}, adds {len(log.new)}")
            col.close()
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
