"""Read articles: .txt, .md and .html files, folders of them, and JSONL or CSV collections.

JSONL, CSV and Parquet rows carry ``id``, ``text``, ``title``, ``published`` (ISO date; ``dct`` is
accepted too) and ``url``; JSONL and CSV may be gzipped (``.jsonl.gz``, ``.csv.gz``). JSONL and
Parquet are read lazily, a line or a batch of rows at a time, so a collection larger than memory
can be read. Plain files take their publication date from the caller (``--published``),
unless the file states it itself (an HTML ``article:published_time`` meta tag, a Markdown front
matter ``date:`` line).

Nothing here raises on a bad input: each file, line or row that cannot be used becomes a
:class:`~geoevents.model.Problem` naming its path (and line), and reading goes on.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import gzip
import html
import json
import zlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator, Union

from geoevents.errors import InputError, UnreadableInputError
from geoevents.model import Document, Problem

__all__ = ["read_documents", "iter_documents", "stream_documents", "DocumentStream", "parse_published", "html_to_text",
           "TEXT_SUFFIXES"]

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                 ".html": "html", ".htm": "html"}
COLLECTION_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
#: what a gzipped collection may be (``news.jsonl.gz``)
GZIP_KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
#: the fields read from a Parquet file (its other columns are never loaded)
PARQUET_FIELDS = ("id", "text", "title", "published", "dct", "date", "url", "toponyms", "triggers")

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

    Ids are made unique: a repeated id gets a ``#2``, ``#3`` ... suffix that no other article
    has (an article whose own id is ``dup#2`` keeps it; the second ``dup`` then becomes
    ``dup#3``), and a problem says so.
    """
    items = list(iter_documents(paths, published))
    taken = {item.id for item in items if isinstance(item, Document)}
    docs: list[Document] = []
    problems: list[Problem] = []
    for item in _unique_ids(items, taken):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            docs.append(item)
    return docs, problems


class DocumentStream:
    """The documents and problems of :func:`read_documents`, the same and in the same order,
    read lazily each time it is iterated: only the ids are kept, never the texts. Made by
    :func:`stream_documents`, which reads the inputs once for the ids (so a repeated id is
    renamed as :func:`read_documents` renames it), how many articles there are (``len``) and
    how many have no publication date (``undated``)."""

    def __init__(self, paths: Iterable[str | os.PathLike], published: dt.date | None = None):
        self.paths = list(paths)
        self.published = published
        self.ids: set[str] = set()
        self.count = 0
        self.undated = 0
        for item in iter_documents(self.paths, published):
            if isinstance(item, Document):
                self.ids.add(item.id)
                self.count += 1
                self.undated += item.published is None

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Item]:
        return _unique_ids(iter_documents(self.paths, self.published), self.ids)


def stream_documents(paths: Iterable[str | os.PathLike], published: dt.date | None = None) -> DocumentStream:
    """The articles under ``paths``, read lazily (see :class:`DocumentStream`)."""
    return DocumentStream(paths, published)


def _unique_ids(items: Iterable[Item], taken: set[str]) -> Iterator[Item]:
    used: set[str] = set()
    for item in items:
        if isinstance(item, Problem):
            yield item
            continue
        if item.id in used:
            n = 2
            while f"{item.id}#{n}" in taken or f"{item.id}#{n}" in used:
                n += 1
            new_id = f"{item.id}#{n}"
            yield Problem(item.path or item.id, f"duplicate id {item.id!r} renamed {new_id!r}")
            item = dataclasses.replace(item, id=new_id)
        used.add(item.id)
        yield item


