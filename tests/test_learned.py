"""Learned furniture (issue 12): promos across unrelated stories go, quotes across follow-ups stay.

Every story here is our own fiction.
"""

from __future__ import annotations

import os
import subprocess
import sys

from news_digest import parallel
from news_digest.clean import build_rules, clean_story
from news_digest.learned import LinesElsewhere, Member, facts_of, learn, learn_from, story_lines
from news_digest.readers.text import split_blocks
from news_digest.story import Block, Story

RULES = build_rules([], {})

# Stories about different things: no two share a subject.
UNRELATED = [
    "The Kellhaven ferry to Brackwater was cancelled after an engine failed off the harbour wall.",
    "Dunmere council voted to close the old library on Fenwick Street and move its books to the school.",
    "Farmers near Ashford Weir said the late frost had ruined most of this year's apple blossom.",
    "A rare white seal pup was spotted on the rocks below the Tessel lighthouse by two walkers.",
    "The Millbrook choir won the provincial singing prize with a song about the river Aske.",
    "Prices at the Eastmarch fish market rose sharply after storms kept the trawlers in port.",
    "Corvane Systems moved its payroll servers to a new data centre outside the capital.",
    "Kellhaven Rovers signed a young goalkeeper from Dunmere Athletic on a two-year deal.",
]


def _story(i: int, lede: str, lines: list[str], source: str | None = None) -> Story:
    story = Story(source=source or f"hc/s{i:03d}.txt", headline=f"Headline {i}")
    story.blocks = [Block("p", "\n".join(b)) for b in split_blocks("\n\n".join([lede, *lines]))]
    return story


def _outlets(stories: list[Story], outlet: str = "hc") -> dict[str, str]:
    return {s.source: outlet for s in stories}


def _learned(stories: list[Story], outlet_of: dict[str, str] | None = None) -> dict[str, set[str]]:
    return learn(stories, outlet_of or _outlets(stories), RULES.is_furniture).lines


def test_learning_needs_three_different_stories():
    footer = "Support independent journalism today"
    two = [_story(i, UNRELATED[i], [footer]) for i in range(2)]
    assert _learned(two) == {}
    three = [_story(i, UNRELATED[i], [footer]) for i in range(3)]
    assert _learned(three) == {"hc": {footer.lower()}}


def test_short_sentences_repeated_in_follow_ups_are_not_learned():
    # A quote repeated in three of six stories is story text, however short.
    stories = [_story(i, UNRELATED[i], ["She was 85."] if i < 3 else []) for i in range(6)]
    assert _learned(stories) == {}
    # The same short appeal in five unrelated stories is the outlet's furniture.
    stories = [_story(i, UNRELATED[i], ["Support us today."] if i < 5 else []) for i in range(6)]
    assert _learned(stories) == {"hc": {"support us today."}}


def test_one_story_scraped_three_times_teaches_nothing():
    copies = [
        _story(0, UNRELATED[0], ["A short line", "Support us"], source=f"hc/copy{i}.txt") for i in range(3)
    ]
    for i, story in enumerate(copies):
        story.headline = f"Different headline {i}"
    assert _learned(copies) == {}


def test_learning_is_per_outlet():
    footer = "Support independent journalism today"
    stories = [_story(i, UNRELATED[i], [footer]) for i in range(4)]
    outlets = {s.source: ("hc" if i < 2 else "ml") for i, s in enumerate(stories)}
    assert _learned(stories, outlets) == {}


QUOTE = "“We will not go back until the offer changes, and we will stay out all winter,” Brennick said."
PROMO = "Get the latest harbour headlines in your inbox every morning."
STRIKE = [
    "Dockworkers at the port of Kellhaven voted to strike over pay, union leader Tomas Brennick said.",
    "The Kellhaven dock strike entered its third day as container ships queued outside the port.",
    "Talks between the dockworkers' union and the Kellhaven port authority broke down overnight.",
    "A mediator was named to end the Kellhaven dock strike as the union's pay claim stood firm.",
    "Kellhaven dockworkers rejected the port authority's second pay offer at a mass meeting.",
]


