"""Text in whatever encoding a district sends: UTF-8 (with or without BOM), cp1251, koi8-r."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from kg.errors import KgError

CYRILLIC = ["cp1251", "koi8_r", "cp866", "mac_cyrillic"]


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in; KgError for binary data or an unknown encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise KgError(f"{path}: binary data, not text")
    best = from_bytes(data, cp_isolation=CYRILLIC).best()
    if best is None or best.encoding is None:
        raise KgError(f"{path}: cannot tell the text's encoding (tried UTF-8, cp1251, koi8-r)")
    return str(best), best.encoding
