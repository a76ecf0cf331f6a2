"""Answers held in memory for one build: least recently used out first, within a bound of bytes.

The data are read-only between builds, so an answer once made is the answer until the next
build; what is held is tagged with the build it came from, and a value from another build is
never returned (holding one empties the memory first). Used from the event loop only, so
nothing else changes it meanwhile.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memory(Generic[K, V]):
    def __init__(self, bound: int, size: Callable[[K, V], int]) -> None:
        self.bound = bound
        self._size = size
        self._held: OrderedDict[K, V] = OrderedDict()
        self._bytes = 0
        self._build: object = None

    def get(self, build: object, key: K) -> V | None:
        """The value held for `key` if it came from `build`."""
        if build != self._build:
            return None
        found = self._held.get(key)
        if found is not None:
            self._held.move_to_end(key)
        return found

    def keep(self, build: object, key: K, value: V) -> None:
        """Hold `value`, made from `build`; a value larger than the bound is not held."""
        if build != self._build:
            self._held.clear()  # another build: nothing held is its answer
            self._bytes, self._build = 0, build
        if key in self._held:
            self._held.move_to_end(key)
            return
        size = self._size(key, value)
        if size > self.bound:
            return
        self._held[key] = value
        self._bytes += size
        while self._bytes > self.bound:
            dropped = self._held.popitem(last=False)
            self._bytes -= self._size(*dropped)

    @property
    def bytes(self) -> int:
        return self._bytes
