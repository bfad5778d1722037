"""Events and storylines: which published stories report one event, and the story so far."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from conftest import Site, soup
from news_digest.enrich import events
from news_digest.enrich.events import add_events, features, group_events, topics_of
from news_digest.enrich.related import link_related
from news_digest.settings import DEFAULTS
from news_digest.story import Block, Credit, Story

# Our own fiction: three outlets report a ferry grounding in their own words,
# two report a cider festival, one a chess final; the next days bring an
# inquiry into the grounding and the ferry's return.
GROUNDING = {
    "courier": (
        "Night ferry runs aground off Gull Island",
        [
            "The night ferry Marit Olsen ran aground on the Skerry Ledge off Gull Island on Tuesday "
            "evening with 112 passengers on board, the Port Wendle harbour master said.",
            "Captain Ivo Brandt radioed for help at 21:40 after the hull struck rocks in thick fog. "
            "Lifeboats from Port Wendle took every passenger ashore and nobody was hurt.",
            "Harbour master Ruth Calder said the Marit Olsen was holed below the waterline and "
            "would be towed off the Skerry Ledge at high tide.",
        ],
    ),
    "ledger": (
        "112 rescued as Marit Olsen strikes Skerry Ledge in fog",
        [
            "Lifeboat crews rescued all 112 passengers of the Marit Olsen after the Gull Island "
            "ferry struck the Skerry Ledge in dense fog on Tuesday night.",
            "Ruth Calder, the Port Wendle harbour master, said the vessel took on water through a "
            "hole in its hull. Captain Ivo Brandt and his crew of nine stayed aboard.",
            "Passengers described a loud bang and the ferry listing as lifeboats came alongside "
            "in the fog off Gull Island.",
        ],
    ),
    "wire": (
        "Gull Island ferry aground, all passengers safe",
        [
            "All 112 passengers were brought safely ashore after the Gull Island ferry Marit Olsen "
            "ran onto the Skerry Ledge in fog on Tuesday, harbour officials in Port Wendle said.",
            "The ferry's captain, Ivo Brandt, raised the alarm shortly before ten in the evening. "
            "Harbour master Ruth Calder said the hull was breached and the ferry would be refloated "
            "on the next high tide.",
        ],
    ),
}
CIDER = {
    "courier": (
        "Record crowd at Bramblecombe cider festival",
        [
            "A record 9,000 visitors came to the Bramblecombe cider festival on Tuesday, where "
            "judge Alma Reyes crowned a dry cider from the Tamsin valley as champion.",
            "Growers pressed apples in the old tithe barn and sold out of bottles by mid-afternoon.",
        ],
    ),
    "ledger": (
        "Tamsin valley dry cider takes the Bramblecombe crown",
        [
            "Judges at the Bramblecombe cider festival named a dry cider from the Tamsin valley "
            "the best of the year on Tuesday, in front of a record crowd of 9,000.",
            "Head judge Alma Reyes said the winning cider was crisp and bright. Orchard owners "
            "said apple sales had doubled since last year's festival.",
        ],
    ),
}
CHESS = (
    "Twelve-year-old wins Lantern Hall chess open",
    [
        "Twelve-year-old Noor Hadid won the Lantern Hall chess open on Tuesday after a final "
        "round endgame with two rooks against a queen.",
        "Grandmaster Piet Laszlo called her play fearless. The open drew 140 players.",
    ],
)
INQUIRY = (
    "Inquiry opened into Marit Olsen grounding",
    [
        "Marine investigators opened an inquiry on Wednesday into why the Gull Island ferry "
        "Marit Olsen strayed onto the Skerry Ledge in fog.",
        "Investigator Hana Pohl said the team would examine the ferry's radar and question "
        "Captain Ivo Brandt. Harbour master Ruth Calder said the ferry was refloated overnight.",
    ],
)
RETURN = (
    "Repaired Marit Olsen back on the Gull Island run",
    [
        "The Marit Olsen returned to the Gull Island run on Saturday, four days after it ran "
        "aground on the Skerry Ledge, with a patched hull and a new radar.",
        "Harbour master Ruth Calder said the Port Wendle ferry would sail in daylight only "
        "until the inquiry led by Hana Pohl reports.",
    ],
)

OUTLETS = {"courier": "Harbour Courier", "ledger": "Northern Ledger", "wire": "Meridian Wire"}


def mk(
    source: str,
    headline: str,
    paragraphs: list[str],
    outlet: str,
    day: int,
    tags: list[str] | None = None,
) -> Story:
    slug = source.rsplit("/", 1)[-1].removesuffix(".txt")
    return Story(
        source=source,
        headline=headline,
        blocks=[Block("p", p) for p in paragraphs],
        outlet=OUTLETS[outlet],
        outlet_key=outlet,
        date=dt.date(2026, 3, day),
        slug=slug,
        tags=list(tags or []),
    )


def archive() -> list[Story]:
    stories = [
        mk(f"scraped/{o}/grounding.txt", *GROUNDING[o], o, 10, ["Gull Island", "ferries", o])
        for o in GROUNDING
    ]
    stories += [mk(f"scraped/{o}/cider.txt", *CIDER[o], o, 10, ["Bramblecombe", "cider"]) for o in CIDER]
    stories += [
        mk("scraped/wire/chess.txt", *CHESS, "wire", 10, ["chess"]),
        mk("scraped/ledger/inquiry.txt", *INQUIRY, "ledger", 11, ["Gull Island", "ferries"]),
        mk("scraped/courier/return.txt", *RETURN, "courier", 14, ["Gull Island", "ferries"]),
    ]
    return stories


def by_source(stories: list[Story]) -> dict[str, Story]:
    return {s.source: s for s in stories}


def members(story: Story) -> set[str]:
    assert story.event is not None
    return set(story.event.members)


GROUNDED = {f"scraped/{o}/grounding.txt" for o in GROUNDING}


def test_reports_of_one_event_join_and_other_events_stay_apart() -> None:
    stories = archive()
    events = group_events(stories)
    s = by_source(stories)
    assert members(s["scraped/courier/grounding.txt"]) == GROUNDED
    assert members(s["scraped/ledger/cider.txt"]) == {"scraped/courier/cider.txt", "scraped/ledger/cider.txt"}
    # The next day's inquiry is a new event of the same storyline, not one more report.
    assert members(s["scraped/ledger/inquiry.txt"]) == {"scraped/ledger/inquiry.txt"}
    assert members(s["scraped/wire/chess.txt"]) == {"scraped/wire/chess.txt"}
    # Every published story is in exactly one event.
    assert sorted(m for e in events for m in e.members) == sorted(x.source for x in stories)
    assert len(events) == 5


def test_an_event_has_a_lead_coverage_topics_a_day_and_the_lead_slug_as_id() -> None:
    stories = archive()
    group_events(stories)
    event = by_source(stories)["scraped/wire/grounding.txt"].event
    assert event is not None
    assert event.lead in GROUNDED and event.members[0] == event.lead
    lead = by_source(stories)[event.lead]
    assert event.id == lead.slug and event.day == lead.date == dt.date(2026, 3, 10)
    assert event.outlets == 3
    # Tags every report carries, not the one each outlet's own tag.
    assert event.topics == ["Gull Island", "ferries"]


def test_the_lead_is_the_report_most_like_the_others() -> None:
    stories = archive()
    group_events(stories)
    event = by_source(stories)["scraped/wire/grounding.txt"].event
    assert event is not None
    live = [s for s in stories if s.source in GROUNDED]
    z = features(stories)
    index = {s.source: i for i, s in enumerate(stories)}
    sims = (z @ z.T).toarray()
    central = max(live, key=lambda s: sum(sims[index[s.source], index[o.source]] for o in live if o is not s))
    assert event.lead == central.source


def test_coverage_counts_outlets_of_folded_copies_once() -> None:
    stories = archive()
    s = by_source(stories)
    s["scraped/courier/grounding.txt"].also_reported = [
        Credit("Riverside Post", None, "scraped/post/grounding.txt"),
        Credit("Meridian Wire", None, "scraped/wire/copy.txt"),  # already a member's outlet
    ]
    group_events(stories)
    assert s["scraped/ledger/grounding.txt"].event.outlets == 4


def test_stories_beyond_the_window_never_join() -> None:
    def resent(day: int) -> Story:
        # The Ledger's report again under another outlet's name (unfolded, for the test).
        story = mk(f"scraped/post/day-{day}.txt", *GROUNDING["ledger"], "ledger", day)
        story.outlet, story.outlet_key = "Riverside Post", "post"
        return story

    # Without the storyline's follow-ups, which a resent report would pull in.
    first_day = [s for s in archive() if s.date == dt.date(2026, 3, 10)]
    for day, joins in ((11, True), (13, False)):
        stories = list(first_day)
        late = resent(day)
        group_events([*stories, late])
        assert (members(late) == {late.source} | GROUNDED) is joins, day
    # An event never spans more than the window, whatever the text says.
    stories = [*first_day, resent(11), resent(12)]
    for event in group_events(stories):
        days = [x.date for x in stories if x.source in event.members]
        assert (max(days) - min(days)).days <= 2


def test_same_outlet_same_day_reports_of_one_subject_need_more_than_one_subject() -> None:
    stories = archive()
    group_events(stories)
    s = by_source(stories)
    # The cider and chess stories share a day and an outlet pair with the grounding, yet stay apart.
    assert members(s["scraped/wire/chess.txt"]).isdisjoint(GROUNDED)
    assert members(s["scraped/courier/cider.txt"]).isdisjoint(GROUNDED)


def test_editor_forces_a_story_apart_or_into_a_lead_stories_event() -> None:
    stories = archive()
    s = by_source(stories)
    s["scraped/wire/grounding.txt"].event_hint = "none"
    s["scraped/wire/chess.txt"].event_hint = "cider"  # a slug: the Harbour Courier's cider story
    group_events(stories)
    assert members(s["scraped/wire/grounding.txt"]) == {"scraped/wire/grounding.txt"}
    assert members(s["scraped/courier/grounding.txt"]) == GROUNDED - {"scraped/wire/grounding.txt"}
    cider = s["scraped/courier/cider.txt"].event
    assert cider is not None and "scraped/wire/chess.txt" in cider.members
    # The story an editor named is the lead, whatever the text says.
    assert cider.lead == "scraped/courier/cider.txt" and cider.id == "cider"


def test_editor_hint_by_url_follows_a_folded_copy_and_unknown_hints_warn() -> None:
    stories = archive()
    s = by_source(stories)
    copy = mk("scraped/post/copy.txt", *CIDER["ledger"], "ledger", 10)
    copy.status, copy.folded_into = "folded", "scraped/ledger/cider.txt"
    s["scraped/wire/chess.txt"].event_hint = "scraped/post/copy.txt"
    s["scraped/ledger/inquiry.txt"].event_hint = "no-such-story"
    group_events([*stories, copy])
    assert s["scraped/wire/chess.txt"].event is s["scraped/ledger/cider.txt"].event
    assert s["scraped/ledger/cider.txt"].event.lead == "scraped/ledger/cider.txt"
    assert copy.event is None
    assert any("no-such-story" in w for w in s["scraped/ledger/inquiry.txt"].warnings)


def test_grouping_does_not_depend_on_input_order() -> None:
    def events_of(stories: list[Story]) -> list[tuple]:
        group_events(stories)
        return sorted(
            {(e.id, tuple(e.members), e.outlets, tuple(e.topics)) for e in (s.event for s in stories)}
        )

    first = events_of(archive())
    shuffled = archive()
    random.Random(3).shuffle(shuffled)
    assert events_of(shuffled) == first


def test_timeline_lists_earlier_events_of_the_storyline_oldest_first() -> None:
    stories = archive()
    add_events(stories, timeline_count=5)
    s = by_source(stories)
    grounding = s["scraped/courier/grounding.txt"].event
    inquiry = s["scraped/ledger/inquiry.txt"].event
    assert s["scraped/courier/return.txt"].timeline == [grounding, inquiry]
    assert s["scraped/ledger/inquiry.txt"].timeline == [grounding]
    # Nothing earlier in the storyline: no timeline; other subjects never enter it.
    for src in (*GROUNDED, "scraped/ledger/cider.txt", "scraped/wire/chess.txt"):
        assert s[src].timeline == []


def test_timeline_keeps_the_latest_events_when_there_are_more() -> None:
    stories = archive()
    add_events(stories, timeline_count=1)
    s = by_source(stories)
    assert s["scraped/courier/return.txt"].timeline == [s["scraped/ledger/inquiry.txt"].event]


def test_topics_need_two_members_unless_the_event_has_one() -> None:
    one = mk("scraped/a.txt", "A", ["x"], "wire", 1, ["Alpha", "Beta", "Gamma", "Delta"])
    two = mk("scraped/b.txt", "B", ["y"], "ledger", 1, ["beta", "Delta", "Zeta"])
    assert topics_of([one]) == ["Alpha", "Beta", "Gamma"]
    assert topics_of([one, two]) == ["Beta", "Delta"]


def test_related_lists_the_other_reports_of_the_event_first() -> None:
    stories = archive()
    add_events(stories)
    s = by_source(stories)
    s["scraped/wire/grounding.txt"].pinned_related = ["chess"]
    link_related(stories, count=3)
    related = s["scraped/wire/grounding.txt"].related
    assert related[0] == "scraped/wire/chess.txt"  # the editor's pin stays first
    assert set(related[1:3]) == GROUNDED - {"scraped/wire/grounding.txt"}
    assert s["scraped/ledger/cider.txt"].related[0] == "scraped/courier/cider.txt"


# --------------------------------------------------------------------------- real builds


def _scraped(outlet: str, headline: str, paragraphs: list[str]) -> str:
    return f"{headline} | News | {outlet}\n\n" + "\n\n".join(paragraphs) + "\n"


def test_sidecar_event_key_sets_the_editors_hint(make_site) -> None:
    """``event: none`` keeps a report apart; ``event: <slug>`` joins a lead story's event."""
    names = {"courier": "The Harbour Courier", "ledger": "Northern Ledger", "wire": "Meridian Wire"}
    files = {}
    for o, (headline, paragraphs) in GROUNDING.items():
        files[f"scraped/{o}/grounding.txt"] = _scraped(names[o], headline, paragraphs)
        files[f"scraped/{o}/grounding.yaml"] = "date: 2026-03-10\n"
    files["scraped/wire/grounding.yaml"] += "event: none\n"
    files["scraped/wire/chess.txt"] = _scraped("Meridian Wire", *CHESS)
    files["scraped/wire/chess.yaml"] = "date: 2026-03-10\nevent: night-ferry-runs-aground-off-gull-island\n"
    site = make_site(files)
    event = {
        Path(i["source"]).parent.name + "/" + Path(i["source"]).stem: i["event"]
        for i in site.report["inputs"]
    }
    assert (
        event["courier/grounding"] == event["ledger/grounding"] == "night-ferry-runs-aground-off-gull-island"
    )
    assert event["wire/chess"] == event["courier/grounding"]
    assert event["wire/grounding"] not in (event["courier/grounding"], None)
    assert not any("unknown sidecar key" in w for i in site.report["inputs"] for w in i["warnings"])