def test_a_quote_across_five_follow_ups_stays_and_a_promo_across_five_unrelated_stories_goes():
    follow_ups = [_story(i, lede, [QUOTE]) for i, lede in enumerate(STRIKE)]
    others = [_story(10 + i, UNRELATED[i], [PROMO]) for i in range(5)]
    stories = follow_ups + others
    assert _learned(stories) == {"hc": {PROMO.lower()}}
    rules = build_rules([], {})
    rules.learned = _learned(stories)
    for story in stories:
        clean_story(story, rules, "hc", min_words=0)
    assert all(QUOTE in s.paragraphs for s in follow_ups)
    assert not any(PROMO in p for s in stories for p in s.paragraphs)


def test_outlets_learnt_in_two_workers_learn_what_one_process_learns(monkeypatch, forks):
    # Each outlet has a quote across follow-ups (its stories' lines are asked for) and a promo.
    members = []
    for k, outlet in enumerate(["hc", "ml", "rt"]):
        stories = [_story(k * 100 + i, lede, [QUOTE], f"{outlet}/f{i}.txt") for i, lede in enumerate(STRIKE)]
        stories += [_story(k * 100 + 10 + i, UNRELATED[i], [PROMO], f"{outlet}/o{i}.txt") for i in range(5)]
        for s in stories:
            members.append(
                (
                    outlet,
                    Member(s.source, facts_of(s, outlet, RULES.is_furniture), lambda s=s: story_lines(s)),
                )
            )
    monkeypatch.setattr(parallel, "MIN_CHUNK", 4)  # 30 members are a large archive
    one = learn_from(members, RULES.is_furniture)
    assert not forks
    assert one.lines == {"hc": {PROMO.lower()}, "ml": {PROMO.lower()}, "rt": {PROMO.lower()}}
    assert learn_from(members, RULES.is_furniture, jobs=2) == one
    assert len(forks) == 1


def test_an_outlet_whose_lines_a_worker_cannot_have_is_learnt_in_this_process(monkeypatch, forks):
    # A warm build's packed stories give their lines from the build cache, in the build process only:
    # a worker that needs them (a quote to tell apart by subject) leaves that outlet to this process.
    def elsewhere(s: Story):
        def lines() -> list[str]:
            if parallel.in_worker():
                raise LinesElsewhere(s.source)
            return story_lines(s)

        return lines

    members = []
    for k, outlet in enumerate(["hc", "ml", "rt", "zz"]):
        stories = [_story(k * 100 + i, lede, [QUOTE], f"{outlet}/f{i}.txt") for i, lede in enumerate(STRIKE)]
        stories += [_story(k * 100 + 10 + i, UNRELATED[i], [PROMO], f"{outlet}/o{i}.txt") for i in range(5)]
        for s in stories:
            members.append((outlet, Member(s.source, facts_of(s, outlet, RULES.is_furniture), elsewhere(s))))
    monkeypatch.setattr(parallel, "MIN_CHUNK", 4)
    one = learn_from(members, RULES.is_furniture)
    assert one.lines == {o: {PROMO.lower()} for o in ("hc", "ml", "rt", "zz")}
    assert learn_from(members, RULES.is_furniture, jobs=2) == one
    assert len(forks) == 1


def test_news_repeated_in_unrelated_stories_is_not_learned():
    # Stock sentences of news are news, in however many unrelated stories.
    stories = [
        _story(i, UNRELATED[i], ["No one was injured.", "The cause is under investigation."])
        for i in range(6)
    ]
    assert _learned(stories) == {}


def test_a_promo_glued_before_the_first_or_after_the_last_paragraph_goes():
    stories = []
    for i in range(6):
        lede, rest = UNRELATED[i], f"Officials said more details would follow in {i + 2} days."
        # Glued before the first paragraph, or after the last one.
        lines = [f"{PROMO} {lede}", rest] if i % 2 else [lede, f"{rest} {PROMO}"]
        stories.append(_story(i, lines[0], lines[1:]))
    rules = build_rules([], {})
    rules.learned = _learned(stories)
    assert rules.learned == {"hc": {PROMO.lower()}}
    for i, story in enumerate(stories):
        clean_story(story, rules, "hc", min_words=0)
        assert story.paragraphs == [
            UNRELATED[i],
            f"Officials said more details would follow in {i + 2} days.",
        ]