def iter_documents(paths: Iterable[str | os.PathLike], published: dt.date | None = None) -> Iterator[Item]:
    """Yield a Document for each article and a Problem for each input that cannot be used."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) and
                           not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                yield Problem(str(path), "folder holds no .txt, .md, .html, .jsonl, .csv or .parquet file")
            for f in files:
                yield from _read_path(f, published)
        elif path.exists():
            yield from _read_path(path, published)
        else:
            yield Problem(str(path), "no such file or folder", "error")


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        inner = GZIP_KINDS.get(Path(path.stem).suffix.lower())
        return f"{inner}.gz" if inner else None
    return TEXT_SUFFIXES.get(suffix) or COLLECTION_SUFFIXES.get(suffix)


def _read_path(path: Path, published: dt.date | None) -> Iterator[Item]:
    kind = _kind(path)
    if kind is None:
        yield Problem(str(path), f"unknown file type {path.suffix!r} (expected .txt, .md, .html, .jsonl, .csv, "
                                 ".jsonl.gz, .csv.gz or .parquet)", "error")
        return
    try:
        if kind in ("jsonl", "jsonl.gz"):
            # each line is decoded on its own: one bad byte costs its line, not the collection
            yield from _read_jsonl(_jsonl_stream(path, gzipped=kind.endswith(".gz")), path)
            return
        if kind == "parquet":
            yield from _read_parquet(path)
            return
        data = _read_bytes(path)
        if kind == "csv.gz":
            data = _gunzip(data, path)
            kind = "csv"
        if kind == "csv":
            yield from _read_csv(_decode(data, path, per_row=True), path)
            return
        raw = _decode(data, path)
    except UnreadableInputError as e:
        yield Problem(str(path), str(e).removeprefix(f"{path}: "), "error")
        return
    try:
        yield from _read_plain(raw, path, kind, published)
    except InputError as e:
        yield Problem(str(path), str(e).removeprefix(f"{path}: "), "error")


def _gunzip(data: bytes, path: Path) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise UnreadableInputError(f"is not a readable gzip file ({e})", str(path)) from e


def _jsonl_stream(path: Path, gzipped: bool) -> Iterator[tuple[int, str | Problem]]:
    """The lines of a JSONL file as :func:`_jsonl_lines` gives them, read a line at a time
    (a UTF-16 file, rare and never large in practice, is read whole)."""
    try:
        handle = gzip.open(path, "rb") if gzipped else open(path, "rb")
    except OSError as e:
        raise UnreadableInputError(f"cannot be read ({e.strerror or e})", str(path)) from e
    with handle:
        try:
            head = handle.peek(202)[:202] if hasattr(handle, "peek") else b""
            if _utf16(head):
                yield from _jsonl_lines(handle.read(), path)
                return
            lineno = 0
            first = True
            for raw in handle:
                if first:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                    first = False
                raw = raw.removesuffix(b"\n")
                # a lone CR ends a line too, as in _jsonl_lines
                parts = raw.removesuffix(b"\r").split(b"\r") if raw else [raw]
                for part in parts:
                    lineno += 1
                    yield lineno, _jsonl_line(part, path, lineno)
        except (OSError, EOFError, zlib.error) as e:
            where = f"{path}:{lineno + 1}" if not first else str(path)
            yield lineno + 1, Problem(where, f"cannot be read further ({e}); the rest of the file is skipped",
                                      "error")


def _read_parquet(path: Path) -> Iterator[Item]:
    """The rows of a Parquet file with the fields of a JSONL line, a batch at a time."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Problem(str(path), "reading Parquet needs pyarrow: pip install 'geoevents[parquet]'", "error")
        return
    try:
        source = pq.ParquetFile(path)
        names = set(source.schema_arrow.names)
        if "text" not in names:
            yield Problem(str(path), "a Parquet file needs a 'text' column", "error")
            return
        columns = [f for f in PARQUET_FIELDS if f in names]
        rowno = 0
        for batch in source.iter_batches(batch_size=512, columns=columns):
            for row in batch.to_pylist():
                rowno += 1
                yield from _from_row(row, path, f"{path}:row {rowno}", f"{path.name}:{rowno}")
    except (OSError, ValueError) as e:  # pyarrow's errors derive from these
        yield Problem(str(path), f"cannot be read as Parquet ({_first_line(e)})", "error")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise UnreadableInputError(f"cannot be read ({e.strerror or e})", str(path)) from e


def _utf16(data: bytes) -> bool:
    # a UTF-16 BOM is the one signal strong enough to decode anything but UTF-8; with the NUL
    # bytes UTF-16 gives the ASCII letters of text and JSON, so that a collection whose first
    # line merely begins with those two bytes is still read line by line as UTF-8
    return data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data[2:202]


def _position(data: bytes, index: int) -> str:
    """``line L, column C`` of the byte at ``index`` (both from 1; the column counts bytes)."""
    line_start = max(data.rfind(b"\n", 0, index), data.rfind(b"\r", 0, index)) + 1
    line = data.count(b"\n", 0, index) + 1 if b"\n" in data else data.count(b"\r", 0, index) + 1
    return f"line {line}, column {index - line_start + 1}"


