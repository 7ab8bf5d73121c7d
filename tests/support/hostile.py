"""Hostile files for upload tests and the fuzz harness: broken PDFs, odd encodings, odd names."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject


def text_pdf(text: str, title: object = None, pages: int = 1) -> bytes:
    """A PDF whose pages carry `text` (Helvetica), with an optional /Title of any PDF type."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"3 0 R" for _ in range(pages))
        + b"] /Count "
        + str(pages).encode()
        + b" >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    info = None
    if title is not None:
        objects.append(b"<< /Title " + str(title).encode() + b" >>")
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zero_page_pdf() -> bytes:
    writer = PdfWriter()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def claimed_pages_pdf(count: int) -> bytes:
    """A small PDF whose page tree claims `count` pages (one page object repeated)."""
    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    pages = writer._root_object["/Pages"]
    kids = ArrayObject([page.indirect_reference] * count)
    pages[NameObject("/Kids")] = kids
    pages[NameObject("/Count")] = NumberObject(count)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def odd_title_pdf() -> bytes:
    """/Title is a dictionary, not a string (pypdf used to hand it over as the title)."""
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer._info.get_object()[NameObject("/Title")] = DictionaryObject({NameObject("/X"): TextStringObject("y")})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