def test_learned_lines_are_reported_once_per_outlet():
    stories = [_story(i, UNRELATED[i], [PROMO]) for i in range(4)]
    stories += [_story(20 + i, UNRELATED[4 + i], ["Support the Meridian Wire today."]) for i in range(3)]
    outlets = {s.source: ("hc" if i < 4 else "mw") for i, s in enumerate(stories)}
    notes = learn(stories, outlets, RULES.is_furniture).warnings()
    assert sorted(notes) == [stories[0].source, stories[4].source]
    assert PROMO in notes[stories[0].source] and "'hc'" in notes[stories[0].source]
    assert "Support the Meridian Wire today." in notes[stories[4].source]


# --- The issue's corpus: 120 stories of one outlet, 24 storylines of five follow-ups ------------

_PLACES = [
    "Kellhaven",
    "Dunmere",
    "Millbrook",
    "Brackwater",
    "Tessel",
    "Eastmarch",
    "Corvane",
    "Ashford",
    "Fenwick",
    "Harlow",
    "Ostrey",
    "Pellam",
    "Quarrow",
    "Rask",
    "Selby",
    "Thorn",
    "Ulverby",
    "Vantry",
    "Wexmoor",
    "Yarrow",
    "Zennor",
    "Abbotsleigh",
    "Brindle",
    "Caldmoor",
]
_PEOPLE = [
    "Brennick",
    "Varga",
    "Lindqvist",
    "Whitcombe",
    "Okafor",
    "Mendes",
    "Halloran",
    "Petrov",
    "Ibsen",
    "Castell",
    "Duarte",
    "Fairley",
    "Grange",
    "Hoskins",
    "Ivers",
    "Jaeger",
    "Kovacs",
    "Lomax",
    "Marsh",
    "Novak",
    "Orme",
    "Pryce",
    "Quill",
    "Rowntree",
]
_SUBJECTS = [
    ("ferry", "engine", "crossing"),
    ("library", "books", "reading room"),
    ("orchard", "frost", "blossom"),
    ("lighthouse", "lamp", "keeper"),
    ("choir", "anthem", "rehearsal"),
    ("fish market", "trawlers", "quay"),
    ("payroll", "servers", "breach"),
    ("football club", "goalkeeper", "transfer"),
    ("hospital", "ward", "nurses"),
    ("bridge", "girders", "repairs"),
    ("school", "pupils", "classrooms"),
    ("festival", "stalls", "fireworks"),
    ("railway", "signals", "timetable"),
    ("power station", "turbines", "outage"),
    ("reservoir", "drought", "hosepipe ban"),
    ("housing estate", "tenants", "rents"),
    ("airport", "runway", "flights"),
    ("zoo", "elephants", "enclosure"),
    ("museum", "paintings", "exhibition"),
    ("stadium", "stands", "capacity"),
    ("dairy farm", "herd", "milk price"),
    ("quarry", "blasting", "dust"),
    ("forest", "wildfire", "firebreaks"),
    ("harbour wall", "storm", "breach"),
]
_WHEN = ["soon", "next week", "on Monday", "in the spring", "before the winter"]
_PROMOS = [
    "Get the latest headlines in your inbox every morning.",
    "Today, put a dollar value on the reporting you rely on all year.",
    "This story has been updated.",
]


