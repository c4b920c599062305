"""Caches bounded by what they hold: bytes and age, not a number of entries (no Streamlit here).

One entry of the map's layers is about 0.1 MB for the curated data and 2.4 MB at fifty times
the data; a panel from 6 kB to 6 MB. A bound on entries alone lets a crowd of unusual links fill
gigabytes, so each cache here keeps at most `max_bytes` (least recently used entries go first)
and drops entries older than `ttl` seconds.

What a cache holds is shared by every session, so it keeps values that cannot change: a str,
or one the caller froze (`frozen`, `ReadOnlyDict`). Entries also remember the dataset they
were made from (`owner`): after the dataset is reloaded, they are made again.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import pandas as pd

T = TypeVar("T")


@dataclasses.dataclass
class _Entry:
    value: Any
    size: int
    made: float
    owner: Any


class SizedCache(Generic[T]):
    """A thread-safe LRU cache bounded by the bytes of its values and by their age."""

    def __init__(
        self,
        name: str,
        max_bytes: int,
        ttl: float,
        *,
        size_of: Callable[[Any], int] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.max_bytes = max_bytes
        self.ttl = ttl
        self.size_of = size_of or deep_size
        self.clock = clock
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T], owner: Any = None) -> T:
        """The value for `key`, made by `make()` when missing, stale, or from another owner."""
        now = self.clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and (now - entry.made > self.ttl or entry.owner is not owner):
                self._drop(key)
                entry = None
            if entry is not None:
                self._entries.move_to_end(key)
                stored = entry.value
        if entry is not None:
            return stored
        value = make()
        size = self.size_of(value)
        if size <= self.max_bytes:
            with self._lock:
                if key in self._entries:
                    self._drop(key)
                self._entries[key] = _Entry(value, size, now, owner)
                self._bytes += size
                while self._bytes > self.max_bytes:
                    self._drop(next(iter(self._entries)))
        return value

    def _drop(self, key: Hashable) -> None:
        self._bytes -= self._entries.pop(key).size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        """The bytes the cache holds now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)


# A list or tuple longer than this is measured on SAMPLE of its items, spread along it, scaled.
SAMPLE_ABOVE = 256
SAMPLE = 64


_FLOAT_BYTES = sys.getsizeof(0.0)


def deep_size(value: Any, seen: set[int] | None = None) -> int:
    """Bytes an object holds in memory, following containers, dataclasses, named tuples and
    DataFrames (each object counted once): an estimate, good enough to bound a cache. A long
    sequence is measured on a sample of its items (walking thousands of small objects on every
    cache miss took a sixth of a big map's rerun)."""
    if type(value) is tuple and all(type(v) is float for v in value):  # a point: no walk
        return sys.getsizeof(value) + len(value) * _FLOAT_BYTES
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(deep=True).sum())
    if isinstance(value, pd.Series):
        return int(value.memory_usage(deep=True))
    if isinstance(value, str | bytes):
        return sys.getsizeof(value)
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        size += _sampled(list(value), lambda k: deep_size(k, seen) + deep_size(value[k], seen))
    elif isinstance(value, list | tuple | set | frozenset):
        items = value if isinstance(value, list | tuple) else list(value)
        size += _sampled(items, lambda v: deep_size(v, seen))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        size += sum(deep_size(getattr(value, f.name), seen) for f in dataclasses.fields(value))
    elif hasattr(value, "__dict__"):
        size += deep_size(vars(value), seen)
    return size


def _sampled(items: list | tuple, measure: Callable[[Any], int]) -> int:
    """The sum of `measure` over the items (a dict's keys: key and value); a long run of like
    items (a big map's actors, ties or tooltips) is measured on a spread sample, scaled."""
    if len(items) <= SAMPLE_ABOVE:
        return sum(measure(v) for v in items)
    step = len(items) / SAMPLE
    sample = [items[int(i * step)] for i in range(SAMPLE)]
    return int(sum(measure(v) for v in sample) * len(items) / SAMPLE)


class ReadOnlyDict(dict):
    """A dict that refuses changes, for what a cache shares between sessions. It pickles as a
    plain dict, so a copy made from it is the caller's own."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("this mapping is shared by every session: copy it to change it")

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self):
        return (dict, (dict(self),))


def frozen(value: T) -> T:
    """A frozen dataclass with its dict fields made ReadOnlyDicts and its list fields tuples:
    what a cache hands to every session cannot be changed by one of them."""
    changes = {}
    for f in dataclasses.fields(value):  # type: ignore[arg-type]
        field_value = getattr(value, f.name)
        if isinstance(field_value, dict):
            changes[f.name] = ReadOnlyDict(field_value)
        elif isinstance(field_value, list):
            changes[f.name] = tuple(field_value)
    return dataclasses.replace(value, **changes)  # type: ignore[type-var]
