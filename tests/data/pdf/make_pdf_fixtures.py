#!/usr/bin/python3
"""Writes the PDF fixtures of tests/formats_pdf_test.cpp next to this script.

Real producers: reportlab draws the pages (text, boxes drawn over text, white
and invisible text, annotations, form fields, bookmarks, images, encryption);
qpdf attaches files; incremental updates (an edit that "removes" a line, an
unapplied Redact annotation, XMP metadata) are appended byte by byte the way PDF
editors save them; LibreOffice exports a Word file (only when soffice is
installed: the committed copy stays otherwise). Every person is invented.

Deterministic (reportlab's invariant mode), so re-running rewrites the same bytes,
except libreoffice_export.pdf (LibreOffice stamps a new date and ID each export).
Afterwards pdftotext, pdfinfo, pdfdetach, pdfimages and qpdf check that each file
holds what README.md says (a hidden line really is still extractable, and so on).

    /usr/bin/python3 tests/data/pdf/make_pdf_fixtures.py [--keep-libreoffice] [--no-check]
"""

import argparse
import io
import pathlib
import re
import shutil
import subprocess
import tempfile
import zlib

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfgen import canvas

HERE = pathlib.Path(__file__).resolve().parent
A4 = (595.0, 842.0)

# The synthetic people and what each fixture does with them.
COVERED = "DS 4521 Tobias Okonkwo-Hartley, Pay No 612345, Covert Operations Unit"
PARTLY_COVERED = "PC 3310 Ewa Przybylski, Pay No 604417"          # only "604417" is under the box
BLUE_COVERED = "Sgt 287 Ifeoma Nwachukwu-Brandt, Pay No 623981"
PATH_COVERED = "Insp Caoimhe Ní Bhriain, Warrant No 55120"
CTM_COVERED = "DC 6120 Rasmus Featherstonehaugh, Pay No 631177"
HIGHLIGHTER = "PC 4410 Yusuf Abernethy-Osei, Pay No 640022"
HIGHLIGHTED_VISIBLE = "The figures below were checked by the disclosure team."
VISIBLE_CONTROL = "DS 7781 Hamish Quartey-Lindqvist, Pay No 655310"

WHITE = "PC 5502 Beatriz Oyelaran-Fitch, Pay No 611902"
MODE3 = "DS 6633 Kwabena Thorsdottir, Pay No 627745"
TINY = "Sgt 1190 Marisol Achterberg, Pay No 615530"
OFF_RIGHT = "PC 8812 Declan Szymanowski, Pay No 648861"
OFF_BELOW = "DC 9023 Ottilie Mbeki-Rourke, Pay No 603388"

INFO_CREATOR = "Westshire Police disclosure log 4.2"
TABLE_COLUMNS = (72, 190, 280, 330)
TABLE_HEADER = ("Surname", "Forename", "Rank", "Pay No")
TABLE_ROWS = [
    ("Okonkwo-Hartley", "Tobias", "DS", "612345"),
    ("Przybylski", "Ewa", "PC", "604417"),
    ("Ní Bhriain", "Caoimhe", "Insp", "655120"),
]

DEPTH = 100_000  # deep_nesting.pdf: array depth and q depth

REMOVED = "PC 2231 Marguerite Ashdown-Velasquez, Warrant No 40417"
KEPT = "The force holds no further information within the scope of your request."

NOTE = "Complaint handled by PC 3310 Ewa Przybylski, Pay No 604417"
NOTE_AUTHOR = "Imogen Varga-Holloway"
FIELD_VALUE = "Pay No 604417 Ewa Przybylski"
FREE_TEXT = "Check with Insp Caoimhe Ní Bhriain, Warrant No 55120"
FREE_TEXT_AUTHOR = "Bartholomew Achebe-Lindgren"
BOOKMARK = "Complaint against Sgt Ifeoma Nwachukwu-Brandt"
INFO_AUTHOR = "Rupert Delacroix-Amadi"
XMP_CREATOR = "Perpetua Onyango-Sinclair"

REDACTED = "DS 3371 Leopold Castellanos-Wright, Pay No 629914, Counter Terrorism"