def issue_corpus() -> tuple[list[Story], dict[str, str], dict[str, str]]:
    """120 stories of one outlet: 24 storylines x 5 follow-ups, a promo in a quarter of them.

    Returns the stories, each storyline's repeated quote by source, and the
    promo each promoted story carries by source (glued before the first
    paragraph, after the last one, or on a line of its own).
    """
    stories: list[Story] = []
    quotes: dict[str, str] = {}
    promos: dict[str, str] = {}
    n = 0
    for line, (thing, part, issue) in enumerate(_SUBJECTS):
        place, person = _PLACES[line], _PEOPLE[line]
        quote = f"“We have waited long enough for the {thing} in {place},” {person} said."
        for day in range(5):
            source = f"hc/{line:02d}-{day}.txt"
            paragraphs = [
                f"The {thing} in {place} faced new trouble over its {part} on day {day + 1} of the dispute, "
                f"{person} told the {place} council.",
                f"Officials in {place} said the {issue} would be reviewed and that the {part} of the {thing} "
                f"needed {day + 2} more weeks of work.",
                quote,
                f"Residents of {place} said they expected {person} to report on the {issue} {_WHEN[day]}.",
            ]
            if n % 4 == 0:
                promo = _PROMOS[(n // 4) % len(_PROMOS)]
                where = (n // 4) % 3
                if where == 0:
                    paragraphs[0] = f"{promo} {paragraphs[0]}"
                elif where == 1:
                    paragraphs[-1] = f"{paragraphs[-1]} {promo}"
                else:
                    paragraphs.insert(2, promo)
                promos[source] = promo
            story = Story(source=source, headline=f"{place} {thing}: day {day + 1}")
            story.blocks = [Block("p", p) for p in paragraphs]
            stories.append(story)
            quotes[source] = quote
            n += 1
    return stories, quotes, promos


def test_the_issue_corpus_every_promo_goes_every_quote_stays():
    stories, quotes, promos = issue_corpus()
    assert len(stories) >= 100 and len(promos) * 4 >= len(stories)
    learned = learn(stories, _outlets(stories), RULES.is_furniture)
    assert learned.lines["hc"] == {p.lower() for p in _PROMOS}
    rules = build_rules([], {})
    rules.learned = learned.lines
    for story in stories:
        clean_story(story, rules, "hc", min_words=0)
        text = " ".join(story.paragraphs)
        assert quotes[story.source] in story.paragraphs, story.source
        assert not any(p in text for p in _PROMOS), (story.source, text)
        assert len(story.paragraphs) == 4


def test_invoke_check_shows_what_was_learned(tmp_path):
    import io

    from rich.console import Console

    from conftest import write_files
    from news_digest.check import run
    from news_digest.settings import DigestSettings

    files = {}
    for i, lede in enumerate(UNRELATED[:4]):
        body = f"{lede} " + "Officials said the details would be published next week. " * 8
        files[f"scraped/hc/s{i}.txt"] = f"Story {i} | HC\n\n{body}\n\n{PROMO}\n"
        files[f"scraped/hc/s{i}.yaml"] = "date: 2026-11-26\n"
    write_files(tmp_path, files)
    settings = DigestSettings.from_pelican({"PATH": str(tmp_path), "DIGEST_REFERENCE_DATE": "2026-11-30"})
    out = io.StringIO()
    run(settings, Console(file=out, width=400, color_system=None))
    assert out.getvalue().count("learned furniture") == 1 and PROMO in out.getvalue()


_SPELLING_SCRIPT = """
from news_digest.clean import build_rules
from news_digest.learned import learn
from news_digest.story import Block, Story

footer = "Support independent journalism today"
ledes = {ledes!r}
stories = []
for i, lede in enumerate(ledes):
    story = Story(source=f"hc/s{{i:03d}}.txt", headline=f"Headline {{i}}")
    extra = [footer.upper()] if i == 0 else []
    story.blocks = [Block("p", line) for line in [lede, footer, *extra]]
    stories.append(story)
found = learn(stories, {{s.source: "hc" for s in stories}}, build_rules([], {{}}).is_furniture)
print(found.shown["hc"][footer.lower()])
"""


def test_the_spelling_a_warning_shows_does_not_hang_on_the_hash_seed():
    # One story carries the footer in two spellings: which one the report's
    # warning shows must be the same in every process (sets iterate in a
    # per-process order unless PYTHONHASHSEED is fixed).
    script = _SPELLING_SCRIPT.format(ledes=UNRELATED[:4])
    shown = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        shown.add(done.stdout.strip())
    assert len(shown) == 1, shown
