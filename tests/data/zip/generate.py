#!/usr/bin/python3
"""Writes the archive fixtures of tests/formats_archive_test.cpp (see README.md).

Python's zipfile is the producer (as for most zips made by scripts and
servers). Members are dated 1980-01-01 so reruns give identical bytes. All
names and numbers are invented.
"""
import io
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
XLSX = os.path.join(HERE, "..", "xlsx", "hidden_sheet.xlsx")
EPOCH = (1980, 1, 1, 0, 0, 0)

STAFF_CSV = (
    "Surname,Initial,Rank,Pay No,Unit\r\n"
    "Adeyemi-Walsh,A,PC,412873,Counter Terrorism Policing\r\n"
    "Ni Bhriain,D,DC,377120,Neighbourhood Policing\r\n"
    "Hallworth-Chaudhry,L,Sergeant,498127,Response\r\n"
)
LETTER = (
    "Dear requester,\n"
    "\n"
    "Your request was handled by DS Okonkwo, pay number 455902, of the Disclosure Unit.\n"
    "Yours faithfully\n"
)
ROSTER = "Night shift: PC Pryce-Jones 389416 and Sgt Marlowe-Baptiste 512337.\n"
CLEAN = "This archive holds the documents released under FOI 2023/118.\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def zip_bytes(members):
    """members: list of (name, bytes or str); a name ending in '/' is a folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, EPOCH)
            info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def mixed():
    with open(XLSX, "rb") as f:
        workbook = f.read()
    inner = zip_bytes([("deep/roster.txt", ROSTER)])
    return zip_bytes([
        ("readme.txt", CLEAN),
        ("tables/", b""),
        ("tables/staff.csv", STAFF_CSV),
        ("letters/reply.txt", LETTER),
        ("workbooks/hidden_sheet.xlsx", workbook),
        ("inner.zip", inner),
        ("photo.png", PNG),
    ])


def traversal():
    import warnings
    warnings.simplefilter("ignore")  # zipfile warns on the duplicate name, which is the point
    return zip_bytes([
        ("../../etc/cron.d/evil.txt", CLEAN),
        ("/abs/path.txt", CLEAN),
        ("dup.txt", CLEAN),
        ("dup.txt", LETTER),
    ])


def deep(levels):
    data = zip_bytes([("bottom.txt", LETTER)])
    for level in range(levels, 0, -1):
        data = zip_bytes([("level%d.zip" % level, data)])
    return data


def encrypted():
    """A member flagged as encrypted (general purpose bit 0), as a
    password-protected zip marks it; the rest of the archive is plain."""
    data = bytearray(zip_bytes([("secret.txt", LETTER), ("open.txt", CLEAN)]))
    # local header of the first member: flags at offset 6
    assert data[0:4] == b"PK\x03\x04"
    struct.pack_into("<H", data, 6, struct.unpack_from("<H", data, 6)[0] | 1)
    # its central directory header: flags at offset 8
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 8, struct.unpack_from("<H", data, central + 8)[0] | 1)
    return bytes(data)


if __name__ == "__main__":
    write("mixed.zip", mixed())
    write("traversal.zip", traversal())
    write("deep.zip", deep(7))
    write("encrypted.zip", encrypted())
