#!/usr/bin/python3
"""Email reader fixtures, written with Python's standard email package
(email.message.EmailMessage, email.policy), a real MIME producer.

Run: /usr/bin/python3 tests/data/eml/generate.py   (writes next to this script)
Reruns give identical bytes: dates, Message-IDs and MIME boundaries are fixed.
All names, addresses and pay numbers are invented.
"""
import base64
import datetime
import os
import struct
import zlib
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

HERE = os.path.dirname(os.path.abspath(__file__))
DOMAIN = "synthetic-constabulary.example"
DATE = format_datetime(datetime.datetime(2023, 8, 8, 9, 30, tzinfo=datetime.timezone.utc))

STAFF_CSV = (
    "Surname,Initial,Rank,Pay No,Unit\n"
    "Okonkwo,B,DS,455902,Covert Operations\n"
    "Pryce-Jones,E,Sergeant,389416,Response\n"
    "Hallworth-Chaudhry,L,Inspector,498127,Roads Policing\n"
)
ROTA_CSV = (
    "Surname,Rank,Pay No,Shift\n"
    "Castellan,DC,840954,Early\n"
    "Draycott-Osei,Sergeant,889225,Late\n"
)


def address(name, user):
    return f'"{name}" <{user}@{DOMAIN}>'


def base_headers(msg, subject, message_id, **extra):
    msg["From"] = address("Siobhán Ní Bhraonáin", "s.nibhraonain")
    msg["To"] = ", ".join([address("DS Okonkwo", "b.okonkwo"), address("Pryce-Jones, Emma", "e.pryce-jones")])
    for name, value in extra.items():
        msg[name.replace("_", "-")] = value
    msg["Subject"] = subject
    msg["Date"] = DATE
    msg["Message-ID"] = f"<{message_id}@{DOMAIN}>"


def tiny_png():
    """A 1x1 white PNG: an inline image without a file name."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def write(name, msg, linesep="\n"):
    data = msg.as_bytes(policy=policy.default.clone(linesep=linesep))
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    print(f"{name}: {len(data)} bytes")


def letter():
    """One text/plain part in ISO-8859-1, quoted-printable; every address header."""
    msg = EmailMessage()
    base_headers(msg, "FOI 2023/118 – response for Ní Bhriain", "letter-118",
                 Cc=address("Sgt Hallworth-Chaudhry", "l.hallworth-chaudhry"),
                 Bcc=f"records@{DOMAIN}",
                 Reply_To=address("FOI Unit", "foi"),
                 Sender=address("Marlowe-Baptiste, Dana", "d.marlowe-baptiste"))
    msg.set_content(
        "Dear colleagues,\n"
        "\n"
        "The request was handled by DS Adeyemi-Walsh, pay number 612345.\n"
        "Figures checked by Sgt Ní Bhriain.\n"
        "\n"
        "Regards,\n"
        "FOI Unit\n",
        charset="iso-8859-1", cte="quoted-printable")
    write("letter.eml", msg)


def with_attachments():
    """multipart/mixed: a plain + HTML alternative body, a CSV, an XLSX and an unnamed PNG. CRLF."""
    msg = EmailMessage()
    base_headers(msg, "Staff list", "staff-119")
    msg.set_content("Please find the staff list attached.\n")
    msg.add_alternative(
        "<html><body><p>Please find the staff list attached.</p>"
        "<p style=\"display:none\">PC Okafor, pay number 612346</p></body></html>\n",
        subtype="html")
    msg.add_attachment(STAFF_CSV.encode(), maintype="text", subtype="csv", filename="staff.csv")
    with open(os.path.join(HERE, "..", "xlsx", "hidden_sheet.xlsx"), "rb") as f:
        msg.add_attachment(f.read(), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           filename="staff.xlsx")
    msg.add_attachment(tiny_png(), maintype="image", subtype="png", disposition="inline")
    msg.set_boundary("==mixed-119==")
    msg.get_payload(0).set_boundary("==alternative-119==")
    write("attachments.eml", msg, linesep="\r\n")


def forwarded():
    """A message forwarded as a message/rfc822 attachment, itself holding a CSV."""
    inner = EmailMessage()
    base_headers(inner, "Weekend rota", "rota-77")
    inner.set_content("Rota below. Cover from PC Okafor, pay number 612347.\n")
    inner.add_attachment(ROTA_CSV.encode(), maintype="text", subtype="csv", filename="rota.csv")
    inner.set_boundary("==inner-77==")
    outer = EmailMessage()
    base_headers(outer, "Fwd: Weekend rota", "fwd-78")
    outer.set_content("FYI, forwarded below.\n")
    outer.add_attachment(inner)
    outer.set_boundary("==outer-78==")
    write("forwarded.eml", outer)


def secured():
    """A signed text part (read), a PGP/MIME encrypted part and an S/MIME enveloped part (not readable)."""
    signed = EmailMessage()
    signed["Content-Type"] = 'multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"'
    text = EmailMessage()
    text.set_content("Signed note: duty officer is Sgt Pryce-Jones.\n")
    signature = EmailMessage()
    signature.set_content(b"-----BEGIN PGP SIGNATURE-----\n\nc3ludGhldGlj\n-----END PGP SIGNATURE-----\n",
                          maintype="application", subtype="pgp-signature", cte="7bit", filename="signature.asc")
    signed.attach(text)
    signed.attach(signature)
    signed.set_boundary("==signed-80==")

    encrypted = EmailMessage()
    encrypted["Content-Type"] = 'multipart/encrypted; protocol="application/pgp-encrypted"'
    control = EmailMessage()
    control.set_content(b"Version: 1\n", maintype="application", subtype="pgp-encrypted", cte="7bit")
    armored = EmailMessage()
    armored.set_content(b"-----BEGIN PGP MESSAGE-----\n\nhQEMA3N5bnRoZXRpYw==\n-----END PGP MESSAGE-----\n",
                        maintype="application", subtype="octet-stream", cte="7bit",
                        disposition="inline", filename="encrypted.asc")
    encrypted.attach(control)
    encrypted.attach(armored)
    encrypted.set_boundary("==encrypted-80==")

    msg = EmailMessage()
    base_headers(msg, "Secured copies", "secured-80")
    msg.make_mixed()
    msg.attach(signed)
    msg.attach(encrypted)
    msg.add_attachment(base64.b64decode("MIAGCSqGSIb3DQEHA6CAMIACAQAxggE="), maintype="application",
                       subtype="pkcs7-mime", params={"smime-type": "enveloped-data"}, filename="smime.p7m")
    msg.set_boundary("==mixed-80==")
    write("encrypted.eml", msg)


if __name__ == "__main__":
    letter()
    with_attachments()
    forwarded()
    secured()
