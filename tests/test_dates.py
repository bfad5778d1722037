"""Publication dates: the URL, the top lines, the body, in that order (no Pelican)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from news_digest import dates
from news_digest.dates import from_body, from_top, from_url, is_date_line, mentions, resolve_year, update_note

REF = dt.date(2026, 11, 30)


def _latest_pinned(text: str, reference: dt.date = REF) -> dt.date | None:
    found = [(pinned, day) for day, pinned, _ in mentions(text, reference)]
    return max(found)[1] if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("said Yuri Ushakov on Wednesday, December 15.", dt.date(2021, 12, 15)),
        ("The talks on Tuesday, November 24 ended late.", dt.date(2026, 11, 24)),
        ("on Wed. Dec. 15", dt.date(2021, 12, 15)),
        ("on 24 November 2026 the board met", dt.date(2026, 11, 24)),
        ("on Tuesday 24th of November the board met", dt.date(2026, 11, 24)),
        ("November 3, 2026: the vote", dt.date(2026, 11, 3)),
        ("published 2026-11-20 at noon", dt.date(2026, 11, 20)),
        ("on December 3 the port", dt.date(2025, 12, 3)),  # not after the scrape
        ("Since March 3, 2014, and on Wednesday, November 25, talks went on.", dt.date(2026, 11, 25)),
        ("The summit on 4 January 2027 was postponed. It met on 20 November 2026.", dt.date(2026, 11, 20)),
        ("No date here at all.", None),
        ("On Monday, February 30 nothing happened.", None),
    ],
)
def test_date_forms_in_text(text, expected):
    assert _latest_pinned(text) == expected


def test_weekday_resolution_uses_the_scrape_date():
    assert resolve_year(12, 15, 2, dt.date(2021, 12, 20)) == dt.date(2021, 12, 15)
    assert resolve_year(12, 15, 2, dt.date(2021, 12, 14)) == dt.date(2010, 12, 15)
    assert resolve_year(2, 29, None, dt.date(2026, 11, 30)) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://meridianwire.example/2026/11/24/port-talks-resume/", dt.date(2026, 11, 24)),
        ("https://meridianwire.example/politics/2026/3/7/12345678/vote", dt.date(2026, 3, 7)),
        ("https://harbourcourier.example/world/2026/nov/24/port-talks", dt.date(2026, 11, 24)),
        (
            "https://ledger.example/news/ct-port-talks-20261124-abcdef-story.html#ed=rss",
            dt.date(2026, 11, 24),
        ),
        ("https://medwire.example/news/20261124/New-trial-results.aspx", dt.date(2026, 11, 24)),
        ("https://ledger.example/news/port-talks-2026-11-24/", dt.date(2026, 11, 24)),
        # Later than the scrape: an ID or a typo, never a date.
        ("https://ledger.example/news/2026/12/24/port-talks/", None),
        ("https://ledger.example/news/12999180/port-talks/", None),
        ("https://ledger.example/video/next-weather-5-p-m-report-158/", None),
        ("https://ledger.example/news/2026/11/port-talks/", None),  # no day
        (None, None),
    ],
)
def test_url_dates(url, expected):
    assert from_url(url, REF) == expected


def test_a_google_news_link_gives_the_date_of_the_url_it_wraps():
    inner = b"\x08\x13\x22\x36https://meridianwire.example/2026/11/24/port-talks/index.html\xd2\x01\x00"
    code = base64.urlsafe_b64encode(inner).decode().rstrip("=")
    assert from_url(f"https://news.google.com/rss/articles/{code}?oc=5", REF) == dt.date(2026, 11, 24)
    assert from_url("https://news.google.com/rss/articles/not-base64-at-all!?oc=5", REF) is None


@pytest.mark.parametrize(
    "line",
    [
        "Posted 11/24/2026 3:36 PM",
        "Published: November 24, 2026 at 5:30 p.m. EST",
        "Updated 5:30 PM EST, Tue November 24, 2026",
        "By Nadia Fenwick | November 24, 2026",
        "24 November 2026",
        "2026-11-24 17:02",
        "Nov. 24, 2026",
        "Published: 2026-11-24T17:02:00+00:00",
        "November 24, 2026 11:05 a.m. Pacific Time",
    ],
)
def test_date_lines(line):
    assert is_date_line(line, REF)
    assert from_top(
        "Port talks resume", [line], "The port talks resumed after a week of silence.", REF
    ) == dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    "line",
    [
        "Dockworkers voted on November 24, 2026 to end the strike.",
        "Kellhaven Port Authority",
        "Tickets from £13 | November 24",
    ],
)
def test_lines_with_more_than_a_date_are_not_date_lines(line):
    assert not is_date_line(line, REF)


def test_a_timestamp_headline_dates_the_story():
    assert from_top(
        "Posted 11/24/2026 3:36 PM", [], "The council met for four hours on the budget.", REF
    ) == dt.date(2026, 11, 24)


def test_published_beats_updated_near_the_top():
    before = ["Updated November 26, 2026", "Published November 24, 2026"]
    assert from_top("Port talks resume", before, "Talks resumed.", REF) == dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("lede", "expected"),
    [
        ("DUNMERE, Nov. 27 (Meridian Wire) - Rain fell all night on the valley.", dt.date(2026, 11, 27)),
        ("Minister Varga said on Monday, November 23, that the port would stay open.", dt.date(2026, 11, 23)),
        ("Part of the embankment gave way on 23 November 2026, officials said.", dt.date(2026, 11, 23)),
        # Background in the lede: a year-bearing date long before the scrape.
        ("A panel investigating the Jan. 6, 2021, riot met again on the port case.", None),
        ("The festival returns on December 3 with forty stalls.", None),
    ],
)
def test_dates_in_the_lede(lede, expected):
    assert from_top("Port talks resume", [], lede, REF) == expected


def test_body_dates_only_when_they_agree_with_the_scrape():
    body = ["The inquiry into the events of Sunday, March 3, 2024 heard evidence.", "It resumed on Friday."]
    assert from_body(body, REF) is None
    body = ["The crowd at the stadium on Saturday, November 28, 2026 was the biggest of the year."]
    assert from_body(body, REF) == dt.date(2026, 11, 28)
    assert from_body(body, dt.date(2026, 12, 5)) is None  # a week later it is background
    assert from_body(["Bare dates like November 29 are not pinned."], REF) is None


def test_an_update_note_is_found_anywhere():
    lines = ["The port reopened.", "Update, Nov. 28, 4:50 pm ET: This story was first published on 3 August."]
    assert update_note(lines, REF) == dt.date(2026, 11, 28)
    assert update_note(["Updates will follow on November 28."], REF) is None


def _date(url=None, headline="Port talks resume", before=(), lede="", lines=(), paragraphs=(), reference=REF):
    return dates.publication_date(
        url=url,
        headline=headline,
        before=list(before),
        lede=lede,
        lines=list(lines),
        paragraphs=list(paragraphs),
        reference=reference,
    )


def test_order_of_the_rules():
    url = "https://ledger.example/2026/11/20/port-talks/"
    lede = "KELLHAVEN, Nov. 22 (Wire) - Talks resumed on Sunday, November 22."
    assert _date(url=url, lede=lede) == (dt.date(2026, 11, 20), "url")
    assert _date(lede=lede, paragraphs=["On Saturday, November 28, 2026, more talks."]) == (
        dt.date(2026, 11, 22),
        "top",
    )
    assert _date(paragraphs=["On Saturday, November 28, 2026, more talks."]) == (
        dt.date(2026, 11, 28),
        "body",
    )
    assert _date(paragraphs=["On Saturday, November 28, 2025, more talks."]) == (None, None)


def test_an_update_later_than_the_url_date_wins():
    url = "https://ledger.example/2019/8/16/keanu-explained/"
    lines = ["Update, November 27, 2026: This story, originally published in 2019, has been updated."]
    assert _date(url=url, lines=lines) == (dt.date(2026, 11, 27), "updated")
    assert _date(url="https://ledger.example/2026/11/28/x/", lines=lines) == (dt.date(2026, 11, 28), "url")


def test_a_photo_caption_dates_the_story_like_the_body():
    caption = "Harbourmaster Ines Calder on the north quay on Saturday, November 28, 2026. Piet Varga/Wire"
    body = ["The port reopened after a week-long strike, the harbourmaster said."]
    # The cleaner drops the caption from the body; the raw lines still hold it.
    assert _date(lines=[body[0], caption], paragraphs=body) == (dt.date(2026, 11, 28), "body")
    # Held to the body rule: a caption date a week before the scrape is a file photo.
    old = caption.replace("Saturday, November 28", "Monday, November 23")
    assert _date(lines=[body[0], old], paragraphs=body) == (None, None)
    # A URL date beats it.
    url = "https://ledger.example/2026/11/26/port-reopens/"
    assert _date(url=url, lines=[caption], paragraphs=body) == (dt.date(2026, 11, 26), "url")


def test_the_url_a_google_news_link_wraps():
    inner = b"\x08\x13\x22\x36https://meridianwire.example/2026/11/24/port-talks/\xd2\x01\x00"
    code = base64.urlsafe_b64encode(inner).decode().rstrip("=")
    assert dates.wrapped_url(f"https://news.google.com/rss/articles/{code}?oc=5") == (
        "https://meridianwire.example/2026/11/24/port-talks/"
    )
    assert dates.wrapped_url("https://meridianwire.example/2026/11/24/port-talks/") is None


def test_never_later_than_the_scrape():
    ref = dt.date(2026, 11, 25)
    assert _date(url="https://ledger.example/2026/11/28/x/", reference=ref) == (None, None)
    assert _date(before=["Published November 28, 2026"], reference=ref) == (None, None)


# --- Times with a zone: the site's day -------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "utc"),
    [
        (
            "Updated 8:36 PM EDT, Tue November 24, 2026",
            dt.date(2026, 11, 24),
            dt.datetime(2026, 11, 25, 0, 36),
        ),
        ("Published 21:30 GMT, 24 November 2026", dt.date(2026, 11, 24), dt.datetime(2026, 11, 24, 21, 30)),
        ("Posted 11/24/2026 11:40 p.m. PT", dt.date(2026, 11, 24), dt.datetime(2026, 11, 25, 7, 40)),
        ("Nov. 24, 2026 10.05am GMT+1", dt.date(2026, 11, 24), dt.datetime(2026, 11, 24, 9, 5)),
        ("Nov. 24, 2026, 00:20 CET", dt.date(2026, 11, 24), dt.datetime(2026, 11, 23, 23, 20)),
        ("Nov. 24, 2026 11 p.m. Eastern Time", dt.date(2026, 11, 24), dt.datetime(2026, 11, 25, 4, 0)),
        # "ET" has its season: EDT in July, EST in November.
        ("July 4, 2026 at 9:30 pm ET", dt.date(2026, 7, 4), dt.datetime(2026, 7, 5, 1, 30)),
        ("November 4, 2026 at 9:30 pm ET", dt.date(2026, 11, 4), dt.datetime(2026, 11, 5, 2, 30)),
        ("2026-11-24T20:30:00-05:00", dt.date(2026, 11, 24), dt.datetime(2026, 11, 25, 1, 30)),
        ("Published: 2026-11-24 23:10Z", dt.date(2026, 11, 24), dt.datetime(2026, 11, 24, 23, 10)),
    ],
)
def test_a_time_with_a_zone_is_an_instant(text, written, utc):
    [(day, moment)] = dates.instants(text, REF)
    assert day == written
    assert moment.astimezone(dt.UTC).replace(tzinfo=None) == utc


@pytest.mark.parametrize(
    "text",
    [
        "Published November 24, 2026 at 5:30 p.m.",  # no zone: a clock, not an instant
        "2026-11-24 17:02",
        "Kickoff is at 8:30 pm ET.",  # no date
        "21 GMT runners on November 24, 2026",  # a number, not a time
        "Posted November 24, 2026 at 14 pm EST",
        "The café et 5:30 patisserie, November 24, 2026",  # "et" is not ET
    ],
)
def test_no_instant_without_a_time_a_zone_and_a_date(text):
    assert dates.instants(text, REF) == []


def test_a_timed_top_line_gives_the_day_in_the_site_zone():
    line = "Updated 8:36 PM EDT, Tue November 24, 2026"
    lede = "The port talks resumed after a week of silence."
    assert from_top("Port talks resume", [line], lede, REF) == dt.date(2026, 11, 25)  # UTC
    assert from_top("Port talks resume", [line], lede, REF, "America/New_York") == dt.date(2026, 11, 24)
    assert from_top("Port talks resume", [line], lede, REF, "Asia/Tokyo") == dt.date(2026, 11, 25)
    assert from_top("Port talks resume", [line], lede, REF, "Not/A_Zone") == dt.date(2026, 11, 25)
    # Published beats updated, each on its own instant.
    before = ["Published 3:10 PM EST November 24, 2026 | Updated 11:50 PM EST November 24, 2026"]
    assert from_top("Port talks resume", before, lede, REF) == dt.date(2026, 11, 24)
    # A cue in the lede carries its time too.
    lede = "Posted 23:45 PST, November 24, 2026. The council met for four hours on the budget."
    assert from_top("Budget passes", [], lede, REF) == dt.date(2026, 11, 25)


def test_a_timed_line_on_the_urls_local_day_beats_the_url():
    url = "https://ledger.example/2026/11/24/port-talks/"
    line = "Updated 8:36 PM EDT, Tue November 24, 2026"
    assert _date(url=url, before=[line]) == (dt.date(2026, 11, 25), "timed")
    assert dates.publication_date(
        url=url, headline="Port talks", before=[line], lede="", lines=[], paragraphs=[], reference=REF,
        zone="America/Chicago",
    ) == (dt.date(2026, 11, 24), "timed")  # fmt: skip
    # A timed line of another day is not about this URL's story: the URL stands.
    assert _date(url=url, before=["Published 9:00 PM EDT, November 20, 2026"]) == (
        dt.date(2026, 11, 24),
        "url",
    )
    # A line without a zone says nothing about the instant.
    assert _date(url=url, before=["Published November 24, 2026 at 8:36 p.m."]) == (
        dt.date(2026, 11, 24),
        "url",
    )


def test_a_timed_update_note_gives_the_site_day():
    lines = ["The port reopened.", "Update, Nov. 28, 2026, 9:50 pm ET: The union has accepted the offer."]
    assert update_note(lines, REF) == dt.date(2026, 11, 29)
    assert update_note(lines, REF, "America/New_York") == dt.date(2026, 11, 28)


def test_a_timed_date_is_never_later_than_the_scrape():
    # 11:40 p.m. Pacific on the 24th is the 25th in UTC, but the story was
    # scraped on the 24th: it keeps its written date.
    line = "Posted 11/24/2026 11:40 PM PT"
    assert from_top("Port talks", [line], "Talks resumed.", dt.date(2026, 11, 24)) == dt.date(2026, 11, 24)
    url = "https://ledger.example/2026/11/24/port-talks/"
    assert _date(url=url, before=[line], reference=dt.date(2026, 11, 24)) == (dt.date(2026, 11, 24), "timed")


def test_a_sidecar_timestamp_is_dated_in_the_site_zone(tmp_path):
    from conftest import ROOT, write_files
    from news_digest import pipeline
    from news_digest.settings import DigestSettings

    body = (
        "The harbour board voted to reopen the north quay after a week-long strike by dockworkers. "
        "Ferries to the islands will run on the winter timetable from Thursday, the board said. "
        "Union leaders welcomed the vote but warned that talks on night-shift pay were far from over. "
        "Traders at the fish market said the strike had cost them most of a month's takings."
    )
    files = {
        "scraped/evening.txt": f"Quay reopens | News | Meridian Wire\n\n{body}\n",
        "scraped/evening.yaml": "date: 2026-11-24T22:30:00-05:00\nscraped: '2026-11-25T04:00:00Z'\n",
        "scraped/plain.txt": f"Quay stays shut | News | Meridian Wire\n\n{body}\n",
        "scraped/plain.yaml": "date: 2026-11-24\n",
        # A record's date-time with its zone, as RFC 2822, ISO 8601 and Unix time.
        "scraped/records.jsonl": "".join(
            json.dumps({"title": f"Quay reopens {i}", "text": body, "date": when}) + "\n"
            for i, when in enumerate(
                ["Tue, 24 Nov 2026 22:30:00 -0500", "2026-11-24T22:30:00-05:00", 1795577400, "2026-11-24"]
            )
        ),
    }
    write_files(tmp_path, files)
    found = {}
    for zone in ("UTC", "America/New_York", None):
        settings = DigestSettings.from_pelican(
            {
                "PATH": str(tmp_path),
                "DIGEST_SOURCES": str(ROOT / "content" / "sources.yaml"),
                "DIGEST_REFERENCE_DATE": "2026-11-30",
                **({"TIMEZONE": zone} if zone else {}),
            }
        )
        stories = {s.source: s for s in pipeline.load_stories(settings)}
        records = [s.date for s in stories.values() if s.source.startswith("scraped/records.jsonl")]
        found[zone] = (stories["scraped/evening.txt"].date, stories["scraped/plain.txt"].date, *records)
    nov24, nov25 = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
    assert found["UTC"] == found[None] == (nov25, nov24, nov25, nov25, nov25, nov24)
    assert found["America/New_York"] == (nov24, nov24, nov24, nov24, nov24, nov24)


@pytest.mark.parametrize(
    ("found", "url", "expected"),
    [
        # The page's instant, with or without a URL date that is a local date of it.
        ("2026-11-18T19:53:52-0500", None, "2026-11-18T19:53:52-05:00"),
        ("2026-11-18T19:53:52-0500", "https://hc.example/2026/11/18/ferry", "2026-11-18T19:53:52-05:00"),
        # An outlet that writes UTC in its metadata and its local date in its URL.
        ("2026-11-19T02:59:46+0000", "https://hc.example/2026/11/18/ferry", "2026-11-19T02:59:46+00:00"),
        # No zone on Earth has the 16th at that instant: another date (an update); the URL's stands.
        ("2026-11-18T09:00:00+0000", "https://hc.example/2026/11/16/ferry", "2026-11-16"),
        # No offset: a clock of no known zone; the URL's date, else the day written.
        ("2026-11-19T01:50:59", "https://hc.example/2026/11/18/ferry", "2026-11-18"),
        ("2026-11-19T01:50:59", "https://hc.example/ferry", "2026-11-19"),
        ("2026-11-18", "https://hc.example/ferry", "2026-11-18"),
    ],
)
def test_a_pages_date(found, url, expected):
    assert dates.page_date(found, url) == expected


def test_an_evening_page_is_dated_by_its_instant(tmp_path):
    from conftest import ROOT
    from news_digest import pipeline
    from news_digest.settings import DigestSettings
    from pages import article_page

    url = "https://harbour-courier.example/2026/11/18/ferry-crews-return-to-work"
    page = article_page(url=url).replace("2026-11-18T07:15:00+00:00", "2026-11-18T21:40:00-05:00")
    assert "2026-11-18T21:40:00-05:00" in page
    (tmp_path / "scraped").mkdir()
    (tmp_path / "scraped" / "ferry.html").write_text(page, encoding="utf-8")
    found = []
    for zone in ("UTC", "America/New_York"):
        settings = DigestSettings.from_pelican(
            {
                "PATH": str(tmp_path),
                "DIGEST_SOURCES": str(ROOT / "content" / "sources.yaml"),
                "DIGEST_REFERENCE_DATE": "2026-11-30",
                "TIMEZONE": zone,
            }
        )
        [story] = pipeline.load_stories(settings)
        found.append(story.date)
    assert found == [dt.date(2026, 11, 19), dt.date(2026, 11, 18)]
