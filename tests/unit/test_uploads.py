"""Uploads as a sender (or an attacker) meets them: what is kept, what is refused, and where."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from pb import uploads
from pb.errors import DomainError
from pb.execution.services import JOURNAL_PHOTOS, RECEIPTS
from pb.projects.photos import PHOTOS

GPS_IFD, ORIENTATION, MAKE, SERIAL = 0x8825, 0x0112, 0x010F, 0xA431


def _picture(fmt: str, size: tuple[int, int] = (400, 300), mode: str = "RGB", **params) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, 200 if mode == "1" else (200, 120, 40)).save(buffer, fmt, **params)
    return buffer.getvalue()


def _phone_photo() -> bytes:
    """A JPEG as a phone sends it: taken sideways, with its place, camera and serial."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # turn 90° clockwise to show it upright
    exif[MAKE] = "PhoneMaker"
    exif[SERIAL] = "SN-0042-SECRET"
    exif[GPS_IFD] = {1: "N", 2: (52.0, 13.0, 47.0), 3: "E", 4: (21.0, 0.0, 42.0)}
    return _picture("JPEG", (400, 300), exif=exif,
                    xmp=b"<x:xmpmeta><home>Kwiatowa 7</home></x:xmpmeta>")


def _png_claiming(width: int, height: int) -> bytes:
    """A real 1×1 PNG whose header claims another size: a few bytes that would decode to GBs."""
    data = bytearray(_picture("PNG", (1, 1), mode="1"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def receipt_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Paragon fiskalny nr 123: farba 2 x 80,00 zł")
    page.save()
    return buffer.getvalue()


def _refusal(data: bytes, kind: uploads.Kind) -> DomainError:
    with pytest.raises(DomainError) as refused:
        uploads.store(data, kind, 7)
    return refused.value


def _files(app) -> list[Path]:
    return sorted(p for p in Path(app.instance_path).rglob("*") if p.is_file())


def test_a_phone_photo_is_kept_upright_without_its_place_camera_or_serial(app):
    sent = _phone_photo()
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(GPS_IFD)  # the fixture does leak

    stored = uploads.store(sent, PHOTOS, 7)
    kept = uploads.path_of(PHOTOS, 7, stored.name).read_bytes()

    picture = Image.open(io.BytesIO(kept))
    assert picture.format == "JPEG" and picture.size == (300, 400)  # turned upright
    assert (stored.width, stored.height, stored.byte_size) == (300, 400, len(kept))
    assert dict(picture.getexif()) == {} and "xmp" not in picture.info
    for secret in (b"PhoneMaker", b"SN-0042", b"Kwiatowa", b"Exif"):
        assert secret not in kept
    thumb = uploads.thumbnail_path(uploads.path_of(PHOTOS, 7, stored.name)).read_bytes()
    assert b"Exif" not in thumb and max(Image.open(io.BytesIO(thumb)).size) == 240


def test_a_png_called_jpg_is_taken_as_the_picture_it_is_and_shrunk(app):
    stored = uploads.store(_picture("PNG", (3200, 2400)), JOURNAL_PHOTOS, 7)
    assert (stored.width, stored.height, stored.mime_type) == (1600, 1200, "image/jpeg")
    assert stored.name.endswith(".jpg")


def test_a_large_jpeg_is_shrunk_to_its_longest_side(app):
    stored = uploads.store(_picture("JPEG", (4000, 3000)), PHOTOS, 7)
    assert (stored.width, stored.height) == (1600, 1200)
    receipt = uploads.store(_picture("WEBP", (1000, 3000)), RECEIPTS, 7)
    assert (receipt.width, receipt.height) == (667, 2000)


@pytest.mark.parametrize("data", [
    b"Kochani, w zalaczniku zdjecie placu.\n" * 50,  # a text file called plac.jpg
    _picture("GIF"),  # a picture, but not one of the accepted kinds
    _picture("PNG")[:200],  # cut off on the way
])
def test_what_is_not_a_photo_is_refused_on_its_field_with_a_message(app, data):
    error = _refusal(data, PHOTOS)
    assert error.field == "photo"
    assert str(error.message) == "Ten plik nie jest zdjęciem. Wyślij obraz JPEG, PNG lub WebP."
    journal = _refusal(data, JOURNAL_PHOTOS)
    assert journal.field == "photos" and str(journal.message) == str(error.message)
    assert _files(app) == []


@pytest.mark.parametrize("data", [
    _png_claiming(100_000, 100_000),  # ten gigapixels: Pillow itself calls it a bomb
    _png_claiming(10_000, 10_000),  # a hundred megapixels: Pillow would only warn
    _png_claiming(8_000, 6_000),  # 48 megapixels: over pb's own limit
    _picture("PNG", (8_000, 6_000), mode="1"),  # the same, drawn for real
])
def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(app, data):
    assert len(data) < 200_000
    # The forged headers carry one pixel of data: decoding them would fail as "not a photo".
    for kind in (PHOTOS, RECEIPTS):
        error = _refusal(data, kind)
        assert str(error.message) == "Zdjęcie ma zbyt wiele pikseli; wyślij mniejsze."
    assert _files(app) == []


def test_too_many_bytes_are_refused_before_anything_is_read(app):
    photo = _picture("PNG", (50, 50))
    padded = photo + b"\0" * (8 * 1024 * 1024 + 1 - len(photo))
    error = _refusal(padded, PHOTOS)
    assert (error.field, str(error.message)) == ("photo", "Zdjęcie jest za duże: najwyżej 8 MB.")

    receipt = receipt_pdf()
    padded = receipt + b" " * (10 * 1024 * 1024 + 1 - len(receipt))
    error = _refusal(padded, RECEIPTS)
    assert (error.field, str(error.message)) == (
        "receipt", "Plik paragonu jest za duży: najwyżej 10 MB.")
    assert str(_refusal(b"", PHOTOS).message) == "Wybierz zdjęcie do wysłania."
    assert _files(app) == []


def test_a_pdf_receipt_is_kept_as_it_was_sent(app):
    pdf = receipt_pdf()
    stored = uploads.store(pdf, RECEIPTS, 7)
    assert (stored.mime_type, stored.width, stored.byte_size) == ("application/pdf", None, len(pdf))
    assert uploads.path_of(RECEIPTS, 7, stored.name).read_bytes() == pdf
    pillow_pdf = _picture("PDF")
    assert uploads.store(pillow_pdf, RECEIPTS, 7).mime_type == "application/pdf"


@pytest.mark.parametrize("data", [
    b"Paragon: farba 2 x 80,00 zl\n" * 40,  # text called paragon.pdf
    b"%PDF-1.4 but never ends",
    b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",  # the frame's ends, noise inside
    b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\nstartxref\n99999\n%%EOF\n",  # points outside
    b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\nstartxref\n12\n%%EOF\n",  # points at noise
    receipt_pdf()[:-200],  # cut off on the way
])
def test_a_fake_pdf_receipt_is_refused(app, data):
    error = _refusal(data, RECEIPTS)
    assert error.field == "receipt"
    assert str(error.message) == "Paragon musi być zdjęciem (JPEG, PNG, WebP) albo plikiem PDF."
    assert _files(app) == []


def test_a_photo_field_does_not_take_a_pdf(app):
    assert str(_refusal(receipt_pdf(), PHOTOS).message).startswith("Ten plik nie jest zdjęciem")


def test_files_land_under_the_instance_folder_with_random_names_and_go_when_removed(app):
    photo = _picture("JPEG")
    first, second = uploads.store(photo, PHOTOS, 7), uploads.store(photo, PHOTOS, 7)
    assert first.name != second.name
    assert re.fullmatch(r"[0-9a-f]{24}\.jpg", first.name)
    path = uploads.path_of(PHOTOS, 7, first.name)
    assert path.parent == Path(app.instance_path) / "uploads" / "projects" / "7"
    assert path.exists() and uploads.thumbnail_path(path).exists()

    uploads.remove(path)
    assert not path.exists() and not uploads.thumbnail_path(path).exists()
    assert {p.name for p in _files(app)} == {second.name, "t_" + second.name}
    uploads.remove(path)  # already gone: no error


def test_several_photos_are_kept_all_or_none(app):
    good, junk = _picture("PNG"), b"not a picture at all" * 20
    with pytest.raises(DomainError):
        uploads.store_all([good, good, junk], JOURNAL_PHOTOS, 7)
    assert _files(app) == []
    kept = uploads.store_all([good, good], JOURNAL_PHOTOS, 7)
    assert {p.name for p in _files(app)} == {s.name for s in kept} and len(kept) == 2


def _pages_pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number in range(pages):
        document.drawString(72, 720, f"Faktura, strona {number + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def framed_noise() -> bytes:
    """Noise in a PDF's frame: a header, a table that says ``xref`` and ``startxref`` pointing at
    it, and ``%%EOF`` — what a prefix-and-suffix test takes for a PDF."""
    head = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n"
    return head + b"xref\n" + bytes(range(256)) * 2 + f"\nstartxref\n{len(head)}\n%%EOF\n".encode()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(receipt_pdf())))
    writer.encrypt("tajne")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [framed_noise(), _pages_pdf(21), _encrypted_pdf()],
                         ids=["noise in a PDF frame", "21 pages", "encrypted"])
