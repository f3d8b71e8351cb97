"""Checks of the pictures the bot makes: a valid PNG, and a size fit for a phone."""

from __future__ import annotations

import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Checks the PNG's structure (signature, chunk CRCs, IHDR first, IEND last); its size."""
    assert data.startswith(PNG_SIGNATURE)
    at, kinds = len(PNG_SIGNATURE), []
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        kinds.append(kind)
        at += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def sensible(width: int, height: int) -> bool:
    """About a phone's width at 2-3x, and within what Telegram takes as a photo."""
    return 900 <= width <= 1280 and 400 <= height <= 4000 and width + height <= 10_000
