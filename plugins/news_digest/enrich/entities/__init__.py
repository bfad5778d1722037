"""People, organisations and places, by rules and a small editable gazetteer.

No downloaded model. Per story:

1. Split the body into sentences and tokens; note which words appear
   capitalised in mid-sentence (so "Against" at a sentence start is known to
   be an ordinary word, while "Putin" is not).
2. Match gazetteer aliases (``content/entities.yaml``) anywhere: "U.S.",
   "Washington" and "the Western alliance" become their canonical names.
3. Group the remaining capitalised tokens into runs (allowing connectors
   such as "of", "de", "van") and peel off titles, roles and demonyms
   ("Russian Deputy Foreign Minister Sergei Ryabkov" -> "Sergei Ryabkov").
4. Classify what is left: an organisation by its suffix ("... Ministry",
   "... Party") or as an all-caps acronym; a person when 2-3 name tokens are
   preceded by a title or followed by "said"/"told", or when the surname
   recurs alone; a place after "in"/"from"/"to".
5. Merge surname-only mentions ("Donfried") into the full name.

Modules, in the order a story meets them: ``tokens`` (words and sentences),
``gazetteer`` (the YAML names and their matching pass), ``classify`` (runs
of capitals -> candidates), ``merge`` (candidates -> names), ``tags``
(entities of each story -> its tags). The word lists are in
``news_digest/lexicon``.
"""

from .gazetteer import KINDS, Gazetteer, load_gazetteer
from .tags import add_entities, extract_entities, rank_names, tags_with_pages

__all__ = [
    "KINDS",
    "Gazetteer",
    "add_entities",
    "extract_entities",
    "load_gazetteer",
    "rank_names",
    "tags_with_pages",
]
