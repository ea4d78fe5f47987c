"""Writing outputs so that no reader ever sees half of them: one file, or a run's set of files.

``atomic_write(path, data)``
    one file, through a temporary file beside it and a rename. What ``path`` points at is
    respected: a symlink is written through (the file it points to is replaced, the link stays),
    and a device or FIFO (``/dev/null``, ``/dev/stdout``, a named pipe) is written into, never
    replaced by a regular file.

``atomic_open(path)``
    the same for a file written piece by piece (the lines of ``geoevents places`` as each
    article is read): the pieces go into the temporary file as they come.

``OutputFolder(path)``
    a run's set of files (``map.html``, ``events.geojson`` ...)::

        with OutputFolder("output/") as out:   # made, locked and checked writable before any work
            ...                                  # the analysis
            out.write("events.geojson", text)    # into a fresh staging folder inside it
            out.commit()                         # the set moved into place, old copies replaced

    A second run into the same folder waits for nothing: it fails at once, saying another run
    holds the folder (an ``flock`` on the folder itself, so no lock file is left behind). The
    staged set is moved into place only when all of it is written; a run that fails, is
    interrupted or terminated before that leaves the folder as it was and removes its staging
    folder. A run killed outright (SIGKILL, power loss) can leave its staging folder behind: the
    next run into the folder finishes a set that was complete (a ``.complete`` marker is written
    before the first file is moved) and removes one that was not, as it removes the temporary
    files older versions left.

Both raise :class:`~geoevents.errors.ExportError` naming the path when it cannot be written.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from geoevents.errors import ExportError

try:
    import fcntl
except ImportError:  # not on Windows: the folder is not locked there
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("geoevents")

__all__ = ["atomic_write", "atomic_open", "AtomicFile", "check_writable", "OutputFolder", "STAGING_PREFIX"]

#: name of the folder a run stages its outputs in, inside the output folder
STAGING_PREFIX = ".geoevents-staging-"
_COMPLETE = ".complete"


def _umask() -> int:
    """The process's umask, read without changing it where the system says (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _error(path: Path, e: OSError) -> ExportError:
    return ExportError(f"{path}: cannot be written ({e.strerror or e})")


