"""Commentary through Pelican: its readers read each note, editorials become Articles.

Notes are read by Pelican's ``Readers`` (the ``MarkdownReader`` for ``.md``),
so the ``MARKDOWN`` setting, typogrify and Pelican's header rules apply to
them exactly as to any Pelican page. What a note *is* is decided in
:mod:`.commentary`, which knows nothing of Pelican.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pelican.contents import Article, Category
from pelican.readers import Readers
from pelican.utils import slugify

from . import files
from .commentary import Note, classify

logger = logging.getLogger(__name__)

EDITORIAL_CATEGORY = "Editorials"


def read_commentary(
    folder: Path,
    content: Path,
    settings: Mapping[str, Any],
    typogrify: Callable[[str], str] = lambda text: text,
) -> list[Note]:
    """Every Markdown note under ``folder`` (any depth), sorted by path, each read once.

    The reader is the one Pelican's ``Readers`` picks for ``.md`` (so
    ``READERS`` and ``MARKDOWN`` apply); only the file's own headers count,
    not Pelican's defaults or folder-as-category. A note the reader cannot
    read (a ``Date:`` it cannot parse, bad encoding) is a rejected note,
    never a stopped build.
    """
    if not folder.is_dir():
        return []
    readers = Readers(dict(settings)).readers
    notes = []
    # Only regular files inside the content folder (files.py): a link out of
    # it, a FIFO or a dangling link is a rejected note, never opened.
    for found in sorted(files.walk(folder, content), key=lambda f: f.path):
        path = found.path
        rel = path.relative_to(content).as_posix()
        reader = readers.get(path.suffix.lower().lstrip("."))
        if type(reader).__name__ != "MarkdownReader":
            continue
        if found.reason:
            note = Note(source=rel)
            note.reject(found.reason)
            notes.append(note)
            continue
        try:
            html, metadata = reader.read(str(path))
        except Exception as exc:  # an editor's typo rejects one note, not the build
            what = "bad date" if "date" in str(exc).lower() else "could not read"
            note = Note(source=rel)
            note.reject(f"{what}: {exc}")
            notes.append(note)
            continue
        notes.append(classify(rel, typogrify(html or ""), metadata))
    return notes


def editorial_articles(
    notes: list[Note], taken: set[tuple[str, str]], settings: Mapping[str, Any], context: dict[str, Any]
) -> dict[str, Article]:
    """One Article per published editorial, keyed by the note's source.

    ``taken`` holds the (date, slug) pairs of stories: an editorial whose
    slug clashes with a story of its day gets ``-editorial`` added.
    """
    articles = {}
    for note in notes:
        if not (note.ok and note.kind == "editorial" and note.date and note.title):
            continue
        metadata = dict(note.metadata)
        slug = note.slug or slugify(
            note.title,
            regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=False,
        )
        while (note.date.isoformat(), slug) in taken:
            slug = f"{slug}-editorial"
        taken.add((note.date.isoformat(), slug))
        metadata["slug"] = slug
        metadata.setdefault("category", Category(EDITORIAL_CATEGORY, settings))
        metadata["editorial"] = note
        metadata["status"] = "published"
        article = Article(
            note.html,
            metadata=metadata,
            settings=settings,
            source_path=str(Path(settings["PATH"]).absolute() / note.source),
            context=context,
        )
        note.url = article.url
        articles[note.source] = article
    return articles