STAFF_CSV = (
    "Surname,Forename,Rank,Pay No\r\n"
    "Okonkwo-Hartley,Tobias,DS,612345\r\n"
    "Przybylski,Ewa,PC,604417\r\n"
    "Nwachukwu-Brandt,Ifeoma,Sgt,623981\r\n"
)
NESTED_LINE = "DC 5120 Rhiannon Featherstonehaugh, Pay No 618803"
OWNER_ONLY = "PC 7004 Anselm Kowalczyk-Reyes, Pay No 636650"
LIBREOFFICE_LINE = "DC 5120 Rhiannon Featherstonehaugh, Pay No 618803, Professional Standards"
LIBREOFFICE_AUTHOR = "Griselda Oduya-Pemberton"


def new_canvas(target, **kwargs):
    return canvas.Canvas(target, pagesize=A4, invariant=1, **kwargs)


def save(name, data):
    (HERE / name).write_bytes(data)


def draw_page(c, lines, start=780, step=22, size=11):
    y = start
    for line in lines:
        c.setFont("Helvetica", size)
        c.drawString(72, y, line)
        y -= step
    return y


def visible_pdf():
    out = io.BytesIO()
    c = new_canvas(out)
    c.setAuthor(INFO_AUTHOR)
    c.setTitle("Response to FOI 2023-004512")
    c.setSubject("Freedom of Information response")
    c.setCreator(INFO_CREATOR)
    draw_page(c, [
        "Westshire Police - Freedom of Information response",
        "Your request of 3 March asked for the number of officers by rank.",
        "The figures are set out on the next page.",
    ])
    c.showPage()
    y = draw_page(c, [
        "Officers who handled the review:",
        PARTLY_COVERED,
        VISIBLE_CONTROL,
        "Officers in the unit, as held on 31 March:",
    ])
    draw_table(c, TABLE_COLUMNS, [TABLE_HEADER] + TABLE_ROWS, y)
    c.showPage()
    c.save()
    return out.getvalue()


def draw_table(c, columns, rows, y, step=16):
    """A table the way report writers draw one: each cell its own string at its column."""
    c.setFont("Helvetica", 10)
    for row in rows:
        for x, cell in zip(columns, row):
            c.drawString(x, y, cell)
        y -= step
    return y


