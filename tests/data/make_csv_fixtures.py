#!/usr/bin/python3
"""Writes the small CSV fixtures the reader tests use, with Python's csv module
as a real producer (dialect "excel": QUOTE_MINIMAL, CRLF line ends), and a
UTF-8 BOM as Excel's "CSV UTF-8" export writes. All names are synthetic.

Run from anywhere: /usr/bin/python3 tests/data/make_csv_fixtures.py
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))

ROWS = [
    ["Surname", "Forename", "Rank", "Collar", "Notes"],
    ["Ní Bhriain", "Aoife", "Sgt", "4417", "Team lead, North"],
    ["O'Neill", "Ciarán", "Insp.", "", 'Said "no comment"'],
    ["Adeyemi-Walsh", "Tomasz", "PC", "2231", "Line one\nline two"],
    ["Kowalczyk", "Saoirse", "Chief Inspector", "0007", "  padded  "],
]


def main():
    path = os.path.join(HERE, "excel_export.csv")
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, dialect="excel", quoting=csv.QUOTE_MINIMAL)
        writer.writerows(ROWS)
    print("wrote", path)


if __name__ == "__main__":
    main()