# --------------------------------------------------------------------------- the demo site

# The demo's storylines, oldest event first. Each event is the file stems of
# every outlet's report of it (a folded repost is not listed: it is not
# published). Each story's page must list, oldest first, the events before
# its own in its storyline, at most DIGEST_TIMELINE_COUNT of them (the latest).
DEMO_STORYLINES: dict[str, list[list[str]]] = {
    "Kellhaven port strike": [
        ["kellhaven-dockworkers-vote-to-strike"],  # 20 Nov
        ["kellhaven-port-strike-begins", "kellhaven-falls-silent"],  # 22
        ["varga-warns-of-emergency-powers"],  # 23
        ["supermarkets-report-empty-shelves"],  # 24
        ["mediator-brings-port-dispute-back-to-table", "kellhaven-port-talks-resume"],  # 26
        ["kellhaven-dockworkers-accept-deal", "dockworkers-back-deal", "kellhaven-strike-ends"],  # 28
        ["kellhaven-cranes-move-again", "back-in-the-cabs-at-kellhaven", "port-reopens-shops-wait"],  # 29
    ],
    "Corvane data breach": [
        ["corvane-confirms-payroll-breach", "corvane-says-hackers-accessed-payroll-data"],  # 20
        ["hackers-claim-corvane-attack"],  # 23
        ["corvane-shares-slide", "corvane-loses-410-million"],  # 24
        # The explainer runs the day the regulator moves, and joins that event.
        ["regulator-opens-investigation-into-corvane", "what-corvane-customers-should-do"],  # 26
        ["corvane-chief-executive-resigns", "okafor-reyes-quits-corvane", "corvane-ceo-steps-down"],  # 28
        # The wire's report is a scraper's JSON record.
        [
            "corvane-compensation-fund",
            "corvane-interim-chief-offers-compensation",
            "corvane-compensation-fund-20261129",
        ],  # 29
    ],
    "Eastmarch election": [
        ["whitcombe-lindqvist-clash-in-debate", "lindqvist-wins-debate-snap-poll"],  # 21
        ["poll-puts-lindqvist-within-two-points"],  # 23
        ["watchdog-opens-inquiry-into-haldane-donations"],  # 25
        ["eastmarch-candidates-final-pitch", "last-day-of-campaigning"],  # 27
        # Election night: the turnout report, the exit polls and a saved web page.
        [
            "eastmarch-votes-turnout-climbs",
            "exit-poll-lindqvist-on-course",
            "exit-poll-points-to-lindqvist-win",
            "election-night-exit-poll",
        ],  # 29
    ],
    "River Aske floods": [
        ["red-warning-river-aske"],  # 21
        [
            "river-aske-bursts-banks-millbrook",
            "hundreds-flee-as-aske-floods-millbrook",
            "millbrook-under-water",
        ],  # 22
        ["flood-waters-cut-rail-line"],  # 23
        ["millbrook-counts-the-cost"],  # 25
        # 27: the wire's report (the Riverside Post's repost of it is folded in) and the Ledger's own.
        ["eastmarch-to-seek-eu-solidarity-funds", "flood-bill-brussels"],
        ["millbrook-long-clean-up"],  # 28
        ["flood-alert-as-rain-returns", "rain-tests-ashford-weir-repair"],  # 29
    ],
    "Kellhaven Rovers": [
        ["kellhaven-rovers-win-provincial-cup"],  # 21
        ["rovers-held-by-dunmere-city", "featherstone-penalty-rescues-rovers"],  # 29
    ],
    "on its own": [["dunmere-advent-market-opens"]],  # 29
}


