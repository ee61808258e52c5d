#!/usr/bin/env python3
"""Checks kmemguide's Canvas exports (canvas-<lang>.zip, IMS QTI 1.2) with two outside tools.

Usage: canvas-check.py ZIP...   (prints one summary line per zip; exit 1 on any problem)

1. pyslet (PyPI), an implementation of IMS QTI 1.2.1, parses the quiz: its root must be a
   questestinterop with one assessment, every item must land in pyslet's item model with its
   metadata, presentation, response processing and feedback, every group section must carry
   selection_ordering.
2. text2qti (PyPI), whose output Canvas imports, writes a reference quiz with the question
   types it knows (multiple choice, multiple answers, true/false, numerical, short answer, a
   group that picks one); every element path and attribute of our items of those types must
   also occur in text2qti's items of the same type. (text2qti has no matching question; those
   are checked for Canvas's matching layout below.)
3. Consistency: each condition names a response of its item and a label that response offers;
   points are positive; a group picks one item and its points_per_item equals its items'
   points; assessment_meta.xml's points_possible is the quiz total; the manifest points at
   files that are in the zip.
"""
import io
import logging
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

logging.disable(logging.WARNING)  # pyslet warns about plain text inside text/html mattext

NS = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
TYPES = {"multiple_choice_question", "multiple_answers_question", "true_false_question",
         "numerical_question", "short_answer_question", "matching_question"}

REFERENCE_MD = """Quiz title: reference
Quiz description: reference

1.  Pick one.
...  Why.
a)  six
*b) five

2.  Pick all.
...  Why.
[*] two
[ ] three
[*] four

3.  True?
...  Why.
*a) True
b)  False

4.  Number?
...  Why.
=   5 +- 0.5

5.  Name?
...  Why.
*   kvfree
*   kvfree()

GROUP
pick: 1
points per question: 2

1.  Pick one of these.
...  Why.
*a) x
b)  y

2.  Pick another one.
...  Why.
*a) x
b)  y

END_GROUP
"""


def local(tag):
    return tag.split("}", 1)[-1]


def paths(elem, prefix=""):
    """Element paths (tag chains) with their attribute names, below an item."""
    out = set()
    here = prefix + "/" + local(elem.tag)
    out.add(here + "[" + ",".join(sorted(local(a) for a in elem.attrib)) + "]")
    for child in elem:
        out |= paths(child, here)
    return out


def meta(item):
    fields = {}
    for f in item.iter(NS + "qtimetadatafield"):
        fields[f.findtext(NS + "fieldlabel")] = f.findtext(NS + "fieldentry") or ""
    return fields


def reference_shapes():
    """Per question type, the element paths text2qti writes (the shapes Canvas imports)."""
    import text2qti.config
    import text2qti.qti
    import text2qti.quiz
    with tempfile.TemporaryDirectory() as d:
        quiz = text2qti.quiz.Quiz(REFERENCE_MD, config=text2qti.config.Config(), source_name="<reference>")
        xml = text2qti.qti.QTI(quiz).assessment
    root = ET.fromstring(xml)
    shapes = {}
    for item in root.iter(NS + "item"):
        t = meta(item).get("question_type")
        shapes.setdefault(t, set()).update(p.replace("/item[ident,title]", "/item", 1) for p in paths(item))
    group = set()
    for sec in root.iter(NS + "section"):
        so = sec.find(NS + "selection_ordering")
        if so is not None:
            group |= paths(so)
    return shapes, group


def check_pyslet(xml_bytes, problems, name):
    import pyslet.qtiv1.xml as qti1
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        f.write(xml_bytes)
        f.flush()
        doc = qti1.QTIDocument(baseURI=f.name)
        doc.read()
    root = doc.root
    if type(root).__name__ != "QuesTestInterop":
        problems.append(f"{name}: pyslet does not read a questestinterop root")
        return 0
    if root.Assessment is None:
        problems.append(f"{name}: pyslet finds no assessment")
        return 0
    count = 0

    def walk(section, depth):
        nonlocal count
        for obj in section.SectionItemMixin:
            kind = type(obj).__name__
            if kind == "Item":
                count += 1
                for slot in ("ItemMetadata", "Presentation", "ResProcessing"):
                    if getattr(obj, slot, None) is None:
                        problems.append(f"{name}: item {obj.ident}: pyslet finds no {slot}")
                if not obj.ItemFeedback:
                    problems.append(f"{name}: item {obj.ident}: pyslet finds no itemfeedback")
            elif kind == "Section":
                if depth > 0 and obj.QTISelectionOrdering is None:
                    problems.append(f"{name}: group {obj.ident}: pyslet finds no selection_ordering")
                walk(obj, depth + 1)
            else:
                problems.append(f"{name}: pyslet reads an unexpected {kind} in a section")

    for sec in root.Assessment.SectionMixin:
        walk(sec, 0)
    return count


