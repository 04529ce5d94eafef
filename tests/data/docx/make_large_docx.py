#!/usr/bin/python3
"""Writes a long letter-like DOCX for the benchmarks (not committed).

    /usr/bin/python3 tests/data/docx/make_large_docx.py OUT.docx [PAGES]   # PAGES defaults to 500

Each page is a page break, now and then a heading, and about seven paragraphs
of prose about FOI handling (some naming an officer with rank and pay number);
every fifth page has a table of eight officers (Officer, Rank, Pay No, Unit);
about one paragraph in fifteen carries a tracked deletion or insertion.
python-docx (Debian's python3-docx) writes it; the tracked changes are added
as WordprocessingML. Deterministic for a given PAGES. All names are invented
(the staff list of ../xlsx/generate.py). 500 pages take about 5 s and make a
150 KB file whose word/document.xml is 3.2 MB.
"""
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the fixtures

import os
import random

from docx.shared import Pt

import generate as fixtures  # this folder's fixture generator: its XML helpers

SIZE = Pt(11)

staff = fixtures.xlsx_generate.staff_row

SENTENCES = [
    "The request was received on {date} and acknowledged the same day.",
    "We have searched the records held by the Freedom of Information Unit.",
    "Some of the information you asked for is exempt under section 40(2) of the Act.",
    "The figures below are correct at the end of the reporting period.",
    "Where a category holds fewer than five officers the number is withheld.",
    "The search covered the duty management system and the HR database.",
    "You may ask for an internal review within 40 working days of this letter.",
    "If you are not satisfied you may complain to the Information Commissioner.",
    "The cost of locating the remaining information would exceed the appropriate limit.",
    "Neither confirm nor deny applies to the part of the request about covert units.",
    "The information was supplied by {rank} {surname}, pay number {pay}.",
    "The case file was reviewed by {rank} {surname} of {unit}.",
    "A copy of the policy is published on the force web site.",
    "Overtime claims are recorded per shift and summarised monthly.",
]
DATES = ["3 July 2023", "14 August 2023", "29 September 2023", "2 October 2023"]


def sentence(rng, i):
    surname, _, rank, pay, unit = staff(i)
    return rng.choice(SENTENCES).format(date=rng.choice(DATES), rank=rank, surname=surname, pay=pay, unit=unit)


def prose(doc, rng, i):
    """A paragraph of sentences, one run each with its own properties, as Word's
    editing leaves them (python-docx alone would write one bare run)."""
    p = doc.add_paragraph()
    for k in range(rng.randint(3, 5)):
        run = p.add_run(sentence(rng, i + k) + " ")
        run.font.name = "Arial"
        run.font.size = SIZE
    return p


def tracked_change(rng, paragraph, change_id, i):
    surname, _, rank, pay, _ = staff(i)
    if rng.random() < 0.5:
        inner = fixtures.run_xml(f" (previously handled by {rank} {surname}, pay number {pay})", "delText")
        xml = fixtures.tracked("del", change_id, "Jones, Mark", inner)
    else:
        xml = fixtures.tracked("ins", change_id, "Okafor, Tunde", fixtures.run_xml(" This was confirmed in writing."))
    fixtures.append_xml(paragraph, xml)


def officer_table(doc, first):
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Officer", "Rank", "Pay No", "Unit"]):
        cell.text = text
    for i in range(first, first + 8):
        surname, initial, rank, pay, unit = staff(i)
        for cell, text in zip(table.add_row().cells, [f"{initial} {surname}", rank, str(pay), unit]):
            cell.text = text


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    out, pages = argv[1], int(argv[2]) if len(argv) == 3 else 500
    rng = random.Random(118)
    doc = fixtures.new_document()
    doc.add_paragraph("Freedom of Information request 2023/118", style="Heading 1")
    person, change = 0, 0
    for page in range(pages):
        if page:
            doc.add_page_break()
        if page % 10 == 0:
            doc.add_paragraph(f"Part {page // 10 + 1}", style="Heading 2")
        for _ in range(7):
            p = prose(doc, rng, person)
            person += 1
            if rng.random() < 1 / 15:
                change += 1
                tracked_change(rng, p, change, person)
        if page % 5 == 4:
            officer_table(doc, person)
            person += 8
    doc.save(out)
    print(f"wrote {out} ({pages} pages, {os.path.getsize(out)} bytes)")


if __name__ == "__main__":
    main(sys.argv)
