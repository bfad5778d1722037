"""Deterministic synthetic scraped stories for the speed benchmarks.

The same stories are written twice: in the scraped text format (with
sidecars and furniture) for the plugin, and as plain Markdown articles for
the baseline build, so both builds publish the same text.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

OUTLETS = ["Harbour Courier", "Northern Ledger", "Meridian Wire", "Riverside Post"]
SECTIONS = ["World", "Europe", "Politics", "Business", "Technology", "Sport", "Environment", "Culture"]
FURNITURE = [
    "Share this:",
    "Facebook",
    "Twitter",
    "Advertisement",
    "Leave a Comment",
    "Recent News",
    "Editor's Pick",
    "Subscribe to our newsletter",
]
_SYLLABLES = [
    "ka",
    "lo",
    "mer",
    "din",
    "sa",
    "ve",
    "tor",
    "an",
    "bel",
    "ru",
    "sen",
    "vik",
    "ol",
    "ma",
    "ter",
    "is",
    "gan",
    "dor",
    "li",
    "pe",
]
_FUNCTION = ["the", "a", "of", "to", "in", "and", "on", "for", "with", "by", "from", "that", "was", "said"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


@dataclass
class SynthStory:
    """One synthetic story: what the scraper would save and what it means."""

    stem: str
    headline: str
    section: str
    outlet: str
    date: dt.date
    paragraphs: list[str]
    tags: list[str]


def make_stories(n: int, seed: int = 7) -> list[SynthStory]:
    """``n`` stories of about 500 words, 30 days, 8 sections, 40 topics."""
    rng = random.Random(seed)
    vocab = sorted({_word(rng, rng.randint(1, 3)) for _ in range(4000)})
    people = [f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(300)]
    places = [_word(rng, 3).title() for _ in range(80)]
    topics = [rng.sample(vocab, 30) for _ in range(40)]
    start = dt.date(2026, 10, 1)
    stories = []
    for i in range(n):
        topic = topics[i % len(topics)]
        cast = rng.sample(people, 3)
        place = rng.choice(places)
        paragraphs = []
        for _ in range(rng.randint(6, 8)):
            sentences = []
            for _ in range(rng.randint(3, 4)):
                words = [
                    rng.choice(topic)
                    if rng.random() < 0.35
                    else rng.choice(_FUNCTION)
                    if rng.random() < 0.5
                    else rng.choice(vocab)
                    for _ in range(rng.randint(14, 22))
                ]
                if rng.random() < 0.4:
                    words.insert(rng.randint(1, 6), rng.choice(cast))
                if rng.random() < 0.2:
                    words += ["in", place]
                sentences.append(" ".join(words).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        headline = " ".join(rng.sample(topic, 6)).capitalize() + f" in {place}"
        stories.append(
            SynthStory(
                stem=f"story-{i:05d}",
                headline=headline,
                section=SECTIONS[i % len(SECTIONS)],
                outlet=OUTLETS[i % len(OUTLETS)],
                date=start + dt.timedelta(days=i % 30),
                paragraphs=paragraphs,
                tags=[rng.choice(topic).title()],
            )
        )
    return stories


def write_scraped(stories: list[SynthStory], content: Path) -> None:
    """The scraped format: headline line, paragraphs, furniture, a dead See also."""
    folder = content / "scraped"
    folder.mkdir(parents=True, exist_ok=True)
    for k, s in enumerate(stories):
        body = list(s.paragraphs)
        body.insert(len(body) // 2, "See also:\n\nAn older headline here\nAnother headline there")
        body.insert(0, FURNITURE[k % len(FURNITURE)])
        body.append(f"{s.outlet} is supported by its readers")
        body.append("Leave a Comment\n\nThis site uses Akismet to reduce spam.")
        (folder / f"{s.stem}.txt").write_text(
            f"{s.headline} | {s.section} | {s.outlet}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8"
        )
        slug = s.stem
        (folder / f"{s.stem}.yaml").write_text(
            f"date: {s.date.isoformat()}\nurl: https://example.org/{slug}\ncategory: {s.section}\n"
            f"tags: [{s.tags[0]}]\n",
            encoding="utf-8",
        )


def write_markdown(stories: list[SynthStory], content: Path) -> None:
    """The same stories as plain Pelican Markdown articles (the baseline)."""
    content.mkdir(parents=True, exist_ok=True)
    for s in stories:
        meta = (
            f"Title: {s.headline}\nDate: {s.date.isoformat()}\nCategory: {s.section}\n"
            f"Tags: {', '.join(s.tags)}\nSlug: {s.stem}\n\n"
        )
        (content / f"{s.stem}.md").write_text(meta + "\n\n".join(s.paragraphs) + "\n", encoding="utf-8")
