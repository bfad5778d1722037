"""Turn the bytes a scraper saved into text, whatever encoding it used."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes


class NotText(ValueError):
    """The file is binary or cannot be decoded as text."""


# Legacy 8-bit encodings the scrapers are known to produce. charset-normalizer
# ranks them by how plausible the decoded text is; limiting the candidates
# keeps it from guessing exotic code pages for short files.
LEGACY_ENCODINGS = ("cp1252", "cp1251", "latin_1")


# C0 control bytes other than tab, newline, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """True for data no text scraper writes: NUL bytes or many control bytes."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.05


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` with newlines normalised to ``\\n``.

    UTF-8 (with or without BOM) is tried first because it is both the
    commonest and self-validating; only bytes that are not valid UTF-8 go to
    charset detection among the legacy encodings.
    """
    if looks_binary(data):
        raise NotText("binary file")
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
        if best is None:
            raise NotText("cannot decode text (not UTF-8, cp1251, cp1252 or latin-1)") from None
        text, encoding = str(best), best.encoding
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
