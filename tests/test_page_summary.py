"""page_summary: a text's opening words from a prefix are the words of the whole text."""

from __future__ import annotations

import random
import re

import pytest

from news_digest.page_summary import _opening, summary_is_lede

_WORD = re.compile(r"\w+")


def _whole(text: str, count: int) -> list[str]:
    """The first ``count`` words of the whole text, casefolded: what _opening must give."""
    return _WORD.findall(text.casefold())[:count]


# Characters whose casefolding is longer ("ß" -> "ss", "İ" -> "i" and a combining dot that is
# no word character), separators of several kinds, and runs long enough to cross a prefix's end.
PARTS = [
    "ab",
    " ",
    "İstanbul",
    "Straße",
    "ΣΟΦΙΑ",
    ".",
    "-",
    "\u00a0",
    "\n",
    "é1_",
    "x" * 70,
    " " * 90,
    "." * 40,
]


@pytest.mark.parametrize("seed", range(4))
def test_opening_words_are_the_whole_texts(seed):
    rng = random.Random(seed)
    for _ in range(2000):
        text = "".join(rng.choice(PARTS) for _ in range(rng.randint(0, 120)))
        count = rng.randint(1, 12)
        assert _opening(text, count) == _whole(text, count), (text, count)


def test_a_word_across_the_prefix_end_is_whole():
    count = 3
    text = "one two " + "x" * 500 + " four"
    assert _opening(text, count) == ["one", "two", "x" * 500]
    assert summary_is_lede("One two " + "X" * 500, [text])
    assert not summary_is_lede("One two " + "X" * 499, [text])