def black_box_pdf():
    out = io.BytesIO()
    c = new_canvas(out)
    c.setFont("Helvetica", 11)
    c.drawString(72, 780, "The review was completed by the following officers.")
    # 1. The classic failed redaction: text, then a black box drawn over it.
    c.drawString(72, 750, COVERED)
    c.setFillColorRGB(0, 0, 0)
    c.rect(71, 746, c.stringWidth(COVERED, "Helvetica", 11) + 2, 14, stroke=0, fill=1)
    # 2. Only the pay number covered.
    c.drawString(72, 720, PARTLY_COVERED)
    width = c.stringWidth("PC 3310 Ewa Przybylski, Pay No ", "Helvetica", 11)
    c.rect(72 + width - 1, 716, c.stringWidth("604417", "Helvetica", 11) + 2, 14, stroke=0, fill=1)
    # 3. A dark blue box.
    c.drawString(72, 690, BLUE_COVERED)
    c.setFillColorRGB(0.05, 0.1, 0.45)
    c.rect(70, 686, 300, 14, stroke=0, fill=1)
    # 4. A box drawn as a path.
    c.setFillColorRGB(0, 0, 0)
    c.drawString(72, 660, PATH_COVERED)
    p = c.beginPath()
    p.moveTo(70, 656)
    p.lineTo(330, 656)
    p.lineTo(330, 670)
    p.lineTo(70, 670)
    p.close()
    c.drawPath(p, stroke=0, fill=1)
    # 5. A box drawn in a translated and scaled coordinate system.
    c.drawString(72, 630, CTM_COVERED)
    c.saveState()
    c.translate(70, 626)
    c.scale(2, 0.5)
    c.rect(0, 0, 160, 28, stroke=0, fill=1)  # 320 x 14 points on the page
    c.restoreState()
    # 6. The black highlighter: the box first, black text on top.
    c.rect(70, 596, 300, 14, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(72, 600, HIGHLIGHTER)
    # Controls: a light highlight under a visible line, a box over nothing,
    # and a personnel line left visible.
    c.setFillColorRGB(1, 1, 0.6)
    c.rect(70, 566, 320, 14, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(72, 570, HIGHLIGHTED_VISIBLE)
    c.rect(400, 500, 120, 20, stroke=0, fill=1)
    c.drawString(72, 540, VISIBLE_CONTROL)
    c.showPage()
    c.save()
    return out.getvalue()


def invisible_pdf():
    out = io.BytesIO()
    c = new_canvas(out)
    c.setFont("Helvetica", 11)
    c.drawString(72, 780, "Officer numbers by rank are attached.")
    c.setFillColorRGB(1, 1, 1)
    c.drawString(72, 750, WHITE)
    c.setFillColorRGB(0, 0, 0)
    c.saveState()  # the render mode is graphics state: it outlives the text object
    t = c.beginText(72, 720)
    t.setFont("Helvetica", 11)
    t.setTextRenderMode(3)
    t.textLine(MODE3)
    c.drawText(t)
    c.restoreState()
    c.setFont("Helvetica", 0.5)
    c.drawString(72, 690, TINY)
    c.setFont("Helvetica", 11)
    c.drawString(700, 660, OFF_RIGHT)
    c.drawString(72, -50, OFF_BELOW)
    c.drawString(72, 630, VISIBLE_CONTROL)
    c.showPage()
    c.save()
    return out.getvalue()


# ---- incremental updates, appended as an editor saves them

def last_startxref(data):
    return int(re.findall(rb"startxref\s+(\d+)", data)[-1])


def trailer_value(data, key):
    trailer = data[data.rindex(b"trailer"):]
    match = re.search(rb"/" + key + rb"\s+(\d+ \d+ R|\d+)", trailer)
    return match.group(1).decode()


def object_body(data, number):
    match = re.search(rb"\n%d 0 obj\s*(.*?)\s*endobj" % number, data, re.S)
    return match.group(1)


def page_object_numbers(data):
    kids = re.search(rb"/Kids \[([^\]]*)\]", data).group(1)
    return [int(n) for n in re.findall(rb"(\d+) 0 R", kids)]


def append_update(data, objects):
    """Appends `objects` ({number: bytes body}) as one incremental update."""
    size = int(trailer_value(data, b"Size"))
    root = trailer_value(data, b"Root")
    info = trailer_value(data, b"Info") if b"/Info" in data[data.rindex(b"trailer"):] else None
    prev = last_startxref(data)
    if not data.endswith(b"\n"):
        data += b"\n"
    offsets = {}
    out = bytearray(data)
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for number in sorted(objects):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    new_size = max(size, max(objects) + 1)
    out += b"trailer\n<< /Size %d /Root %s " % (new_size, root.encode())
    if info:
        out += b"/Info %s " % info.encode()
    out += b"/Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (prev, xref_at)
    return bytes(out)


def stream_object(content, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def incremental_pdf():
    out = io.BytesIO()
    c = new_canvas(out, pageCompression=0)
    draw_page(c, ["Westshire Police - review of complaint 2023/118", REMOVED, KEPT])
    c.showPage()
    c.save()
    data = out.getvalue()
    page = page_object_numbers(data)[0]
    body = object_body(data, page)
    size = int(trailer_value(data, b"Size"))
    content = (b"BT /F1 11 Tf 72 780 Td (Westshire Police - review of complaint 2023/118) Tj ET\n"
               b"BT /F1 11 Tf 72 736 Td (" + KEPT.encode() + b") Tj ET")
    new_page = re.sub(rb"/Contents \d+ 0 R", b"/Contents %d 0 R" % size, body)
    return append_update(data, {page: new_page, size: stream_object(content)})


def redact_annot_pdf():
    out = io.BytesIO()
    c = new_canvas(out, pageCompression=0)
    draw_page(c, ["Officer in the case:", REDACTED, "End of the record."])
    c.showPage()
    c.save()
    data = out.getvalue()
    page = page_object_numbers(data)[0]
    body = object_body(data, page)
    annot = int(trailer_value(data, b"Size"))
    # The marked line: baseline 758, 11 pt Helvetica.
    width = c.stringWidth(REDACTED, "Helvetica", 11)
    x1, y1, x2, y2 = 70, 754, 72 + width + 2, 769
    redact = (b"<< /Type /Annot /Subtype /Redact /Rect [%d %d %d %d] "
              b"/QuadPoints [%d %d %d %d %d %d %d %d] /IC [0 0 0] /OverlayText (REDACTED) "
              b"/T (Disclosure Officer) /Contents (Remove the officer's name before release) >>"
              % (x1, y1, x2, y2, x1, y2, x2, y2, x1, y1, x2, y1))
    new_page = body[:body.rindex(b">>")] + b" /Annots [%d 0 R] >>" % annot
    return append_update(data, {page: new_page, annot: redact})


def annotations_pdf():
    out = io.BytesIO()
    c = new_canvas(out, pageCompression=0)
    c.setAuthor(INFO_AUTHOR)
    c.setTitle("Complaint outcome letter")
    c.bookmarkPage("p1")
    c.addOutlineEntry(BOOKMARK, "p1", level=0)
    c.showOutline()
    draw_page(c, ["Complaint outcome letter", "The complaint has been resolved."])
    c.textAnnotation(NOTE, Rect=(400, 700, 420, 720), addtopage=1, T=PDFString(NOTE_AUTHOR))
    c.freeTextAnnotation(FREE_TEXT, PDFString("/Helv 10 Tf 0 g"), Rect=(72, 640, 420, 660), addtopage=1,
                         T=PDFString(FREE_TEXT_AUTHOR))
    c.acroForm.textfield(name="officer", tooltip="Officer", value=FIELD_VALUE, x=72, y=600,
                         width=300, height=18, fontSize=10)
    c.showPage()
    c.save()
    data = out.getvalue()
    xmp = ("<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
           "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
           "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
           "<dc:creator><rdf:Seq><rdf:li>" + XMP_CREATOR + "</rdf:li></rdf:Seq></dc:creator>"
           "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>").encode()
    root = int(trailer_value(data, b"Root").split()[0])
    catalog = object_body(data, root)
    metadata = int(trailer_value(data, b"Size"))
    new_catalog = catalog[:catalog.rindex(b">>")] + b" /Metadata %d 0 R >>" % metadata
    return append_update(data, {root: new_catalog,
                                metadata: stream_object(xmp, b"/Type /Metadata /Subtype /XML ")})


def attachment_pdf(tmp):
    inner = io.BytesIO()
    c = new_canvas(inner)
    draw_page(c, ["Attached statement", NESTED_LINE])
    c.showPage()
    c.save()
    cover = io.BytesIO()
    c = new_canvas(cover)
    draw_page(c, ["Response to FOI 2023-005120", "The requested figures are attached."])
    c.showPage()
    c.save()
    (tmp / "cover.pdf").write_bytes(cover.getvalue())
    (tmp / "staff.csv").write_text(STAFF_CSV, newline="")
    (tmp / "statement.pdf").write_bytes(inner.getvalue())
    subprocess.run(["qpdf", "--deterministic-id", str(tmp / "cover.pdf"),
                    "--add-attachment", str(tmp / "staff.csv"), "--mimetype=text/csv",
                    "--creationdate=D:20230808000000Z", "--moddate=D:20230808000000Z", "--",
                    "--add-attachment", str(tmp / "statement.pdf"), "--mimetype=application/pdf",
                    "--creationdate=D:20230808000000Z", "--moddate=D:20230808000000Z", "--",
                    str(tmp / "attachment.pdf")], check=True)
    return (tmp / "attachment.pdf").read_bytes()


def scanned_pdf():
    from PIL import Image  # python3-pil, a dependency of python3-reportlab
    from reportlab.lib.utils import ImageReader
    out = io.BytesIO()
    c = new_canvas(out)
    draw_page(c, ["Page 2 is a scanned copy of the signed statement."])
    c.showPage()
    image = Image.new("L", (200, 280), 200)
    for x in range(20, 180):
        image.putpixel((x, 40), 0)
    c.drawImage(ImageReader(image), 40, 40, width=515, height=760)
    c.showPage()
    c.save()
    return out.getvalue()


def encrypted_pdf(user_password):
    out = io.BytesIO()
    c = new_canvas(out, encrypt=StandardEncryption(user_password, ownerPassword="owner-secret",
                                                   canPrint=0, canModify=0, canCopy=0))
    draw_page(c, ["Restricted: officers in the case", OWNER_ONLY])
    c.showPage()
    c.save()
    return out.getvalue()


def hostile_pdfs(visible):
    save("truncated.pdf", visible[: len(visible) * 6 // 10])
    save("not_really.pdf", b"%PDF-1.7\n" + bytes((i * 37 + 11) % 256 for i in range(4096)))
    save("deep_nesting.pdf", deep_nesting_pdf(DEPTH))
    save("bad_length.pdf", minimal_pdf(b"BT /F1 11 Tf 72 700 Td (length) Tj ET", length=2000000000))
    save("xref_loop.pdf", minimal_pdf(b"BT /F1 11 Tf 72 700 Td (loop) Tj ET", prev_self=True))


def minimal_pdf(content, length=None, prev_self=False):
    """A one-page PDF written by hand, to break in one chosen way."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % (len(content) if length is None else length) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1)
    if prev_self:
        out += b"/Prev %d " % xref_at
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def deep_nesting_pdf(depth):
    """A page dictionary holding an array nested `depth` deep, and `depth` nested q in its content.

    Compressed (Flate content stream; the dictionaries in a Flate object stream
    with a cross-reference stream, PDF 1.5) so that 2 x 200 KB of brackets and
    operators commit as a few hundred bytes.
    """
    content = b"q " * depth + b"BT /F1 11 Tf 72 700 Td (deep) Tj ET " + b"Q " * depth
    in_object_stream = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> /Deep " + b"[" * depth + b"]" * depth + b" >>",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    header, bodies = bytearray(), bytearray()
    for number, body in in_object_stream.items():
        header += b"%d %d " % (number, len(bodies))
        bodies += body + b"\n"
    packed = zlib.compress(bytes(header) + bytes(bodies), 9)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    offsets[4] = len(out)
    out += b"4 0 obj\n" + stream_object(zlib.compress(content, 9), b"/Filter /FlateDecode ") + b"\nendobj\n"
    offsets[6] = len(out)
    out += (b"6 0 obj\n" + stream_object(packed, b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode "
                                        % (len(in_object_stream), len(header))) + b"\nendobj\n")
    offsets[7] = len(out)
    rows = bytearray(b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big"))
    for number in range(1, 8):
        if number in offsets:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big")
        else:
            index = list(in_object_stream).index(number)
            rows += b"\x02" + (6).to_bytes(4, "big") + index.to_bytes(2, "big")
    out += (b"7 0 obj\n" + stream_object(bytes(rows), b"/Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R ")
            + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[7])
    return bytes(out)


def libreoffice_pdf(tmp):
    if shutil.which("soffice") is None:
        print("soffice not found: libreoffice_export.pdf kept as committed")
        return
    import docx  # python3-docx
    document = docx.Document()
    document.core_properties.author = LIBREOFFICE_AUTHOR
    document.core_properties.title = "Professional standards referral"
    document.add_paragraph("Westshire Police - professional standards referral")
    document.add_paragraph(LIBREOFFICE_LINE)
    document.save(tmp / "libreoffice_export.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp),
                    str(tmp / "libreoffice_export.docx")], check=True, capture_output=True)
    shutil.copy(tmp / "libreoffice_export.pdf", HERE / "libreoffice_export.pdf")


# ---- what poppler-utils and qpdf say about each file (run after writing)

def tool(*args, stdin=None):
    """Runs a poppler-utils or qpdf command with a 10 s limit: (exit code, stdout, stderr)."""
    try:
        done = subprocess.run(list(args), input=stdin, capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return 124, b"", b"timed out"
    return done.returncode, done.stdout, done.stderr


def text_of(name, *options):
    code, out, err = tool("pdftotext", "-layout", *options, str(HERE / name), "-")
    assert code == 0, (name, err)
    return " ".join(out.decode().split())  # layout spacing collapsed


def expect(condition, what):
    if not condition:
        raise SystemExit("fixture check failed: " + what)


def qpdf_strings(name):
    """Every string object of the file, decoded by qpdf (annotation contents, field values, titles)."""
    code, out, err = tool("qpdf", "--json", "--json-key=qpdf", str(HERE / name))
    expect(code in (0, 3), "qpdf --json %s: %s" % (name, err))
    return out.decode()


def raw_content(name):
    """The file with every stream decompressed: content operators become greppable."""
    code, out, _ = tool("qpdf", "--qdf", "--object-streams=disable", str(HERE / name), "-")
    expect(code in (0, 3), "qpdf --qdf " + name)
    return out.decode("latin-1")


def check_fixtures():
    if not (shutil.which("pdftotext") and shutil.which("qpdf")):
        print("poppler-utils or qpdf missing: fixtures not checked")
        return
    for name in ("visible.pdf", "black_box.pdf", "invisible.pdf", "incremental.pdf", "redact_annot.pdf",
                 "annotations.pdf", "attachment.pdf", "scanned.pdf", "encrypted_owner_only.pdf",
                 "libreoffice_export.pdf"):
        code, out, err = tool("qpdf", "--check", str(HERE / name))
        expect(code == 0 and b"No syntax or stream encoding errors" in out, "qpdf --check %s: %s" % (name, err))

    page2 = text_of("visible.pdf", "-f", "2", "-l", "2")
    for line in [PARTLY_COVERED, VISIBLE_CONTROL] + [" ".join(row) for row in [TABLE_HEADER] + TABLE_ROWS]:
        expect(line in page2, "visible.pdf page 2 shows " + line)
    info = tool("pdfinfo", str(HERE / "visible.pdf"))[1].decode()
    for value in (INFO_AUTHOR, INFO_CREATOR, "Response to FOI 2023-004512", "Pages:           2"):
        expect(value in info, "visible.pdf info has " + value)

    # pdftotext prints every line a box "redacts": the leak this project exists to catch.
    shown = text_of("black_box.pdf")
    for line in (COVERED, PARTLY_COVERED, BLUE_COVERED, PATH_COVERED, CTM_COVERED, HIGHLIGHTER,
                 HIGHLIGHTED_VISIBLE, VISIBLE_CONTROL):
        expect(line in shown, "pdftotext shows black_box.pdf line " + line)

    # Text outside the crop box is dropped by pdftotext, but is in the content stream.
    shown = text_of("invisible.pdf")
    for line in (WHITE, MODE3, TINY, VISIBLE_CONTROL):
        expect(line in shown, "pdftotext shows invisible.pdf line " + line)
    for line in (OFF_RIGHT, OFF_BELOW):
        expect(line not in shown, "pdftotext drops off-page " + line)
        expect("(%s) Tj" % line in raw_content("invisible.pdf"), "invisible.pdf content holds " + line)

    # The latest revision drops the officer; the file cut after its first %%EOF is revision 1 and shows him.
    data = (HERE / "incremental.pdf").read_bytes()
    expect(data.count(b"%%EOF") == 2, "incremental.pdf has two revisions")
    expect(REMOVED not in text_of("incremental.pdf") and KEPT in text_of("incremental.pdf"),
           "incremental.pdf's last revision drops the officer only")
    with tempfile.TemporaryDirectory() as name:
        first = pathlib.Path(name) / "revision1.pdf"
        first.write_bytes(data[: data.index(b"%%EOF") + len(b"%%EOF\n")])
        code, out, _ = tool("qpdf", "--check", str(first))
        expect(code == 0, "incremental.pdf revision 1 passes qpdf --check")
        code, out, _ = tool("pdftotext", str(first), "-")
        expect(REMOVED in out.decode(), "revision 1 shows " + REMOVED)

    expect(REDACTED in text_of("redact_annot.pdf"), "pdftotext shows the line under the Redact annotation")
    strings = qpdf_strings("redact_annot.pdf")
    expect("/Redact" in strings and "REDACTED" in strings, "redact_annot.pdf holds an unapplied /Redact")

    strings = qpdf_strings("annotations.pdf")
    for value in (NOTE, NOTE_AUTHOR, FREE_TEXT, FREE_TEXT_AUTHOR, FIELD_VALUE, BOOKMARK, INFO_AUTHOR,
                  "/FreeText", "/Text"):
        expect(value in strings, "annotations.pdf holds " + value)
    code, out, _ = tool("pdfinfo", "-meta", str(HERE / "annotations.pdf"))
    expect(XMP_CREATOR in out.decode(), "annotations.pdf XMP names " + XMP_CREATOR)
    expect(FIELD_VALUE in text_of("annotations.pdf"), "poppler draws the field value")

    code, out, _ = tool("pdfdetach", "-list", str(HERE / "attachment.pdf"))
    expect(b"2 embedded files" in out and b"staff.csv" in out and b"statement.pdf" in out,
           "pdfdetach lists both attachments")
    with tempfile.TemporaryDirectory() as name:
        tool("pdfdetach", "-saveall", "-o", name, str(HERE / "attachment.pdf"))
        expect((pathlib.Path(name) / "staff.csv").read_bytes() == STAFF_CSV.encode(), "staff.csv round-trips")
        code, out, _ = tool("pdftotext", str(pathlib.Path(name) / "statement.pdf"), "-")
        expect(NESTED_LINE in out.decode(), "statement.pdf shows " + NESTED_LINE)

    expect(text_of("scanned.pdf", "-f", "2", "-l", "2") == "", "scanned.pdf page 2 has no text")
    code, out, _ = tool("pdfimages", "-list", str(HERE / "scanned.pdf"))
    expect(len(out.splitlines()) == 3 and out.splitlines()[2].split()[0] == b"2", "one image, on page 2")

    code, _, err = tool("pdftotext", str(HERE / "encrypted_user.pdf"), "-")
    expect(code != 0 and b"Incorrect password" in err, "encrypted_user.pdf needs its password")
    code, out, _ = tool("pdftotext", "-upw", "secret", str(HERE / "encrypted_user.pdf"), "-")
    expect(OWNER_ONLY in out.decode(), "encrypted_user.pdf opens with 'secret'")
    expect(OWNER_ONLY in text_of("encrypted_owner_only.pdf"), "encrypted_owner_only.pdf opens without one")

    expect(LIBREOFFICE_LINE.rsplit(" ", 1)[0] in text_of("libreoffice_export.pdf"), "LibreOffice line")
    info = tool("pdfinfo", str(HERE / "libreoffice_export.pdf"))[1].decode()
    expect(LIBREOFFICE_AUTHOR in info, "libreoffice_export.pdf author")

    # Hostile files: errors are fine, a crash (signal) or a hang (timeout) is not.
    print("%-18s %-6s %-9s %s" % ("hostile file", "qpdf", "pdftotext", "text"))
    for name in HOSTILE:
        checked, _, _ = tool("qpdf", "--check", str(HERE / name))
        code, out, _ = tool("pdftotext", str(HERE / name), "-")
        expect(0 <= code < 100 and 0 <= checked < 100, "%s: no crash, no hang" % name)
        print("%-18s %-6d %-9d %r" % (name, checked, code, out.decode().strip()))
    total = sum(path.stat().st_size for path in HERE.glob("*.pdf"))
    expect(total < 200_000, "fixtures stay small (%d bytes)" % total)
    print("all fixtures checked: %d PDFs, %d bytes" % (len(list(HERE.glob("*.pdf"))), total))


HOSTILE = ("truncated.pdf", "not_really.pdf", "deep_nesting.pdf", "bad_length.pdf", "xref_loop.pdf")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep-libreoffice", action="store_true",
                        help="leave the committed libreoffice_export.pdf (its bytes change on every export)")
    parser.add_argument("--no-check", action="store_true", help="skip the pdftotext/qpdf checks")
    arguments = parser.parse_args()
    visible = visible_pdf()
    save("visible.pdf", visible)
    save("black_box.pdf", black_box_pdf())
    save("invisible.pdf", invisible_pdf())
    save("incremental.pdf", incremental_pdf())
    save("redact_annot.pdf", redact_annot_pdf())
    save("annotations.pdf", annotations_pdf())
    save("scanned.pdf", scanned_pdf())
    save("encrypted_user.pdf", encrypted_pdf("secret"))
    save("encrypted_owner_only.pdf", encrypted_pdf(""))
    hostile_pdfs(visible)
    with tempfile.TemporaryDirectory() as name:
        tmp = pathlib.Path(name)
        save("attachment.pdf", attachment_pdf(tmp))
        if not arguments.keep_libreoffice:
            libreoffice_pdf(tmp)
    if not arguments.no_check:
        check_fixtures()


if __name__ == "__main__":
    main()
