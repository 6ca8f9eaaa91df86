"""The page cache's first tier: recent cache hits kept in the worker's own memory.

A hit from the shared cache (Redis) costs a network round trip and unpickling the page, about
two thirds of a hit's time. Popular pages are asked for many times a second, so each worker
keeps the pages it served last (bounded in bytes) and answers them again without asking
Redis, for as long as it can be sure they are current:

- Every purge also bumps the *host generation*, eight bytes in a shared-memory file that every
  process on the host maps (web workers, the task worker, management commands). A copy taken
  under an older generation is dropped, so on one host a purge reaches worker memory at once.
- Other hosts do not see that file; a copy is therefore trusted for at most
  `PAGE_CACHE_WORKER_MEMORY_SECONDS` before the shared cache is asked again. That is how
  late a purge made on another host can be in this worker: the same order as the nginx
  micro-cache in front of it.
- A copy never outlives the shared entry's own expiry (the next scheduled go-live).

Correctness never depends on this tier: with no shared-memory file (a read-only /dev/shm) or a
limit of 0 bytes it is simply off, and every hit goes to the shared cache as before."""

from __future__ import annotations

import logging
import mmap
import os
import struct
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

_GENERATION = struct.Struct("=q")


class HostGeneration:
    """A counter shared by every process on the host through a memory-mapped file. Readers
    compare raw bytes (a hit costs no system call); a bump writes a fresh nanosecond clock
    value, so two processes bumping at once still leave a value different from before."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._map: mmap.mmap | None = None
        self._failed = False
        self._lock = threading.Lock()

    def _mapping(self) -> mmap.mmap | None:
        if self._map is None and not self._failed:
            with self._lock:
                if self._map is None and not self._failed:
                    self._map = self._open()
                    self._failed = self._map is None
        return self._map

    def _open(self) -> mmap.mmap | None:
        try:
            # /dev/shm is shared by every user of the host: never follow a link planted
            # there, and never trust a file someone else owns.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            try:
                status = os.fstat(fd)
                if status.st_uid != os.getuid():
                    raise PermissionError(f"owned by uid {status.st_uid}, not this user")
                if status.st_size < _GENERATION.size:
                    os.ftruncate(fd, _GENERATION.size)
                return mmap.mmap(fd, _GENERATION.size)
            finally:
                os.close(fd)  # the mapping keeps the file open
        except OSError as error:
            logger.warning("page cache worker memory off: cannot map %s (%s)", self.path, error)
            return None

    def read(self) -> bytes | None:
        """The current generation, or None when the file cannot be used."""
        mapping = self._mapping()
        return None if mapping is None else mapping[: _GENERATION.size]

    def bump(self) -> None:
        mapping = self._mapping()
        if mapping is not None:
            mapping[: _GENERATION.size] = _GENERATION.pack(time.time_ns())


class WorkerPageMemory:
    """Cache entries this worker served last, least recently used dropped first once their
    pages add up to more than `limit_bytes`. Safe to use from the threads of one worker."""

    def __init__(self, generation: HostGeneration) -> None:
        self.generation = generation
        self._items: OrderedDict[str, tuple[dict[str, Any], bytes, float]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry kept under `key` while it is still known to be current, else None."""
        item = self._items.get(key)
        if item is None:
            return None
        entry, generation, trusted_until = item
        if time.time() < trusted_until and generation == self.generation.read():
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
            return entry
        self._discard(key)
        return None

    def put(
        self,
        key: str,
        entry: dict[str, Any],
        *,
        generation: bytes | None,
        expires: float,
        seconds: float,
        limit_bytes: int,
    ) -> None:
        """Keep `entry`, found current in the shared cache under `generation` (read before
        the shared cache was asked), until `expires` and for at most `seconds`."""
        size = len(entry["content"])
        if generation is None or seconds <= 0 or size > limit_bytes:
            return
        trusted_until = min(expires, time.time() + seconds)
        with self._lock:
            self._remove(key)
            self._items[key] = (entry, generation, trusted_until)
            self._bytes += size
            while self._bytes > limit_bytes:
                self._remove(next(iter(self._items)))  # the least recently used

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def _discard(self, key: str) -> None:
        with self._lock:
            self._remove(key)

    def _remove(self, key: str) -> None:
        """Drop `key` and count its bytes out; the caller holds the lock."""
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= len(old[0]["content"])
