"""The JSON-LD writer gives ``json.dumps``'s exact text with an indent, for every value it is given."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from news_digest.indented_json import dumps

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text()
    | st.sampled_from(["</script>", "<!--", "a\u2028b", "\ud800", "caf\u00e9", "\x00\x1f", '"\\'])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=25,
)


@settings(max_examples=examples(300), deadline=None)
@given(_VALUES, st.integers(min_value=0, max_value=3))
def test_the_same_text_as_json_dumps(value, indent):
    assert dumps(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


def test_a_story_page_s_shape():
    value = {
        "@context": "https://schema.org",
        "headline": "Ferry \u201ctimetable\u201d </script>",
        "datePublished": None,
        "publisher": {"@type": "Organization", "name": "Tollerby Post"},
        "keywords": [],
        "relatedLink": ["/a/", "/b/"],
        "author": {},
    }
    text = dumps(value)
    assert text == json.dumps(value, ensure_ascii=False, indent=1)
    assert text.startswith('{\n "@context": "https://schema.org",\n')
    assert '"keywords": [],\n "relatedLink": [\n  "/a/",\n  "/b/"\n ],' in text
