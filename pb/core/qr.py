"""QR codes as plain matrices, drawn by whoever needs them (SVG for pages, PDF for print)."""

from __future__ import annotations

import qrcode
import qrcode.constants


def qr_matrix(data: str, *, border: int = 4) -> list[list[bool]]:
    """Return the QR code for ``data`` as rows of dark (True) and light modules.

    Error correction level M: it survives a crease or a smudge on a printed card while keeping
    the code small enough for cheap phone cameras.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_svg(data: str, *, size_px: int = 240, title: str = "") -> str:
    """Return a standalone inline SVG of the QR code for ``data``.

    Dark modules are merged into one path per row run so the SVG stays small and crisp.
    """
    matrix = qr_matrix(data)
    n = len(matrix)
    parts: list[str] = []
    for y, row in enumerate(matrix):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    safe_title = (
        title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
    label = f' role="img" aria-label="{safe_title}"' if safe_title else ' aria-hidden="true"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{size_px}" '
        f'height="{size_px}" shape-rendering="crispEdges"{label}>'
        f'<rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path d="{"".join(parts)}" fill="#000"/></svg>'
    )
