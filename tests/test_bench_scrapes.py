"""The real-scrapes benchmark's date grading (bench/quality_scrapes.py), on cases we can work out by hand."""

from __future__ import annotations

import base64
import datetime as dt

from bench.quality_scrapes import local_days, outlet_zone

D = dt.date


def test_the_local_days_a_gmt_date_can_be():
    # 00:00 GMT on 24 March is the evening of the 23rd in Los Angeles (UTC-7 in March).
    assert local_days(D(2023, 3, 24), "America/Los_Angeles") == {D(2023, 3, 23), D(2023, 3, 24)}
    # London is on GMT until the last Sunday of March, then an hour ahead.
    assert local_days(D(2023, 3, 24), "Europe/London") == {D(2023, 3, 24)}
    assert local_days(D(2023, 3, 27), "Europe/London") == {D(2023, 3, 27), D(2023, 3, 28)}
    assert local_days(D(2023, 3, 24), "Australia/Sydney") == {D(2023, 3, 24), D(2023, 3, 25)}
    # No labelled zone: held to the GMT date.
    assert local_days(D(2023, 3, 24), None) == {D(2023, 3, 24)}


def test_outlet_zones_by_host_path_and_wrapped_link():
    assert outlet_zone("https://www.cbsnews.com/news/some-story/") == "America/New_York"
    assert outlet_zone("https://www.cbsnews.com/minnesota/news/some-story/") == "America/Chicago"
    inner = b"\x08\x13\x22\x36https://www.latimes.com/sports/story/2023-03-23/a-recap\xd2\x01\x00"
    code = base64.urlsafe_b64encode(inner).decode().rstrip("=")
    assert outlet_zone(f"https://news.google.com/rss/articles/{code}?oc=5") == "America/Los_Angeles"
    assert outlet_zone("https://unknown-outlet.example/2023/03/23/x/") is None
    assert outlet_zone(None) is None
