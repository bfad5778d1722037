"""Real-scrape rules seen from a real build: dates, slugs, rejections, warnings."""

from __future__ import annotations

from conftest import jsonld

PORT = (
    "The port of Kellhaven reopened its container terminal after a week-long strike, "
    "and the first ships were unloaded before dawn. Union leader Tomas Brennick said the "
    "new pay deal would be put to a vote of all members next month. The port authority "
    "said the backlog of containers would take about ten days to clear, and asked hauliers "
    "to book collection slots online. Shops in the town reported that deliveries of fresh "
    "food had started to arrive again on Thursday."
)


def test_url_dates_and_transliterated_slugs(make_site):
    files = {
        "scraped/port.txt": f"Порт Келхавен снова открыт | World | HC\n\n{PORT}\n",
        "scraped/port.yaml": "url: https://harbour-courier.example/2026/11/26/port-reopens/\n",
    }
    site = make_site(files)
    entry = site.entry("scraped/port.txt")
    assert entry["status"] == "published", entry
    assert entry["url"] == "2026/11/26/port-kelkhaven-snova-otkryt/"
    assert jsonld(site.page("scraped/port.txt"))["datePublished"] == "2026-11-26"


def test_slug_substitutions_from_pelicanconf_are_honoured(make_site):
    from pelican.settings import DEFAULT_CONFIG

    subs = [(r"^breaking\s*:\s*", ""), *DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]]
    files = {
        "scraped/port.txt": f"BREAKING: Port reopens | World | HC\n\n{PORT}\n",
        "scraped/port.yaml": "date: 2026-11-26\n",
    }
    site = make_site(files, SLUG_REGEX_SUBSTITUTIONS=subs)
    assert site.entry("scraped/port.txt")["url"] == "2026/11/26/port-reopens/"


def test_a_background_date_never_dates_the_story(make_site):
    body = (
        f"{PORT}\n\nThe last strike at the port, which began on Monday, March 2, 2020, "
        "lasted three weeks and ended with a smaller pay rise.\n"
    )
    site = make_site({"scraped/port.txt": f"Port reopens after strike | World | HC\n\n{body}"})
    assert site.entry("scraped/port.txt")["reason"] == "no date"