def check_zip(path, shapes, group_shape):
    problems = []
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    manifest = ET.fromstring(z.read("imsmanifest.xml"))
    quiz_files = []
    for res in manifest.iter():
        if local(res.tag) == "resource":
            for f in res:
                if local(f.tag) == "file":
                    href = f.attrib.get("href")
                    if href not in names:
                        problems.append(f"{path}: the manifest names {href}, which is not in the zip")
                    elif res.attrib.get("type") == "imsqti_xmlv1p2":
                        quiz_files.append(href)
    if len(quiz_files) != 1:
        problems.append(f"{path}: expected one imsqti_xmlv1p2 resource, found {len(quiz_files)}")
        return problems, 0
    data = z.read(quiz_files[0])
    root = ET.fromstring(data)
    pyslet_items = check_pyslet(data, problems, path)
    items = list(root.iter(NS + "item"))
    if pyslet_items != len(items):
        problems.append(f"{path}: pyslet reads {pyslet_items} items, the file holds {len(items)}")

    total = 0
    root_section = root.find(f"{NS}assessment/{NS}section")
    for child in root_section:
        if local(child.tag) == "item":
            total += float(meta(child)["points_possible"])
        elif local(child.tag) == "section":
            sel = child.find(f"{NS}selection_ordering/{NS}selection")
            number = sel.findtext(NS + "selection_number")
            per = float(sel.findtext(f"{NS}selection_extension/{NS}points_per_item"))
            if number != "1":
                problems.append(f"{path}: group {child.attrib['ident']} picks {number}, not 1")
            for p in paths(child.find(NS + "selection_ordering")):
                if p not in group_shape:
                    problems.append(f"{path}: group {child.attrib['ident']}: {p} is not in text2qti's groups")
            for it in child.findall(NS + "item"):
                if float(meta(it)["points_possible"]) != per:
                    problems.append(f"{path}: item {it.attrib['ident']} is worth other points than its group")
            total += per
    meta_file = [n for n in names if n.endswith("assessment_meta.xml")]
    if meta_file:
        m = re.search(rb"<points_possible>([0-9.]+)</points_possible>", z.read(meta_file[0]))
        if not m or float(m.group(1)) != total:
            problems.append(f"{path}: assessment_meta.xml says {m.group(1) if m else None} points, the items give {total}")
    else:
        problems.append(f"{path}: no assessment_meta.xml")

    for item in items:
        ident = item.attrib.get("ident")
        fields = meta(item)
        t = fields.get("question_type")
        if t not in TYPES:
            problems.append(f"{path}: item {ident}: question_type {t!r} is not one we write")
            continue
        if float(fields.get("points_possible", "0")) <= 0:
            problems.append(f"{path}: item {ident}: no points")
        if t in shapes:
            for p in paths(item):
                p = p.replace("/item[ident,title]", "/item", 1)
                if p not in shapes[t]:
                    problems.append(f"{path}: item {ident} ({t}): {p} does not occur in text2qti's {t}")
        # Responses and the labels they offer.
        offered = {}
        for resp in item.iter():
            if local(resp.tag) in ("response_lid", "response_str"):
                offered[resp.attrib["ident"]] = {l.attrib["ident"] for l in resp.iter(NS + "response_label")}
        if t == "matching_question":
            lids = [r for r in item.iter(NS + "response_lid")]
            label_sets = [frozenset(offered[r.attrib["ident"]]) for r in lids]
            if len(lids) < 2 or len(set(label_sets)) != 1:
                problems.append(f"{path}: item {ident}: a matching question needs two or more lefts offering the same answers")
            adds = [float(s.text) for s in item.iter(NS + "setvar") if s.attrib.get("action") == "Add"]
            if abs(sum(adds) - 100) > 0.1 or len(adds) != len(lids):
                problems.append(f"{path}: item {ident}: the matching shares add up to {sum(adds)}, not 100")
        for cond in item.iter(NS + "varequal"):
            r = cond.attrib.get("respident")
            if r not in offered:
                problems.append(f"{path}: item {ident}: a condition names the response {r}, which the item does not have")
            elif t not in ("short_answer_question", "numerical_question") and cond.text not in offered[r]:
                problems.append(f"{path}: item {ident}: a condition names {cond.text}, which {r} does not offer")
        full = [s for s in item.iter(NS + "setvar") if s.attrib.get("action") == "Set" and s.text == "100"]
        if t != "matching_question" and len(full) != 1:
            problems.append(f"{path}: item {ident}: expected one condition that gives full marks")
    return problems, len(items)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    shapes, group_shape = reference_shapes()
    status = 0
    for path in sys.argv[1:]:
        problems, n = check_zip(path, shapes, group_shape)
        for p in problems[:40]:
            print(p)
        if problems:
            status = 1
            print(f"{path}: {len(problems)} problems")
        else:
            print(f"{path}: {n} items OK (pyslet reads them; shapes as text2qti writes them)")
    return status


if __name__ == "__main__":
    sys.exit(main())
