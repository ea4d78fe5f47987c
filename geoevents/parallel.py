"""Run a function over a stream of tasks in worker processes or on a Dask cluster, results in
the order of the tasks.

Interface:
    ordered_map(func, tasks, workers) -> Iterator[result]
        ``func(task)`` for each task, in ``workers`` (from :func:`open_workers`), yielded in task
        order. At most a few tasks per worker are in flight, so a long stream of tasks (a lazily
        read collection) is never held in memory at once.
    open_workers(jobs=N) / open_workers(dask="tcp://host:8786" | "local:N") -> Workers
        A context manager: a pool of N spawned processes, or a Dask client.
    chunked(items, size) -> Iterator[list]

This module knows nothing of the pipeline: the functions it runs are module-level functions of
:mod:`geoevents.pipeline` that load the pipeline once per worker process and keep it, so there is
no import cycle and the same functions run in a process pool and on a Dask worker.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import logging
import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, TypeVar

from geoevents.errors import ConfigurationError, GeoeventsError

__all__ = ["Workers", "open_workers", "ordered_map", "chunked", "default_jobs", "parse_dask_address"]

log = logging.getLogger("geoevents")

T = TypeVar("T")
R = TypeVar("R")

#: tasks in flight per worker: enough to keep each busy while the parent collects a result, few
#: enough that memory holds only a handful of chunks
AHEAD = 3


def default_jobs() -> int:
    """The processors this process may use (its CPU affinity where the system says, else the
    count of processors)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def parse_dask_address(value: str) -> tuple[str, int | None]:
    """``("local", N)`` for ``local:N``, else ``(address, None)`` for a scheduler address.

    Raises ConfigurationError for ``local:`` without a positive whole number.
    """
    if value.startswith("local"):
        _, _, n = value.partition(":")
        if not n.strip().isdigit() or int(n) < 1:
            raise ConfigurationError(f"--dask {value!r}: give local:N with N worker processes, e.g. local:2")
        return "local", int(n)
    if not value.strip():
        raise ConfigurationError("--dask needs a scheduler address (tcp://host:8786) or local:N")
    return value.strip(), None


@dataclass
class Workers:
    """Where tasks run: a process pool or a Dask client (one of the two). ``size``: how many
    workers, for how many tasks to keep in flight."""

    size: int
    pool: concurrent.futures.Executor | None = None
    client: Any = None

    def submit(self, func: Callable[[T], R], task: T):
        if self.client is not None:
            # pure=False: two equal tasks are still two runs (Dask would otherwise share one result)
            return self.client.submit(func, task, pure=False)
        assert self.pool is not None
        return self.pool.submit(func, task)


@contextlib.contextmanager
def open_workers(jobs: int = 1, dask: str | None = None) -> Iterator[Workers]:
    """Worker processes (``jobs``, spawned: nothing of the parent's state, open files or
    threads is inherited) or a Dask client for ``dask`` (an address, or ``local:N`` for a
    LocalCluster of N processes on 127.0.0.1)."""
    if dask:
        with _dask_client(dask) as (client, size):
            yield Workers(size, client=client)
        return
    ctx = multiprocessing.get_context("spawn")
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
    try:
        yield Workers(jobs, pool=pool)
    finally:
        # a run that stops early (an error, Ctrl-C) does not wait for the tasks still queued
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _dask_client(address: str):
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ConfigurationError("--dask needs dask.distributed: pip install 'geoevents[dask]'") from e
    where, n = parse_dask_address(address)
    with contextlib.ExitStack() as stack:
        if n is not None:
            import dask

            # Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which hands freed memory
            # back to the system at once and turns off glibc's adaptive thresholds: spaCy's steady
            # stream of arrays then costs a worker about 12 % more CPU per article than a process of
            # --jobs (benchmarks/scale.py). A local cluster starts its workers with glibc's defaults.
            # A worker's event loop also samples its task's stack every 10 ms (the dashboard's
            # profile), its memory every 100 ms and the system every 500 ms: on a CPU-bound task
            # that is CPU taken from it (0.04 CPU s a task of 8 articles, half of it these). A local
            # cluster has no dashboard; the memory limits are still watched, every second.
            stack.enter_context(dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                                                 "distributed.worker.profile.enabled": False,
                                                 "distributed.worker.memory.monitor-interval": "1s",
                                                 "distributed.admin.system-monitor.interval": "2s"}))
            # one thread per worker process: spaCy and the stages are CPU-bound Python, so
            # threads within a worker would only take turns holding the GIL
            cluster = stack.enter_context(LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                                       host="127.0.0.1", dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        else:
            try:
                # the scheduler is already running: a reachable one answers within seconds
                client = stack.enter_context(Client(where, timeout="10s"))
            except (OSError, TimeoutError) as e:
                raise ConfigurationError(f"--dask {where}: cannot reach the Dask scheduler ({e})") from e
        size = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()))
        log.info("Dask: %d worker thread(s) at %s", size, client.scheduler.address)
        yield client, size


def ordered_map(func: Callable[[T], R], tasks: Iterable[T], workers: Workers) -> Iterator[R]:
    """``func(task)`` for each task on ``workers``, yielded in the order of ``tasks``.

    Raises GeoeventsError when a worker process dies (killed, out of memory); an error raised
    by ``func`` is raised here as it was raised there.
    """
    pending: collections.deque = collections.deque()
    limit = max(2, AHEAD * workers.size)
    try:
        for task in tasks:
            pending.append(workers.submit(func, task))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool as e:
        raise GeoeventsError(f"a worker process ended abruptly (killed, or out of memory?): {e}; "
                             "run again with fewer --jobs") from e
    finally:
        for f in pending:
            f.cancel()
