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


def test_a_caption_date_near_the_scrape_dates_the_story_and_the_caption_goes(make_site):
    caption = "Harbourmaster Ines Calder speaks on the north quay on Friday, November 27, 2026. Piet Varga/AP"
    files = {
        "scraped/port.txt": f"Port reopens after strike | World | HC\n\n{PORT}\n\n{caption}\n\n{PORT}\n",
        "scraped/port.yaml": "scraped: 2026-11-28\n",
    }
    site = make_site(files)
    assert site.entry("scraped/port.txt")["status"] == "published"
    page = site.page("scraped/port.txt")
    assert jsonld(page)["datePublished"] == "2026-11-27"
    assert "Piet Varga" not in page


def test_not_a_story_reasons_in_the_report(make_site):
    files = {
        "scraped/port.txt": f"Port reopens after strike | World | HC\n\n{PORT}\n",
        "scraped/port.yaml": "date: 2026-11-26\n",
        "scraped/video.txt": "Harbour weather: 6 p.m. report | HC\n\n"
        "Harbour weather: 6 p.m. report Rain moves in overnight, forecaster Ana Ruiz says.\n",
        "scraped/video.yaml": "date: 2026-11-26\n",
        "scraped/short.txt": "Ferry delayed | HC\n\nThe evening ferry to Brackwater left an hour late on Thursday.\n",
        "scraped/short.yaml": "date: 2026-11-26\n",
        "scraped/bare.txt": "Port reopens after strike: live updates | HC\n",
    }
    site = make_site(files, DIGEST_MIN_WORDS=60)
    assert site.entry("scraped/port.txt")["status"] == "published"
    assert site.entry("scraped/video.txt")["reason"] == "not a story: a video page"
    assert site.entry("scraped/short.txt")["reason"] == "not a story: under 60 words"
    assert site.entry("scraped/bare.txt")["reason"] == "no story text"
    # The setting decides what is short.
    site = make_site(files, DIGEST_MIN_WORDS=5)
    assert site.entry("scraped/short.txt")["status"] == "published"


FERRY = (
    "The evening ferry to Brackwater was cancelled on Thursday after one of its two engines failed "
    "off the harbour wall. About ninety passengers were taken back to the terminal and offered hotel "
    "rooms for the night. The operator said a replacement vessel would run the crossing from Friday "
    "morning, and that tickets for the cancelled sailing would be refunded in full within a week."
)
MARKET = (
    "Kellhaven's fish market will move to the north quay next spring, the harbour council decided on "
    "Wednesday after a long debate. Traders said the new hall would give them cold stores and space "
    "for lorries, but several warned that rents would rise. The council promised that stall fees would "
    "stay frozen for the first two years and that the old market building would become a museum."
)


def test_a_headline_that_is_the_lede_is_published_with_a_warning(make_site):
    first = PORT.split(". ")[0] + "."
    files = {
        "scraped/lede.txt": f"{first} | HC\n\n{PORT}\n",
        "scraped/lede.yaml": "date: 2026-11-26\n",
        "scraped/titled.txt": f"Posted 11/26/2026 3:36 PM | HC\n\n{FERRY}\n",
        "scraped/titled.yaml": "title: Evening ferry cancelled after engine failure\n",
        "scraped/stamp.txt": f"Posted 11/26/2026 3:36 PM | HC\n\n{MARKET}\n",
    }
    site = make_site(files)
    lede = site.entry("scraped/lede.txt")
    assert lede["status"] == "published" and "headline looks like a lede" in lede["warnings"]
    titled = site.entry("scraped/titled.txt")
    assert titled["status"] == "published" and "headline looks like a lede" not in titled["warnings"]
    assert (
        jsonld(site.page("scraped/titled.txt"))["headline"] == "Evening ferry cancelled after engine failure"
    )
    assert titled["url"].startswith("2026/11/26/")  # the timestamp still dates it
    stamp = site.entry("scraped/stamp.txt")
    assert "headline looks like a lede" in stamp["warnings"] and stamp["url"].startswith("2026/11/26/")


