"""Turn the bytes a scraper saved into text, whatever encoding it used.

Everything a reader returns has passed :func:`strip_controls`: no C0 or C1
control character other than tab and newline survives reading, so no page or
feed writer can fail on a character later.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..controls import strip_controls


class NotText(ValueError):
    """The file is binary or cannot be decoded as text."""


# Legacy 8-bit encodings the scrapers are known to produce. charset-normalizer
# ranks them by how plausible the decoded text is; limiting the candidates
# keeps it from guessing exotic code pages for short files.
LEGACY_ENCODINGS = ("cp1252", "cp1251", "latin_1")

# Byte order marks, longest first: a UTF-32 LE mark starts like a UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)

# C0 control bytes other than tab, newline, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """True for data no text scraper writes: a NUL byte anywhere, or many control bytes."""
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.05


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``: newlines normalised to ``\\n``, controls removed.

    A byte order mark decides the encoding (UTF-8, UTF-16 or UTF-32).
    Otherwise UTF-8 is tried first because it is both the commonest and
    self-validating; only bytes that are not valid UTF-8 go to charset
    detection among the legacy encodings.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise NotText(f"cannot decode text (invalid {encoding.upper()})") from None
            if encoding == "utf-8-sig" and looks_binary(data):
                raise NotText("binary file")
            if "\x00" in text:
                raise NotText("binary file")
            return _normalise(text.lstrip("\ufeff")), encoding
    if looks_binary(data):
        raise NotText("binary file")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
        if best is None:
            raise NotText("cannot decode text (not UTF-8, cp1251, cp1252 or latin-1)") from None
        text, encoding = str(best), best.encoding
    return _normalise(text), encoding


def _normalise(text: str) -> str:
    return strip_controls(text.replace("\r\n", "\n"))
