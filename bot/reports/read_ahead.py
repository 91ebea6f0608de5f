"""Reading the next batch while this one is written: the database's driver works with Python's lock released
(SQLite sorting and stepping through rows), so on a machine with two cores reading and writing overlap instead
of taking turns."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Generic, TypeVar, cast

T = TypeVar("T")
_DONE = object()


class ReadAhead(Generic[T]):
    """`items` made in a thread of their own, started at once and kept up to `depth` ahead of the reader; used
    as a context manager, so the thread stops whenever the reader does (at the end, on an error, on Ctrl-C).
    An error in making the items is raised in the reader. The items' iterator is closed in its own thread, so
    its `with` blocks (a database connection) end where they began."""

    def __init__(self, items: Iterator[T], depth: int = 2):
        self._waiting: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stopped = threading.Event()
        self._maker = threading.Thread(target=self._make, args=(items,), name="read-ahead", daemon=True)
        self._maker.start()

    def _put(self, item: object) -> bool:
        while not self._stopped.is_set():
            try:
                self._waiting.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _make(self, items: Iterator[T]) -> None:
        try:
            for item in items:
                if not self._put(item):
                    break
        except BaseException as exc:  # handed to the reader, who raises it
            self._put(exc)
            return
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
        self._put(_DONE)

    def __iter__(self) -> Iterator[T]:
        while (item := self._waiting.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield cast(T, item)

    def close(self) -> None:
        self._stopped.set()
        self._maker.join()

    def __enter__(self) -> ReadAhead[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