def test_captions_and_promos_never_reach_the_page_or_the_summary(make_site):
    text = (
        "Port reopens after strike | World | HC\n\n"
        "KELLHAVEN, Nov. 26 (Harbour Courier) — Dockers cheer as the gates open. (Jonas Field / Harbour Courier)\n\n"
        "Today, put a dollar value on the reporting you rely on. We need your help to keep it going. Thank you.\n\n"
        f"KELLHAVEN, Nov. 26 (Harbour Courier) — {PORT}\n\n"
        "Sign up for the Harbour Daily newsletter, delivered to your inbox every morning.\n"
    )
    site = make_site({"scraped/port.txt": text})
    data = jsonld(site.page("scraped/port.txt"))
    assert data["datePublished"] == "2026-11-26"  # from the dateline
    for junk in ("Jonas Field", "dollar value", "newsletter", "KELLHAVEN, Nov. 26"):
        assert junk not in data["description"]
    for junk in ("Jonas Field", "dollar value", "newsletter"):
        assert junk not in data["articleBody"]
    assert data["description"].startswith("The port of Kellhaven reopened")


def test_learned_furniture_is_reported_once_per_outlet(make_site):
    promo = "Get the Harbour Courier's headlines in your inbox every morning."
    bodies = [PORT, FERRY, MARKET]
    files = {}
    for i, body in enumerate(bodies):
        files[f"scraped/hc/s{i}.txt"] = f"Story {i} | HC\n\n{body}\n\n{promo}\n"
        files[f"scraped/hc/s{i}.yaml"] = "date: 2026-11-26\n"
    site = make_site(files)
    notes = [w for i in site.report["inputs"] for w in i["warnings"] if "learned furniture" in w]
    assert len(notes) == 1 and promo in notes[0]
    for i in range(len(bodies)):
        assert promo not in jsonld(site.page(f"scraped/hc/s{i}.txt"))["articleBody"]


FERRY = (
    "Fares on the Brackwater ferry will rise by a fifth from January, the operator said on "
    "Wednesday, blaming the cost of fuel and a new harbour levy. Season tickets for islanders "
    "are frozen for another year. Councillor Ada Rusk said the rise would hurt day visitors "
    "most and asked the operator to publish its accounts. The operator said a second boat "
    "would run on summer weekends, and that the timetable for next year would be online soon."
)


LEVY = (
    "The harbour levy was unpopular when the council first proposed it, and this newspaper said "
    "so. Two years on, the money has paid for a new slipway, dredging of the inner basin and "
    "lights on the north pier. Fishermen who opposed it now land their catch at any tide. The "
    "council should publish the accounts every spring, and keep the levy no higher than it is."
)

BOAT = (
    "Every summer the single Brackwater boat leaves islanders on the quay while day visitors "
    "fill the deck. A second boat on weekends is a start, but the island needs one all year. "
    "The operator has the harbour berth and the crews; what it lacks is a contract that rewards "
    "running more sailings. The ministry should write that contract before the next tender."
)


def test_the_outlet_tagline_and_the_section_are_not_published_with_the_headline(make_site):
    files = {
        "scraped/levy.txt": f"The Courier view on the harbour levy: fair at last | Editorial | Opinion | HC\n\n{LEVY}\n",
        "scraped/levy.yaml": "date: 2026-11-27\n",
        "scraped/hatch.txt": f"Opinion | Brackwater needs a second boat | Opinion | HC\n\n{BOAT}\n",
        "scraped/hatch.yaml": "date: 2026-11-27\n",
        "scraped/port.txt": f"Port reopens after strike - The Harbour Courier | World | Harbour Courier\n\n{PORT}\n",
        "scraped/port.yaml": "date: 2026-11-26\n",
        "scraped/ferry.txt": f"Ferry fares rise | World | HC\n\n{FERRY}\n",
        "scraped/ferry.yaml": (
            "date: 2026-11-26\ntitle: 'Ferry fares rise | harbour-courier'\n"
            "url: https://www.harbour-courier.example/2026/11/26/ferry/\n"
        ),
    }
    site = make_site(files)
    assert site.entry("scraped/port.txt")["url"] == "2026/11/26/port-reopens-after-strike/"
    assert site.entry("scraped/ferry.txt")["url"] == "2026/11/26/ferry-fares-rise/"
    page = site.page("scraped/port.txt")
    assert "<title>Port reopens after strike" in page
    assert "Harbour Courier</title>" not in page and "strike - The Harbour Courier" not in page
    feed = (site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "<title>Ferry fares rise</title>" in feed and "harbour-courier</title>" not in feed
    # A section glued to the page title is the site's, not the headline's.
    assert (
        site.entry("scraped/levy.txt")["url"]
        == "2026/11/27/the-courier-view-on-the-harbour-levy-fair-at-last/"
    )
    assert "fair at last | Editorial" not in site.page("scraped/levy.txt")
    assert site.entry("scraped/hatch.txt")["url"] == "2026/11/27/brackwater-needs-a-second-boat/"
    assert "<title>Brackwater needs a second boat" in site.page("scraped/hatch.txt")
