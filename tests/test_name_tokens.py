"""The names stage's tokeniser spelt without backtracking gives the tokens of its plain spelling."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from news_digest.enrich.entities.tokens import tokenise

# The tokeniser as first written (tokens.py before its tail and two repeats were made possessive).
_TAIL = r"(?:[\w'’-]*\w)?(?:(?<=s)['’](?=\s+[A-Z]))?"
_PLAIN = re.compile(
    rf"\s*([a-z]{_TAIL}|(?:St|Mt|Ft)\.(?=\s+[A-Z])|(?:[A-Z]\.){{2,}}|[A-Z]+&[A-Z]+\b|[A-Z]\.(?=\s)"
    rf"|[A-Z][a-z]\w*\+(?![\w+])|\d\w*|[^\W\d_]{_TAIL}|\S)"
)
# What the alternatives turn on: cases, digits, apostrophes, hyphens, "&", "+", dots, white space.
_PIECES = [
    *"aAbsSzZ019_'’-+&.,;:!?\"()éß\t\n\u00a0Σ ",
    "s' ",
    "s’ ",
    "St. ",
    "Mt.",
    "U.S.",
    "AT&T",
    "Corvane+",
    "3D",
]
TEXTS = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=examples(200), deadline=None, derandomize=True)
@given(text=TEXTS)
def test_the_tokens_are_the_plain_spellings(text: str) -> None:
    assert tokenise(text) == _PLAIN.findall(text)


def test_names_and_possessives() -> None:
    text = "The Dock Workers' Union met St. Louis officials, AT&T and U.S. firms; Corvane+ users' 3D rock-n-roll."
    assert tokenise(text) == _PLAIN.findall(text)
    assert "Workers'" in tokenise(text) and "rock-n-roll" in tokenise(text) and "Corvane+" in tokenise(text)