def _target(path: Path) -> Path:
    """Where writing ``path`` must land: through any symlinks (a dangling one included)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _special(path: Path) -> bool:
    """Whether ``path`` exists and is not a regular file (a device, a FIFO, a socket); raises
    ExportError for a folder."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as e:
        raise _error(path, e) from e
    if stat.S_ISDIR(mode):
        raise ExportError(f"{path}: is a folder, not a file")
    return not stat.S_ISREG(mode)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Temporary files of ``name`` that a killed process left (``.NAME.PID.xxxx.tmp`` whose PID
    is gone, and the ``.NAME.xxxx.tmp`` of versions that did not say their PID)."""
    pattern = re.compile(r"\.%s\.(?:(\d+)\.)?[\w-]+\.tmp" % re.escape(name))
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m and (m.group(1) is None or not _alive(int(m.group(1)))):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


class AtomicFile:
    """The file :func:`atomic_open` yields: bytes written to it reach ``path`` only when the
    ``with`` block ends without an exception. A write that fails raises ExportError naming
    ``path``."""

    def __init__(self, path: Path, file: BinaryIO):
        self.path = path
        self._file = file

    def write(self, data: bytes) -> None:
        try:
            self._file.write(data)
        except OSError as e:
            raise _error(self.path, e) from e


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike) -> Iterator[AtomicFile]:
    """A file to write ``path`` through, piece by piece, as :func:`atomic_write` writes it whole:
    into a temporary file beside it, renamed over ``path`` when the ``with`` block ends. If the
    block raises (an error, Ctrl-C, SIGTERM turned into SystemExit), the temporary file is
    removed and ``path`` is left as it was. A symlink is written through; a device or FIFO is
    written into as the bytes come (there is nothing to rename over)::

        with atomic_open("places.jsonl") as f:
            for line in lines:       # produced one at a time: never all in memory
                f.write(line)
    """
    path = Path(path)
    target = _target(path)
    if _special(target):
        try:
            special = open(target, "wb")
        except OSError as e:
            raise _error(path, e) from e
        with special:
            yield AtomicFile(path, special)
            try:
                special.flush()
            except OSError as e:
                raise _error(path, e) from e
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(target.parent, target.name)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise _error(path, e) from e
    written = False  # an OSError of the caller's own (an input it reads) is not this file's
    try:
        with os.fdopen(fd, "wb") as f:
            yield AtomicFile(path, f)
            written = True
            try:
                mode = target.stat().st_mode & 0o7777
            except OSError:
                mode = 0o666 & ~_umask()
            f.flush()
            os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError) and written:
            raise _error(path, e) from e
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    The file gets the permissions a plain ``open(path, "w")`` would give it (those of the file it
    replaces, else 0666 less the umask), not the private 0600 of a temporary file: a map is
    often written to be served or shared. A symlink is written through; a device or FIFO is
    written into directly (there is nothing to rename over). Returns ``path``.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_open(path) as f:
        f.write(payload)
    return Path(path)


def check_writable(path: str | os.PathLike) -> None:
    """Fail now, before any work, if the file ``path`` could not be written later: its folder
    cannot be made or written to, or ``path`` is a folder. ``-`` (stdout) is always writable."""
    path = Path(path)
    if str(path) == "-":
        return
    target = _target(path)
    if _special(target):
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise _error(path, e) from e


class OutputFolder:
    """A folder that receives a run's set of outputs all at once (see the module docstring).

    ``names`` are the files the run owns in the folder: when the set is committed, those of them
    the new set does not hold (an ``events.gpkg`` of an earlier run with ``--format gpkg``) are
    removed, so the folder never holds files of two runs.
    """

    def __init__(self, path: str | os.PathLike, names: Iterable[str] = ()):
        self.path = Path(path)
        self.names = tuple(names)
        self._fd: int | None = None
        self._staging: Path | None = None
        self._written: list[str] = []
        self._created = False

    # -- open: make, lock, tidy, check -------------------------------------------------------

    def open(self) -> "OutputFolder":
        path = self.path
        if path.exists() and not path.is_dir():
            raise ExportError(f"{path}: is not a folder")
        try:
            self._created = not path.exists()
            path.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError as e:
            raise ExportError(f"{path}: cannot be used as the output folder ({e.strerror or e})") from e
        try:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                # a file system without locks (some network mounts): go on, unlocked, and say so
                log.warning("%s: cannot be locked against a second run (%s)", path, e.strerror or e)
            else:
                os.close(self._fd)
                self._fd = None
                raise ExportError(f"{path}: another geoevents run is writing into this folder; wait for it "
                                  "to finish or give another -o") from None
        try:
            self._recover()
            staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=path))
            # the probe: a file can be made and written here
            (staging / ".probe").write_bytes(b"")
            (staging / ".probe").unlink()
        except OSError as e:
            self.close()
            raise ExportError(f"{path}: cannot be written ({e.strerror or e})") from e
        self._staging = staging
        return self

    def _recover(self) -> None:
        """Finish the set a killed run had completed; remove what killed runs left unfinished."""
        for entry in sorted(os.scandir(self.path), key=lambda e: e.name):
            if entry.name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
                staged = Path(entry.path)
                if (staged / _COMPLETE).is_file():
                    self._move_into_place(staged, json.loads((staged / _COMPLETE).read_text("utf-8")))
                shutil.rmtree(staged, ignore_errors=True)
        for name in self.names:
            _remove_stale_temporaries(self.path, name)
            # what versions before this one left for GDAL files: .events.tmp<PID>.gpkg
            stem, dot, suffix = name.rpartition(".")
            for leftover in self.path.glob(f".{stem}.tmp*.{suffix}"):
                m = re.fullmatch(r"\.%s\.tmp(\d+)\.%s" % (re.escape(stem), re.escape(suffix)), leftover.name)
                if m and not _alive(int(m.group(1))):
                    leftover.unlink(missing_ok=True)

    # -- staging -----------------------------------------------------------------------------

    def staged(self, name: str) -> Path:
        """The path in the staging folder where the file ``name`` of the set is to be written."""
        if self._staging is None:
            raise RuntimeError("the output folder is not open")
        if name not in self._written:
            self._written.append(name)
        return self._staging / name

    def write(self, name: str, data: str | bytes) -> Path:
        """Write one file of the set into the staging folder; returns where it will end up."""
        path = self.staged(name)
        try:
            with open(path, "wb") as f:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
                f.flush()
                os.fsync(f.fileno())
        except OSError as e:
            raise _error(self.path / name, e) from e
        return self.path / name

    def write_with(self, name: str, writer: Callable[[Path], object]) -> Path:
        """Let ``writer`` (GDAL) write the file ``name`` at the staging path it is given."""
        path = self.staged(name)
        try:
            writer(path)
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except ExportError:
            raise  # already says which file and why
        except OSError as e:
            raise _error(self.path / name, e) from e
        return self.path / name

    # -- commit ------------------------------------------------------------------------------

    def commit(self) -> list[Path]:
        """Move the staged set into the folder. Returns the paths of the files in place."""
        if self._staging is None:
            raise RuntimeError("the output folder is not open")
        staging, names = self._staging, list(self._written)
        try:
            mode = 0o666 & ~_umask()
            for name in names:
                try:
                    mode_of = (self.path / name).stat().st_mode & 0o7777
                except OSError:
                    mode_of = mode
                os.chmod(staging / name, mode_of)
            marker = staging / _COMPLETE
            marker.write_text(json.dumps({"files": names, "remove": [n for n in self.names if n not in names]}),
                              encoding="utf-8")
            _fsync_dir(staging)
            self._move_into_place(staging, json.loads(marker.read_text("utf-8")))
        except OSError as e:
            raise ExportError(f"{self.path}: the outputs cannot be moved into place ({e.strerror or e})") from e
        shutil.rmtree(staging, ignore_errors=True)
        self._staging = None
        return [self.path / name for name in names]

    def _move_into_place(self, staging: Path, plan) -> None:
        if isinstance(plan, list):
            plan = {"files": plan, "remove": []}
        for name in plan.get("files", ()):
            if (staging / name).exists():
                target = _target(self.path / name)
                os.replace(staging / name, target)
        for name in plan.get("remove", ()):
            if name not in plan.get("files", ()):
                (self.path / name).unlink(missing_ok=True)
        _fsync_dir(self.path)

    # -- close -------------------------------------------------------------------------------

    def close(self) -> None:
        """Remove the staging folder if the set was not committed, and release the lock."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
            if self._created:
                try:
                    self.path.rmdir()  # made for this run, which wrote nothing: not left behind
                except OSError:
                    pass
        if self._fd is not None:
            try:
                if fcntl is not None:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)
            except OSError:
                pass
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> "OutputFolder":
        return self.open() if self._fd is None else self

    def __exit__(self, *exc) -> None:
        self.close()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
