"""Extractive summaries on made-up stories."""

from __future__ import annotations

from news_digest.enrich import summary
from news_digest.enrich.sentences import split_sentences
from news_digest.enrich.summary import add_summaries, summarise
from news_digest.story import Block, Story

PARAGRAPHS = [
    "The Brambleford council approved a new tram line on Tuesday after a two-year dispute over its cost.",
    "The line will link the harbour district with the university campus and open in 2028.",
    "It will cost about 240 million euros, most of it paid by the regional government.",
    "Scroll down for video .",
    "Councillors voted 31 to 12 in favour of the tram line, with two abstentions.",
    "However, shopkeepers on Mill Street fear months of roadworks.",
    "A spokesman for the shopkeepers said they would ask for compensation during the works.",
    "The council approved a new tram line on Tuesday after a two-year dispute over its cost.",
    "Work starts in spring.",
]


def _story(paragraphs: list[str], headline: str = "Brambleford approves tram line", **kw) -> Story:
    blocks = [Block("p", p) for p in paragraphs]
    return Story(source="scraped/tram.txt", headline=headline, blocks=blocks, **kw)


def test_returns_n_whole_sentences_in_document_order() -> None:
    picked = summarise(PARAGRAPHS, "Brambleford approves tram line", 3)
    assert len(picked) == 3
    all_sentences = [s for p in PARAGRAPHS for s in split_sentences(p)]
    # Every pick is a whole sentence of the body, never cut.
    assert all(s in all_sentences for s in picked)
    positions = [all_sentences.index(s) for s in picked]
    assert positions == sorted(positions)


def test_skips_furniture_fragments_and_duplicates() -> None:
    picked = summarise(PARAGRAPHS, "Brambleford approves tram line", 5)
    assert not any("Scroll down" in s for s in picked)
    assert "Work starts in spring." not in picked  # a fragment
    # The near-verbatim repeat of the first sentence is not picked twice.
    assert sum("approved a new tram line" in s for s in picked) == 1


def test_byline_is_not_a_candidate() -> None:
    paragraphs = [
        "By . Daily Planet Reporter .",
        "A lighthouse on the Kestrel coast has been sold to a diving club for one euro.",
        "The club plans to turn the lighthouse into a museum about shipwrecks on the coast.",
    ]
    picked = summarise(paragraphs, "Lighthouse sold for one euro", 2)
    assert all("Reporter" not in s for s in picked)
    assert len(picked) == 2


def test_prefers_a_self_contained_sentence_over_a_dangling_opener(monkeypatch) -> None:
    paragraphs = [
        "Pictures below.",
        "It shows harbour workers in Brambleford walking out over pay on Monday morning.",
        "Harbour workers in Brambleford began a three-day strike over pay on Monday.",
        "The strike was called by the dockers' union after talks with port owners failed.",
        "Ferries to the islands are not affected by the strike, the port authority said.",
    ]
    headline = "Brambleford harbour workers strike over pay"
    picked = summarise(paragraphs, headline, 2)
    assert not any(s.startswith("It ") for s in picked)
    assert picked[0].startswith("Harbour workers")
    # The opener is what keeps it out: without the penalty it would win on
    # position and on its overlap with the headline.
    monkeypatch.setattr(summary, "DANGLING_PENALTY", 0.0)
    assert any(s.startswith("It ") for s in summarise(paragraphs, headline, 2))


def test_dangling_opener_is_fine_right_after_its_antecedent() -> None:
    paragraphs = [
        "Harbour workers in Brambleford began a three-day strike over pay on Monday.",
        "They rejected a pay offer of three per cent at a meeting of the dockers' union.",
        "Shipping analysts expect container traffic in the region to grow next year.",
    ]
    picked = summarise(paragraphs, "Brambleford harbour workers strike over pay", 2)
    assert picked == paragraphs[:2]


def test_subheadings_are_never_chosen() -> None:
    story = _story(PARAGRAPHS[:3])
    story.blocks.insert(1, Block("h", "What the tram line means for the harbour district and its people"))
    add_summaries([story], 3)
    assert story.summary is not None
    assert "What the tram line means" not in story.summary


def test_short_story_returns_what_there_is() -> None:
    assert summarise(["One short story about a ferry that sank in the harbour."], "Ferry", 3) == [
        "One short story about a ferry that sank in the harbour."
    ]
    assert summarise([], "Nothing", 3) == []
    assert summarise(PARAGRAPHS, "Tram", 0) == []


def test_add_summaries_uses_the_editor_summary_and_skips_rejected() -> None:
    edited = _story(PARAGRAPHS, sidecar={"summary": "  A tram line,\nat last. "})
    rejected = _story(PARAGRAPHS)
    rejected.reject("too short")
    plain = _story(PARAGRAPHS)
    add_summaries([edited, rejected, plain], 2)
    assert edited.summary == "A tram line, at last."
    assert edited.summary_by_editor
    assert rejected.summary is None
    assert plain.summary == " ".join(summarise(PARAGRAPHS, plain.headline, 2))
    assert not plain.summary_by_editor


def test_editor_summary_is_not_overwritten_later() -> None:
    story = _story(PARAGRAPHS)
    story.summary, story.summary_by_editor = "Kept as written.", True
    add_summaries([story], 3)
    assert story.summary == "Kept as written."


def test_fragments_are_left_out_rather_than_padding_the_summary() -> None:
    paragraphs = [
        "The night ferry to the Kestrel islands will stop running at the end of the month.",
        "Sad news.",
        "The operator blamed rising fuel costs and a fall in passengers since the new bridge opened.",
        "Very sad.",
        "Bye now.",
    ]
    picked = summarise(paragraphs, "Night ferry to stop", 4)
    assert picked == [paragraphs[0], paragraphs[2]]


def test_wire_datelines_are_stripped_from_chosen_sentences() -> None:
    paragraphs = [
        "DUNMERE, Nov. 27 (Meridian Wire) - The province will apply for flood aid on Friday. "
        "Officials expect to ask for about 25 million euros.",
        "KELLHAVEN — Dockworkers returned to work after the strike ended. The port reopened at noon.",
    ]
    picked = summarise(paragraphs, "Province seeks flood aid", 3)
    assert picked[0] == "The province will apply for flood aid on Friday."
    assert not any(s.startswith(("DUNMERE", "KELLHAVEN")) for s in picked)
    # An ordinary sentence that starts with an acronym and a dash is left alone.
    assert summarise(["NATO - the alliance said on Monday - would meet in March."], "x", 1) == [
        "NATO - the alliance said on Monday - would meet in March."
    ]


def test_summaries_run_on_one_blas_thread_and_give_the_rest_back(monkeypatch):
    """BLAS's threads only waited on each other over a story's small matrices."""
    from threadpoolctl import threadpool_info

    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    before = blas_threads()
    seen: list[set[int]] = []
    inner = summary.summarise
    monkeypatch.setattr(summary, "summarise", lambda *a: seen.append(blas_threads()) or inner(*a))
    story = Story(
        source="scraped/a.txt", headline="Port strike ends", blocks=[Block("p", "The strike ended today.")]
    )
    add_summaries([story], 2)
    assert seen == [{1}] and story.summary
    assert blas_threads() == before