def test_areceipt_pdf_is_kept_only_when_a_pdf_library_reads_it(app, data):
    error = _refusal(data, RECEIPTS)
    assert str(error.message) == "Paragon musi być zdjęciem (JPEG, PNG, WebP) albo plikiem PDF."
    assert _files(app) == []
    assert uploads.store(_pages_pdf(20), RECEIPTS, 7).mime_type == "application/pdf"


def test_the_pixel_cap_is_what_a_camera_photo_needs(app):
    # A 24-megapixel camera's photo is kept; 6320×6320 (40 MP, a 39 KB PNG of zeros) is not.
    assert uploads.store(_picture("JPEG", (6000, 4000)), PHOTOS, 7).width == 1600
    error = _refusal(_picture("PNG", (6320, 6320)), PHOTOS)
    assert str(error.message) == "Zdjęcie ma zbyt wiele pikseli; wyślij mniejsze."


def test_concurrent_decodes_are_bounded_per_worker(app):
    """8 uploads at once of the largest picture allowed: at most DECODES_AT_ONCE are decoded
    together, so the worker's memory grows by a few hundred MB at most, not gigabytes."""
    import resource
    import threading

    side = int(uploads.MAX_PIXELS ** 0.5)
    data = _picture("PNG", (side, side))  # a few hundred KB that decode to 100 MB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    kept: list[uploads.Stored] = []

    def upload() -> None:
        with app.app_context():
            kept.append(uploads.store(data, PHOTOS, 7))

    threads = [threading.Thread(target=upload) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024 - before
    assert len(kept) == 8
    assert grown < 400, f"{grown} MB"