def _newlines(text: str) -> str:
    # one newline convention, so offsets are the same whatever system wrote the file
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: Path, per_row: bool = False) -> str:
    """A whole file as text. ``per_row``: bytes that are not UTF-8 become surrogate escapes
    (U+DC80-U+DCFF) for the reader to find in the row that holds them; else they are an error
    naming their line."""
    if _utf16(data):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise UnreadableInputError(f"is not valid UTF-16 (byte {e.start}); save it as UTF-8", str(path)) from e
    elif per_row:
        text = data.decode("utf-8-sig", errors="surrogateescape")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise UnreadableInputError(f"is not valid UTF-8 ({_position(data, e.start)}: "
                                       f"{data[e.start:e.start + 1]!r}); save it as UTF-8", str(path)) from e
        if "\x00" in text:
            first = _position(data, data.index(b"\x00"))
            raise UnreadableInputError(f"looks binary (holds NUL bytes, the first at {first})", str(path))
    return _newlines(text)


def _jsonl_lines(data: bytes, path: Path) -> Iterator[tuple[int, str | Problem]]:
    """(line number, its text or the Problem that makes it unusable) for each line of a JSONL file."""
    if _utf16(data):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: each line is read as UTF-8 below
        else:
            for lineno, line in enumerate(_newlines(text).split("\n"), 1):
                yield lineno, line
            return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for lineno, raw in enumerate(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"), 1):
        yield lineno, _jsonl_line(raw, path, lineno)


def _jsonl_line(raw: bytes, path: Path, lineno: int) -> str | Problem:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return Problem(f"{path}:{lineno}", f"not valid UTF-8 (column {e.start + 1}: "
                                           f"{raw[e.start:e.start + 1]!r}); the line is skipped", "error")
    if "\x00" in line:
        column = raw.index(b"\x00") + 1
        return Problem(f"{path}:{lineno}", f"holds a NUL byte (column {column}); the line is skipped", "error")
    return line


def _read_plain(raw: str, path: Path, kind: str, published: dt.date | None) -> Iterator[Item]:
    title = None
    url = None
    stated = None
    if kind == "html":
        parsed = html_to_text(raw)
        text, title = parsed.text, parsed.title
        url = parsed.url
        stated = parsed.published
    elif kind == "markdown":
        text, meta = _front_matter(raw)
        title = meta.get("title")
        url = meta.get("url")
        stated = meta.get("published") or meta.get("date")
    else:
        text = raw
    if not text.strip():
        raise InputError("holds no text")
    if stated:
        try:
            published = parse_published(stated)
        except InputError as e:
            published = None
            yield Problem(str(path), f"{e}: the article is read without a publication date")
    if title is None:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        title = first.lstrip("# ").strip()[:200] or None
    yield Document(id=path.name, text=text, title=title, published=published, url=url, path=str(path))


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


def _read_jsonl(lines: Iterable[tuple[int, str | Problem]], path: Path) -> Iterator[Item]:
    for lineno, line in lines:
        if isinstance(line, Problem):
            yield line
            continue
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield Problem(where, f"not valid JSON ({e.msg} at column {e.colno})", "error")
            continue
        except (ValueError, RecursionError) as e:
            # a number of more than 4,300 digits, arrays nested thousands deep
            yield Problem(where, f"cannot be read as JSON ({_first_line(e)})", "error")
            continue
        if not isinstance(row, dict):
            yield Problem(where, "a JSONL line must be an object with a 'text' field", "error")
            continue
        yield from _from_row(row, path, where, f"{path.name}:{lineno}")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:200] if lines else type(error).__name__


#: bytes that were not UTF-8, as ``errors="surrogateescape"`` decodes them
_ESCAPED = re.compile("[\udc80-\udcff]")