def _by_stem(site: Site) -> dict[str, dict]:
    entries = [i for i in site.report["inputs"] if i["source"].startswith("scraped/")]
    by_stem = {Path(i["source"]).stem: i for i in entries}
    assert len(by_stem) == len(entries), "two demo files share a stem"
    return by_stem


def _demo_event_ids(entries: dict[str, dict]) -> dict[str, list[str]]:
    """Storyline -> the id of each of its events, oldest first; every listed group is one event."""
    ids: dict[str, list[str]] = {}
    for name, line in DEMO_STORYLINES.items():
        ids[name] = []
        for group in line:
            found = {entries[stem]["event"] for stem in group}
            assert len(found) == 1 and None not in found, (name, {s: entries[s]["event"] for s in group})
            ids[name].append(found.pop())
    return ids


def test_demo_events_are_each_outlets_report_of_one_event(demo_site: Site) -> None:
    entries = _by_stem(demo_site)
    published = {stem for stem, i in entries.items() if i["status"] == "published"}
    listed = [stem for line in DEMO_STORYLINES.values() for group in line for stem in group]
    assert sorted(listed) == sorted(published)
    ids = [e for line in _demo_event_ids(entries).values() for e in line]
    assert len(set(ids)) == len(ids), "two listed groups are one event"
    assert all(
        i["event"] is None and i["timeline"] == [] for i in entries.values() if i["status"] != "published"
    )
    # The event id is its lead story's slug, the last part of that story's URL.
    slugs = {entries[s]["url"].rstrip("/").rsplit("/", 1)[-1] for s in published}
    assert set(ids) <= slugs


