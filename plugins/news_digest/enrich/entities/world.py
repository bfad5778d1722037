"""Well-kept name data from libraries, so no one keeps these lists by hand.

* Places: every country of ISO 3166-1 and every US state (ISO 3166-2:US)
  from ``pycountry``, each under its everyday name ("Iran", "South Korea")
  with its other ISO names as aliases ("Islamic Republic of Iran").
* People: titles and name suffixes from ``nameparser``: the words that
  stand before a name without being part of it ("Engineer Dan Hanson"),
  and the ones that close it ("Jaime Jaquez Jr.").

Each is read once per process, when the entity stage first needs it.
"""

from __future__ import annotations

from functools import cache

# Kinds of US subdivisions that are places people write as names on their
# own ("Minnesota", "District of Columbia"); the outlying areas are
# countries in ISO 3166-1 already ("Guam", "Puerto Rico").
_US_KINDS = frozenset({"State", "District"})


@cache
def places() -> dict[str, list[str]]:
    """``{canonical name: [aliases]}`` for the countries and US states."""
    import pycountry  # only the entity stage needs it (about 60 ms)

    out: dict[str, list[str]] = {}
    for country in pycountry.countries:
        forms = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
        # ISO's inverted forms ("Korea, Republic of", "Saint Martin (French
        # part)") are never how a story writes a name.
        usable = [f.removeprefix("the ") for f in forms if f and "," not in f and "(" not in f]
        if usable:
            canonical, *aliases = dict.fromkeys(usable)
            out.setdefault(canonical, aliases)
    for region in pycountry.subdivisions.get(country_code="US"):
        if region.type in _US_KINDS:
            out.setdefault(region.name, [])
    return out


@cache
def titles() -> frozenset[str]:
    """Titles and roles that precede a name, capitalised as in running text ("Engineer")."""
    from nameparser.config.titles import TITLES  # about 45 ms

    return frozenset(t.capitalize() for t in TITLES if t.isalpha())


@cache
def name_suffixes() -> frozenset[str]:
    """Generational and honorific suffixes that end a person's name ("Jr", "III", "Esq")."""
    from nameparser.config.suffixes import SUFFIX_WORDS

    words = [w for w in SUFFIX_WORDS if w.isascii() and w.isalpha() and len(w) > 1]
    # Roman numerals are written in capitals; a lone "I" or "V" is not a suffix.
    return frozenset(w.upper() if set(w) <= set("ivx") else w.capitalize() for w in words)