def _read_csv(raw: str, path: Path) -> Iterator[Item]:
    """The rows of a CSV file (decoded with surrogate escapes for bytes that are not UTF-8).

    A row with such a byte or a NUL is skipped and named. A quoted field that is never closed,
    or a quote followed by more text, is reported at the line where its row starts; that row is
    skipped and reading starts again on the next line, so the rows after it are not swallowed
    into one field.
    """
    # lines end at "\n" only (newlines are normalised on reading): str.splitlines would also end
    # them at U+2028, U+0085 ..., which an unquoted field may hold
    parts = raw.split("\n")
    lines = [line + "\n" for line in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    reader = csv.DictReader(lines, strict=True)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as e:
        yield Problem(f"{path}:1", f"the CSV header cannot be parsed ({e})", "error")
        return
    if not fieldnames or "text" not in [f.strip().lower() for f in fieldnames]:
        yield Problem(str(path), "a CSV file needs a header row with a 'text' column", "error")
        return
    offset = 0  # lines before the ones the current reader reads
    while True:
        start = offset + reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if "end of data" in str(e):
                why = "a quoted field opens on this line and is never closed"
            else:
                why = f"a quote is misplaced ({e})"
            yield Problem(f"{path}:{start}", f"{why}; the row is skipped and reading goes on at the next line",
                          "error")
            offset = start
            reader = csv.DictReader(lines[offset:], fieldnames=fieldnames, strict=True)
            continue
        end = offset + reader.line_num
        where = f"{path}:{end}"
        cells = [v for v in row.values() if isinstance(v, str)] + \
            [x for v in row.values() if isinstance(v, list) for x in v]
        bad = next((_ESCAPED.search(c) for c in cells if _ESCAPED.search(c)), None)
        if bad is not None:
            byte = bytes([ord(bad.group()) - 0xDC00])
            yield Problem(where, f"not valid UTF-8 ({byte!r}); the row is skipped", "error")
            continue
        if any("\x00" in c for c in cells):
            yield Problem(where, "holds a NUL byte; the row is skipped", "error")
            continue
        clean = {(k or "").strip().lower(): v for k, v in row.items()}
        # DictReader reports the line where the row ends; a quoted field may span lines
        yield from _from_row(clean, path, where, f"{path.name}:{end}")


#: lone UTF-16 surrogates (a JSON "\ud800" escape without its pair): not characters, so no
#: encoder accepts them; each becomes U+FFFD, one character for one, so offsets stay valid
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: object, field: str, where: str, problems: list[Problem]) -> object:
    if isinstance(value, str) and _SURROGATE.search(value):
        problems.append(Problem(where, f"'{field}' holds lone surrogates ({len(_SURROGATE.findall(value))}), "
                                       "read as U+FFFD"))
        return _SURROGATE.sub("\ufffd", value)
    return value


#: characters an id cannot carry into every output: GDAL's GeoPackage and CSV drivers end a
#: text field at NUL, and the other control characters break CSV and terminals
_ID_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _from_row(row: dict, path: Path, where: str, fallback_id: str) -> Iterator[Item]:
    notes: list[Problem] = []
    text = _clean(row.get("text"), "text", where, notes)
    if not isinstance(text, str) or not text.strip():
        yield Problem(where, "row has no 'text'", "error")
        return
    try:
        published = parse_published(row.get("published") or row.get("dct") or row.get("date"))
    except InputError as e:
        published = None
        notes.append(Problem(where, f"{e}: the article is read without a publication date"))
    doc_id = _clean(row.get("id"), "id", where, notes)
    doc_id = str(doc_id).strip() if doc_id not in (None, "") else fallback_id
    if _ID_CONTROL.search(doc_id):
        new_id = _ID_CONTROL.sub("\ufffd", doc_id)
        notes.append(Problem(where, f"id {doc_id!r} holds control characters, read as {new_id!r}"))
        doc_id = new_id
    title = _clean(row.get("title"), "title", where, notes)
    url = _clean(row.get("url"), "url", where, notes)
    given: dict[str, list[tuple[int, int]]] = {}
    for field, what in (("toponyms", "toponym"), ("triggers", "trigger")):
        spans = given[field] = []
        listed = row.get(field)
        if listed in (None, ""):
            continue
        if not isinstance(listed, list):
            yield Problem(where, f"'{field}' must be a list of {{\"start\", \"end\"}} objects, "
                                 f"not {type(listed).__name__}", "error")
            return
        for t in listed:
            try:
                start, end = int(t["start"]), int(t["end"])
            except (TypeError, KeyError, ValueError, OverflowError):
                yield Problem(where, f"each of '{field}' needs integer 'start' and 'end'", "error")
                return
            if not 0 <= start < end <= len(text):
                yield Problem(where, f"{what} span {start}-{end} lies outside the text", "error")
                return
            spans.append((start, end))
    yield from notes
    yield Document(id=doc_id, text=text, title=str(title) if title else None,
                   published=published, url=str(url) if url else None, path=str(path),
                   given_spans=tuple(given["toponyms"]), given_triggers=tuple(given["triggers"]))


class _HTMLText(HTMLParser):
    """Collect the readable text of a page: block elements become line breaks; script, style,
    navigation and the like are dropped."""

    SKIP = {"script", "style", "noscript", "template", "svg", "nav", "footer", "form", "iframe"}
    #: what may stand in <head>; any other tag opens the body, as in a browser, so a page whose
    #: </head> is missing still has its text
    HEAD = {"title", "meta", "link", "base", "style", "script", "noscript", "template"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
             "section", "article", "header", "blockquote", "pre", "figure", "figcaption", "hr", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif self.in_head and tag not in self.HEAD:
            self.in_head = False
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
        if tag == "head":
            self.in_head = False
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip and not self.in_head:
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
