"""Results kept between runs and shared by every session: a small map, bounded, keyed by plain hashable values.

Used instead of ``st.cache_resource`` for the page's per-scenario results: Streamlit's cache hashes
its arguments with its own hasher (about half a millisecond for a scenario), a Python ``hash`` of a
frozen scenario takes microseconds, and a price change looks up several results.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["Kept"]

V = TypeVar("V")


class Kept(Generic[V]):
    """At most ``size`` values by key, the least recently used dropped first. Safe to share between threads."""

    def __init__(self, size: int):
        self._size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``make()`` (kept for next time; two threads may both make it)."""
        try:
            hash(key)
        except TypeError:  # a value no control sets today; computed, not kept
            return make()
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value
