#!/usr/bin/python3
"""Writes the policy round-trip fixture: a reply letter made by python-docx
(Debian's python3-docx 0.8.11) that names the (invented) Chief Constable of
the (invented) Synthetic Constabulary beside her rank, and gives a duty
officer's mobile number. Every name and number here is invented; the mobile
number is in Ofcom's drama range (07700 900xxx).

Output is deterministic: fixed document dates, zip members dated 1980-01-01.

    /usr/bin/python3 tests/data/policy/generate.py           # write the fixture
    /usr/bin/python3 tests/data/policy/generate.py --check   # reopen it and compare
"""
import sys

sys.dont_write_bytecode = True

import datetime
import io
import os
import zipfile

import docx

HERE = os.path.dirname(os.path.abspath(__file__))
LETTER = os.path.join(HERE, "chief_constable_letter.docx")

PARAGRAPHS = [
    "Dear Requester,",
    "Your request about the force's vehicle fleet was reviewed by Chief Constable "
    "Adaeze Whitfield-Moreau, who approved this response.",
    "Out of hours, the duty inspector can be reached on mobile 07700 900461.",
    "Yours faithfully,",
    "Freedom of Information Unit",
]


def letter_bytes():
    document = docx.Document()
    core = document.core_properties
    core.author = "foiguard fixture generator"
    core.last_modified_by = "foiguard fixture generator"
    core.created = core.modified = datetime.datetime(2024, 3, 4, 9, 30, 0)
    core.revision = 1
    document.add_heading("Freedom of Information request 2024/0412", level=1)
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    raw = io.BytesIO()
    document.save(raw)
    return deterministic(raw.getvalue())


def deterministic(data):
    """Rewrites the zip with every member dated 1980-01-01, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def check():
    with open(LETTER, "rb") as f:
        stored = f.read()
    if stored != letter_bytes():
        sys.exit(f"{LETTER} differs from what generate.py writes: run it again")
    text = [p.text for p in docx.Document(LETTER).paragraphs]
    assert text[1:] == PARAGRAPHS, text
    print(f"ok: {os.path.basename(LETTER)}")


def main():
    if "--check" in sys.argv[1:]:
        check()
        return
    with open(LETTER, "wb") as f:
        f.write(letter_bytes())
    print(f"wrote {LETTER}")


if __name__ == "__main__":
    main()
