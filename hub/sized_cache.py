"""Per-process caches bounded in bytes, not in entries.

A cache bounded in entries is bounded in memory only if its entries are: 512 parsed GraphQL
documents of 20 000 characters each took a worker from 175 MiB to 1.5 GiB (issue #17). Every
per-process cache whose keys come from clients (documents, their verdicts, a partner's or a
language's memo) is a `SizedLRU`: each entry is weighed once when it is stored (`deep_size`,
an estimate of the memory it keeps alive), the least recently used entries leave first when
the total passes the budget, and an entry larger than a fraction of the budget is not kept at
all (a few huge ones must not push out every other entry).
"""

from __future__ import annotations

import sys
import threading
import types
from collections import OrderedDict
from collections.abc import Callable, Hashable

_ATOMS = (str, bytes, bytearray, int, float, complex, bool, type(None), range)
# Never followed: shared by everything (classes, modules, code), not kept alive by one entry.
_SHARED = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.CodeType,
    types.FrameType,
    threading.Thread,
)
_shared_extra: list[type] = []


def share(*kinds: type) -> None:
    """Declares instances of `kinds` shared by the whole process (a schema, model fields):
    `deep_size` does not count what an entry only points to."""
    _shared_extra.extend(kinds)


def _slots(kind: type) -> list[str]:
    names: list[str] = []
    for klass in kind.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names.extend([slots] if isinstance(slots, str) else slots)
    return names


_slot_names: dict[type, list[str]] = {}  # bounded: one entry per class, classes are code


def deep_size(value: object, limit: int | None = None, shared: tuple[type, ...] = ()) -> int:
    """The bytes `value` keeps alive: its own size and that of everything it reaches (each
    object once), shared objects (classes, modules, functions, `share()`d kinds, `shared`)
    excepted. Stops early once `limit` is passed (the answer is then only known to exceed it)."""
    shared = _SHARED + tuple(_shared_extra) + shared
    seen: set[int] = set()
    stack = [value]
    total = 0
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, shared):
            continue
        seen.add(id(item))
        total += sys.getsizeof(item, 64)
        if limit is not None and total > limit:
            return total
        if isinstance(item, _ATOMS):
            continue
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
            continue
        if isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
            continue
        kind = type(item)
        attributes = getattr(item, "__dict__", None)
        if attributes is not None:
            stack.append(attributes)
        names = _slot_names.get(kind)
        if names is None:
            names = _slot_names[kind] = _slots(kind)
        for name in names:
            if name not in ("__dict__", "__weakref__"):
                stack.append(getattr(item, name, None))
    return total


class SizedLRU:
    """A thread-safe least-recently-used mapping holding at most `budget()` bytes.

    `budget` is read on each store (a setting, overridable in tests). Keys are weighed with the
    values: a key holding a client's 20 000-character document costs its 20 000 characters.
    """

    def __init__(self, budget: Callable[[], int], *, largest_share: int = 8):
        self._budget = budget
        self._largest_share = largest_share
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    _MISSING = object()

    def get(self, key: Hashable, default=None):
        with self._lock:
            entry = self._entries.get(key, self._MISSING)
            if entry is self._MISSING:
                return default
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: object, size: int | None = None) -> bool:
        """Stores `value`; False when it is too large to be kept (the caller still uses it)."""
        budget = self._budget()
        ceiling = budget // self._largest_share
        if size is None:
            size = deep_size((key, value), limit=ceiling)
        if size > ceiling:
            with self._lock:
                self._drop(key)
            return False
        with self._lock:
            self._drop(key)
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > budget and self._entries:
                self._drop(next(iter(self._entries)))
        return True

    def resize(self, key: Hashable, value: object, size: int) -> None:
        """`value`, stored under `key`, now weighs `size` (it grew): accounted again, evicted
        if too heavy. Nothing happens when `key` no longer holds `value`."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] is not value:
                return
        self.put(key, value, size)

    def get_or_build(self, key: Hashable, build: Callable[[], object]):
        found = self.get(key, self._MISSING)
        if found is not self._MISSING:
            return found
        value = build()
        self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[1]

    @property
    def size(self) -> int:
        """The accounted bytes of every entry kept."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries
