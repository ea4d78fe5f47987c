"""Read articles: .txt, .md and .html files, folders of them, and JSONL or CSV collections.

JSONL and CSV rows carry ``id``, ``text``, ``title``, ``published`` (ISO date; ``dct`` is accepted
too) and ``url``. Plain files take their publication date from the caller (``--published``),
unless the file states it itself (an HTML ``article:published_time`` meta tag, a Markdown front
matter ``date:`` line).

Nothing here raises on a bad input: each file, line or row that cannot be used becomes a
:class:`~geoevents.model.Problem` naming its path (and line), and reading goes on.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator, Union

from geoevents.errors import InputError, UnreadableInputError
from geoevents.model import Document, Problem

__all__ = ["read_documents", "iter_documents", "parse_published", "html_to_text", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                 ".html": "html", ".htm": "html"}
COLLECTION_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}

# CSV fields may hold whole articles
csv.field_size_limit(64 * 1024 * 1024)


def parse_published(value: object) -> dt.date | None:
    """An ISO 8601 date or date-time (``2020-01-04``, ``2020-01-04T10:30:00Z``) as a date.

    Raises InputError for a value that is present but not a date; returns None for no value.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    if not s:
        return None
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", s) or re.match(r"^(\d{4})(\d{2})(\d{2})$", s)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise InputError(f"published date {s!r} is not an ISO date (YYYY-MM-DD)")


Item = Union[Document, Problem]


def read_documents(paths: Iterable[str | os.PathLike], published: dt.date | None = None
                   ) -> tuple[list[Document], list[Problem]]:
    """Read every article under ``paths``; return the documents and the problems met.

    Ids are made unique: a repeated id gets a ``#2``, ``#3`` suffix and a problem says so.
    """
    docs: list[Document] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for item in iter_documents(paths, published):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        n = seen.get(item.id, 0) + 1
        seen[item.id] = n
        if n > 1:
            new_id = f"{item.id}#{n}"
            problems.append(Problem(item.path or item.id, f"duplicate id {item.id!r} renamed {new_id!r}"))
            item = dataclasses.replace(item, id=new_id)
        docs.append(item)
    return docs, problems


