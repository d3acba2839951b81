"""Reading what pb prints: PDF pages rendered to images, QR codes decoded with zxing-cpp."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image


def pdf_pages(pdf: bytes, scale: float = 2.0) -> list[Image.Image]:
    """Render every page of a PDF to a PIL image (about 144 dpi at the default scale)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=scale).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def decode_qr(image: Image.Image) -> list[str]:
    """Every QR code zxing-cpp finds in the image."""
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]