def test_demo_stories_show_their_storyline_so_far(demo_site: Site) -> None:
    entries = _by_stem(demo_site)
    count = DEFAULTS["DIGEST_TIMELINE_COUNT"]
    url_of_event = {i["url"].rstrip("/").rsplit("/", 1)[-1]: i["url"] for i in entries.values() if i["url"]}
    for name, line in DEMO_STORYLINES.items():
        ids = _demo_event_ids(entries)[name]
        for k, group in enumerate(line):
            earlier = ids[max(0, k - count) : k]
            for stem in group:
                assert entries[stem]["timeline"] == earlier, (name, stem)
                # The page says the same: "Earlier in this story" links to each event's lead, in order.
                page = soup((demo_site.output / entries[stem]["url"] / "index.html").read_text("utf-8"))
                block = page.select_one("section.story-so-far")
                if not earlier:
                    assert block is None, stem
                    continue
                hrefs = [a["href"] for a in block.find_all("a", href=True)]
                targets = [url_of_event[e] for e in earlier]
                assert len(hrefs) == len(targets) and all(
                    h.rstrip("/").endswith(t.rstrip("/")) for h, t in zip(hrefs, targets, strict=True)
                ), (stem, hrefs, targets)


def test_demo_opens_on_a_digest_whose_top_events_carry_several_outlets(demo_site: Site) -> None:
    """The home page is the latest day's digest: its top events are each told by two outlets or more."""
    entries = _by_stem(demo_site)
    home = soup((demo_site.output / "index.html").read_text("utf-8"))
    top = home.select(".top-stories article.event")
    assert len(top) == DEFAULTS["DIGEST_TOP_EVENTS"]
    outlets = [int(a["data-outlets"]) for a in top]
    assert min(outlets) >= 2 and max(outlets) >= 4, outlets
    assert outlets == sorted(outlets, reverse=True)
    latest = max(i["url"][:10] for i in entries.values() if i["url"])
    assert home.select_one(f'h1 time[datetime="{latest.replace("/", "-")}"]') is not None
    day = [i for i in entries.values() if i["url"] and i["url"].startswith(latest)]
    assert len({i["event"] for i in day}) > len(top)  # and the rest below the top stories
    # The day opens with its note and lists the editorial.
    assert home.select_one("section.day-note") is not None
    assert home.select_one("section.editorials article.editorial-teaser") is not None
    # Several earlier days have events that more than one outlet carried too.
    multi_days = set()
    for digest in (demo_site.output / latest[:8]).glob("*/index.html"):
        page = soup(digest.read_text("utf-8"))
        if any(int(a["data-outlets"]) >= 2 for a in page.select("article.event")):
            multi_days.add(digest.parent.name)
    assert len(multi_days) >= 6, sorted(multi_days)