def iter_documents(paths: Iterable[str | os.PathLike], published: dt.date | None = None) -> Iterator[Item]:
    """Yield a Document for each article and a Problem for each input that cannot be used."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) and
                           not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                yield Problem(str(path), "folder holds no .txt, .md, .html, .jsonl or .csv file")
            for f in files:
                yield from _read_path(f, published)
        elif path.exists():
            yield from _read_path(path, published)
        else:
            yield Problem(str(path), "no such file or folder", "error")


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return TEXT_SUFFIXES.get(suffix) or COLLECTION_SUFFIXES.get(suffix)


def _read_path(path: Path, published: dt.date | None) -> Iterator[Item]:
    kind = _kind(path)
    if kind is None:
        yield Problem(str(path), f"unknown file type {path.suffix!r} (expected .txt, .md, .html, .jsonl or .csv)",
                      "error")
        return
    try:
        raw = _read_text(path)
    except UnreadableInputError as e:
        yield Problem(str(path), str(e).removeprefix(f"{path}: "), "error")
        return
    if kind == "jsonl":
        yield from _read_jsonl(raw, path)
    elif kind == "csv":
        yield from _read_csv(raw, path)
    else:
        try:
            yield _read_plain(raw, path, kind, published)
        except InputError as e:
            yield Problem(str(path), str(e).removeprefix(f"{path}: "), "error")


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableInputError(f"cannot be read ({e.strerror or e})", str(path)) from e
    # a UTF-16 BOM is the one signal strong enough to decode anything but UTF-8
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise UnreadableInputError(
            f"is not valid UTF-8 (byte {e.start}: {data[e.start:e.start + 1]!r}); save it as UTF-8", str(path)) from e
    if "\x00" in text:
        raise UnreadableInputError("looks binary (holds NUL bytes)", str(path))
    # one newline convention, so offsets are the same whatever system wrote the file
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_plain(raw: str, path: Path, kind: str, published: dt.date | None) -> Document:
    title = None
    url = None
    if kind == "html":
        parsed = html_to_text(raw)
        text, title = parsed.text, parsed.title
        url = parsed.url
        if parsed.published:
            published = parse_published(parsed.published)
    elif kind == "markdown":
        text, meta = _front_matter(raw)
        title = meta.get("title")
        url = meta.get("url")
        stated = meta.get("published") or meta.get("date")
        if stated:
            published = parse_published(stated)
    else:
        text = raw
    if not text.strip():
        raise InputError("holds no text")
    if title is None:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        title = first.lstrip("# ").strip()[:200] or None
    return Document(id=path.name, text=text, title=title, published=published, url=url, path=str(path))


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _front_matter(raw: str) -> tuple[str, dict[str, str]]:
    """Split a Markdown file's simple ``key: value`` front matter from its text.

    The front matter is blanked (every character but a newline becomes a space), so offsets into
    the article text are offsets into the file.
    """
    m = _FRONT.match(raw)
    if not m:
        return raw, {}
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("'\"")
    blank = re.sub(r"[^\n]", " ", m.group(0))
    return blank + raw[m.end():], meta


def _read_jsonl(raw: str, path: Path) -> Iterator[Item]:
    for lineno, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield Problem(where, f"not valid JSON ({e.msg} at column {e.colno})", "error")
            continue
        if not isinstance(row, dict):
            yield Problem(where, "a JSONL line must be an object with a 'text' field", "error")
            continue
        yield _from_row(row, path, where, f"{path.name}:{lineno}")


def _read_csv(raw: str, path: Path) -> Iterator[Item]:
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    if not reader.fieldnames or "text" not in [f.strip().lower() for f in reader.fieldnames]:
        yield Problem(str(path), "a CSV file needs a header row with a 'text' column", "error")
        return
    try:
        for row in reader:
            clean = {(k or "").strip().lower(): v for k, v in row.items()}
            # DictReader reports the line where the row ends; a quoted field may span lines
            where = f"{path}:{reader.line_num}"
            yield _from_row(clean, path, where, f"{path.name}:{reader.line_num}")
    except csv.Error as e:
        yield Problem(f"{path}:{reader.line_num}", f"CSV cannot be parsed ({e})", "error")


def _from_row(row: dict, path: Path, where: str, fallback_id: str) -> Item:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(where, "row has no 'text'", "error")
    try:
        published = parse_published(row.get("published") or row.get("dct") or row.get("date"))
    except InputError as e:
        return Problem(where, str(e), "error")
    doc_id = row.get("id")
    doc_id = str(doc_id).strip() if doc_id not in (None, "") else fallback_id
    title = row.get("title")
    url = row.get("url")
    given: dict[str, list[tuple[int, int]]] = {}
    for field, what in (("toponyms", "toponym"), ("triggers", "trigger")):
        spans = given[field] = []
        for t in row.get(field) or ():
            try:
                start, end = int(t["start"]), int(t["end"])
            except (TypeError, KeyError, ValueError):
                return Problem(where, f"each of '{field}' needs integer 'start' and 'end'", "error")
            if not 0 <= start < end <= len(text):
                return Problem(where, f"{what} span {start}-{end} lies outside the text", "error")
            spans.append((start, end))
    return Document(id=doc_id, text=text, title=str(title) if title else None,
                    published=published, url=str(url) if url else None, path=str(path),
                    given_spans=tuple(given["toponyms"]), given_triggers=tuple(given["triggers"]))


class _HTMLText(HTMLParser):
    """Collect the readable text of a page: block elements become line breaks; script, style,
    navigation and the like are dropped."""

    SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer", "form", "iframe"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
             "section", "article", "header", "blockquote", "pre", "figure", "figcaption", "hr", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIP:
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip:
            self.parts.append(data)


class _Page:
    def __init__(self, text: str, title: str | None, published: str | None, url: str | None):
        self.text, self.title, self.published, self.url = text, title, published, url


def html_to_text(markup: str) -> _Page:
    """The readable text of an HTML page, with its title, stated publication date and URL."""
    p = _HTMLText()
    p.feed(markup)
    p.close()
    text = "".join(p.parts)
    # collapse the whitespace HTML does not render, keeping paragraph breaks
    text = re.sub(r"[ \t\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    title = html.unescape(" ".join("".join(p.title_parts).split())) or p.meta.get("og:title")
    published = (p.meta.get("article:published_time") or p.meta.get("datepublished")
                 or p.meta.get("pubdate") or p.meta.get("date") or p.meta.get("dc.date"))
    url = p.meta.get("og:url") or p.meta.get("canonical")
    return _Page(text, title or None, published, url)
