"""The Pelican glue's typography: Pelican's TYPOGRIFY settings, no process-wide state."""

from __future__ import annotations

import smartypants

from news_digest.pelican_glue import _typogrifier


def test_typogrify_follows_the_settings_and_changes_no_global():
    before = smartypants.Attr.default
    text = '<p>"Tea" -- or coffee --- at the AFP & BBC.</p><pre>"kept" --</pre>'
    oldschool = _typogrifier(
        {"TYPOGRIFY": True, "TYPOGRIFY_DASHES": "oldschool", "TYPOGRIFY_IGNORE_TAGS": ["pre"]}
    )
    default = _typogrifier({"TYPOGRIFY": True})
    out_old, out_default = oldschool(text), default(text)
    assert smartypants.Attr.default == before
    # oldschool: -- is an en dash, --- an em dash; default: -- is an em dash.
    assert "or coffee &#8212; at" in out_old and "&#8211; or" in out_old
    assert "&#8212; or coffee" in out_default
    assert "&#8220;" in out_default and '<span class="caps">AFP</span>' in out_default
    assert '<pre>"kept" --</pre>' in out_old  # ignored tags are left alone
    assert _typogrifier({"TYPOGRIFY": False})(text) == text
    no_caps = _typogrifier({"TYPOGRIFY": True, "TYPOGRIFY_OMIT_FILTERS": ["caps"]})(text)
    assert "caps" not in no_caps and "&#8220;" in no_caps
