"""The rule-based sentence splitter, on made-up sentences."""

from __future__ import annotations

import struct
import time
from typing import Any

import pytest

from news_digest.enrich.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Titles never end a sentence.
        (
            "Mr. Odell met Dr. Varga and Prof. Lind. They talked for hours.",
            ["Mr. Odell met Dr. Varga and Prof. Lind.", "They talked for hours."],
        ),
        (
            "Gen. Harlow spoke to Sen. Quill and Rep. Moss at St. Ives.",
            ["Gen. Harlow spoke to Sen. Quill and Rep. Moss at St. Ives."],
        ),
        # Dotted acronyms mid-sentence, and at the end of one.
        (
            "The U.S. Senate and the U.K. cabinet met. Nothing was agreed.",
            ["The U.S. Senate and the U.K. cabinet met.", "Nothing was agreed."],
        ),
        (
            "Trade fell in the U.S. The figures surprised analysts.",
            ["Trade fell in the U.S.", "The figures surprised analysts."],
        ),
        # Month abbreviations before a day.
        (
            "The vote is on Dec. 12 and the count on Jan. 3. Observers are ready.",
            ["The vote is on Dec. 12 and the count on Jan. 3.", "Observers are ready."],
        ),
        # e.g., i.e., vs. and No. before a number.
        (
            "Small towns, e.g. Brambleford, i.e. places under 5,000, voted. It was close.",
            ["Small towns, e.g. Brambleford, i.e. places under 5,000, voted.", "It was close."],
        ),
        (
            "It was Harlow vs. Quill at No. 10 Kestrel Road. Quill won.",
            ["It was Harlow vs. Quill at No. 10 Kestrel Road.", "Quill won."],
        ),
        # State abbreviations and company suffixes split only before a
        # typical sentence opener.
        (
            "Kestrel Corp. Chief Lena Voss flew to Austin, Tex. The deal was signed there.",
            ["Kestrel Corp. Chief Lena Voss flew to Austin, Tex.", "The deal was signed there."],
        ),
        # Initials.
        (
            "J. R. Pemberton wrote the report. A. Kovacs edited it.",
            ["J. R. Pemberton wrote the report.", "A. Kovacs edited it."],
        ),
        # Decimals and thousands.
        (
            "Output rose 3.5 per cent to 1,000.50 tonnes. Prices held.",
            ["Output rose 3.5 per cent to 1,000.50 tonnes.", "Prices held."],
        ),
        # Ellipses: a capital after one starts a sentence, lowercase does not.
        (
            "We waited... Nobody came. It went on and on... and then it stopped.",
            ["We waited...", "Nobody came.", "It went on and on... and then it stopped."],
        ),
        # Quotations.
        (
            '"We will win." He said it twice.',
            ['"We will win."', "He said it twice."],
        ),
        (
            '"Are you sure?" she asked. He nodded.',
            ['"Are you sure?" she asked.', "He nodded."],
        ),
        (
            "“The bridge is closed.” Drivers were told to wait.",
            ["“The bridge is closed.”", "Drivers were told to wait."],
        ),
        # Closing bracket after the full stop.
        (
            "The mayor resigned. (She denies wrongdoing.) A vote follows.",
            ["The mayor resigned.", "(She denies wrongdoing.)", "A vote follows."],
        ),
        # Question and exclamation marks.
        (
            "Who pays? Nobody knows! The council will decide.",
            ["Who pays?", "Nobody knows!", "The council will decide."],
        ),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_paragraph_breaks_always_split_and_newlines_are_wrapping() -> None:
    text = "The ferry left\nat noon\n\nIt arrived late."
    assert split_sentences(text) == ["The ferry left at noon", "It arrived late."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", ". . ."])
def test_nothing_to_split(text: str) -> None:
    assert split_sentences(text) == []


def test_never_empty_and_stripped() -> None:
    text = "  One.   Two!  . Three?  "
    out = split_sentences(text)
    assert out == ["One.", "Two!", "Three?"]
    assert all(s and s == s.strip() for s in out)


def test_no_text_is_lost() -> None:
    text = 'Mr. Okafor said: "We are ready." The crowd cheered. Prices rose 2.5% in the U.S. market.'
    out = split_sentences(text)
    assert " ".join(out) == text


def test_splits_sent_back_are_the_splits() -> None:
    """A worker's splits, sent back as offsets, give the build process the same sentences and verdicts."""
    from news_digest.enrich import sentences

    texts = [
        'Mr. Okafor said: "We are ready." The crowd cheered. Prices rose 2.5% in the U.S. market.',
        "Sign up for our newsletter. The mayor resigned. (She denies wrongdoing.) A vote follows.",
        "The ferry left at noon.\n\nIt arrived late.",  # each sentence is still a piece of the text
        "The ferry left\nat noon.  Then  more.",  # white space collapsed: the sentences are not pieces of it
    ]
    sentences.clear_cache()
    try:
        want = [split_sentences(text) for text in texts]
        sentences.note_no_junk(texts[0])
        back = sentences.sent_back([*texts, "never split here."])
        assert back[3] is None and back[4] is None and all(b is not None for b in back[:3])
        sentences.clear_cache()
        assert not sentences.no_junk(texts[0])
        sentences.take_back(texts, back[:4])
        assert [split_sentences(text) for text in texts] == want
        assert texts[1] in sentences._SENT_BACK and texts[1] not in sentences._CACHE  # taken, not split again
        assert [sentences.no_junk(text) for text in texts] == [True, False, False, False]
    finally:
        sentences.clear_cache()


def _front(claims: Any) -> int:
    """The next batch a worker of ``parallel.start_balanced`` will take (0: none taken yet)."""
    with claims.lock:
        return struct.unpack_from("<q", claims.memory, 0)[0]


def test_a_cold_load_over_two_jobs_sends_back_the_workers_splits(tmp_path, monkeypatch) -> None:
    """Cleaning's worker sends its paragraphs' splits and verdicts back with the stories (pipeline.py)."""
    import shutil
    from pathlib import Path

    from kept_loads import load

    from news_digest import parallel
    from news_digest.enrich import sentences
    from news_digest.furniture import junk_kind

    monkeypatch.setattr(parallel, "MIN_CHUNK", 5)  # the demo's 99 files: a worker cleans some
    # Batches of about half the files each: the worker claims the first as soon as it starts, so
    # its share does not shrink to a batch of four files when the machine is loaded.
    monkeypatch.setattr(parallel, "BATCHES_EACH", 1)
    # On a loaded machine the worker could start after this process had taken every batch (the
    # worker then sent back nothing); this process's batches wait for the worker's first claim.
    take_back = parallel._Claims.take_back

    def take_back_after_the_worker(claims: parallel._Claims) -> int | None:
        deadline = time.monotonic() + 60
        while _front(claims) == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        return take_back(claims)

    monkeypatch.setattr(parallel._Claims, "take_back", take_back_after_the_worker)
    shutil.copytree(Path(__file__).parent.parent / "content" / "scraped", tmp_path / "content" / "scraped")
    sentences.clear_cache()
    try:
        load(tmp_path, True, 2)
        known = dict(sentences._SENT_BACK)
        assert len(known) > 20  # the worker's share of the demo's paragraphs
        for text in known:
            split = sentences._split(text)
            assert split_sentences(text) == split
            assert not sentences.no_junk(text) or not any(junk_kind(s) for s in split)
        assert sum(map(sentences.no_junk, known)) > len(known) / 2  # most paragraphs are news throughout
    finally:
        sentences.clear_cache()
