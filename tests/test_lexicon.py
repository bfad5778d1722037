"""The lexicon: every word list once, readable, and used by every stage."""

from __future__ import annotations

from importlib import resources

import pytest

from news_digest import lexicon
from news_digest.dates import MONTHS, WEEKDAYS
from news_digest.enrich.sentences import split_sentences

FILES = sorted(
    p.name.removesuffix(".txt")
    for p in resources.files("news_digest.lexicon").iterdir()
    if p.name.endswith(".txt")
)


@pytest.mark.parametrize("name", FILES)
def test_no_word_is_listed_twice_in_one_section(name: str) -> None:
    for section, rows in lexicon.read_sections(name).items():
        words = [w.removesuffix(".") for row in rows for w in row]
        repeated = sorted({w for w in words if words.count(w) > 1})
        assert not repeated, f"{name}.txt [{section}] repeats {repeated}"


def test_sections_comments_and_abbreviation_dots() -> None:
    assert lexicon.MONTHS[8] == ("september", "sep", "sept")
    assert lexicon.WEEKDAYS[1] == ("tuesday", "tue", "tues")
    assert "may" not in lexicon.MONTH_ABBREVIATIONS  # "May" is written without a dot
    assert {"sen", "rep", "gov", "mr"} <= lexicon.ABBREVIATED_TITLES
    assert {"Senator", "Sen", "Mr"} <= lexicon.TITLES
    assert "Sen." not in lexicon.TITLES  # the dot marks, it is not part of the word
    assert "Mr" in lexicon.HONORIFICS and "Senator" not in lexicon.HONORIFICS
    assert not any(w.startswith("#") for w in lexicon.COMMON)


def test_dates_read_the_same_months_as_the_sentence_splitter() -> None:
    assert MONTHS["sept"] == 9 and MONTHS["may"] == 5 and WEEKDAYS["thurs"] == 3
    assert split_sentences("The vote is on Sept. 14 in the old hall. It will be close.") == [
        "The vote is on Sept. 14 in the old hall.",
        "It will be close.",
    ]
    # Titles from the same list: the dot after "Sen." never ends a sentence.
    assert len(split_sentences("Sen. Ada Morrow spoke first. Rep. Lee Quill spoke next.")) == 2