def test_demo_keeps_one_storyline_apart_from_another(demo_site: Site) -> None:
    """One storyline's stories on different days are different events, and
    two storylines with one cast stay apart on the same day."""
    entries = _by_stem(demo_site)
    for a, b in (
        ("red-warning-river-aske", "river-aske-bursts-banks-millbrook"),
        ("kellhaven-dockworkers-vote-to-strike", "kellhaven-port-strike-begins"),
        ("whitcombe-lindqvist-clash-in-debate", "red-warning-river-aske"),
        ("flood-waters-cut-rail-line", "poll-puts-lindqvist-within-two-points"),
        ("eastmarch-candidates-final-pitch", "eastmarch-to-seek-eu-solidarity-funds"),
        ("kellhaven-dockworkers-accept-deal", "kellhaven-cranes-move-again"),
        ("kellhaven-cranes-move-again", "rovers-held-by-dunmere-city"),
        ("eastmarch-votes-turnout-climbs", "flood-alert-as-rain-returns"),
    ):
        assert entries[a]["event"] != entries[b]["event"], (a, b)


# --------------------------------------------------------------------------- memory bounds


def _similar_day(n: int, seed: int = 5) -> tuple[sparse.csr_matrix, np.ndarray]:
    """``n`` stories on three days that all share words: every pair in the window scores."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(60)]
    texts = [" ".join(rng.choices(words, k=40)) for _ in range(n)]
    z = normalize(TfidfVectorizer().fit_transform(texts).astype(np.float32)).tocsr()
    days = np.array([738000 + i % 3 for i in range(n)], dtype=np.float64)
    return z, days


def test_similarity_keeps_at_most_a_fixed_number_of_pairs_per_story() -> None:
    z, days = _similar_day(120)
    everything = events.similarity(z, days, 2.0, per_story=10**6)
    assert np.diff(everything.indptr).min() > 100  # nearly every pair scores
    r = events.similarity(z, days, 2.0, per_story=8)
    assert r.nnz <= 2 * 8 * 120
    assert (r != r.T).nnz == 0  # still exactly symmetric
    # Each story keeps its own best pairs, with their values from the full matrix.
    for i in range(0, 120, 17):
        row = everything.getrow(i).toarray().ravel()
        best = np.lexsort((np.arange(120), -row))[:8]
        assert np.allclose(r[i, best].toarray().ravel(), row[best], rtol=1e-6)


def test_similarity_does_not_depend_on_the_chunk_size(monkeypatch) -> None:
    z, days = _similar_day(90, seed=9)
    whole = events.similarity(z, days, 1.0)
    monkeypatch.setattr(events, "CHUNK_CELLS", 50)  # a row or two per product
    chunked = events.similarity(z, days, 1.0)
    assert (whole != chunked).nnz == 0


def test_similarity_over_forked_workers_is_the_same_matrix(monkeypatch) -> None:
    z, days = _similar_day(90, seed=11)
    monkeypatch.setattr(events, "CHUNK_CELLS", 400)  # several products, split over three processes
    one = events.similarity(z, days, 1.0)
    split = events.similarity(z, days, 1.0, jobs=3)
    assert np.array_equal(one.indptr, split.indptr) and np.array_equal(one.indices, split.indices)
    assert np.array_equal(one.data, split.data)
