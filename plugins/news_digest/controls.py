"""Control characters: removed from all text at read time.

No C0 or C1 control character other than tab and newline survives reading
(files, sidecars, registries, anything a reader extracts), so no page or
feed writer can fail on a character later: XML 1.0, hence Atom, cannot carry
them at all.
"""

from __future__ import annotations

import re

# Control characters XML 1.0 (the feeds) cannot carry, and that no text needs:
# C0 except tab and newline, DEL, C1, and the two non-characters U+FFFE/FFFF.
# Line-like ones (vertical tab, form feed, NEL, a lone CR) become newlines so
# that the words on either side stay apart; the rest are removed.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_AS_NEWLINE = {"\x0b": "\n", "\x0c": "\n", "\x0d": "\n", "\x85": "\n"}


def strip_controls(text: str) -> str:
    """``text`` without control characters other than tab and newline."""
    if not _CONTROLS.search(text):  # the common case costs one scan
        return text
    return _CONTROLS.sub(lambda m: _AS_NEWLINE.get(m.group(), ""), text)
