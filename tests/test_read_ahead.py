"""ReadAhead: items made in their own thread come out in order; an error in making them reaches the reader; a
reader that stops early stops the thread and closes the items' iterator there."""

from __future__ import annotations

import threading

import pytest

from bot.reports.read_ahead import ReadAhead


def test_every_item_in_order_made_in_another_thread():
    made_in = []

    def items():
        for n in range(50):
            made_in.append(threading.get_ident())
            yield n

    with ReadAhead(items(), depth=3) as ahead:
        assert list(ahead) == list(range(50))
    assert set(made_in) == {made_in[0]} and made_in[0] != threading.get_ident()


def test_an_error_in_making_reaches_the_reader_after_what_was_made():
    def items():
        yield 1
        yield 2
        raise ValueError("the database went away")

    got = []
    with pytest.raises(ValueError, match="went away"), ReadAhead(items()) as ahead:
        for item in ahead:
            got.append(item)
    assert got == [1, 2]


def test_a_reader_that_stops_early_stops_the_thread_and_closes_the_items_there():
    closed_in = []

    def items():
        try:
            n = 0
            while True:  # endless, as a large export is to a reader that is interrupted
                yield n
                n += 1
        finally:
            closed_in.append(threading.get_ident())

    with pytest.raises(KeyboardInterrupt), ReadAhead(items(), depth=2) as ahead:
        for item in ahead:
            if item == 5:
                raise KeyboardInterrupt  # Ctrl-C midway
    assert len(closed_in) == 1 and closed_in[0] != threading.get_ident()
    assert not any(t.name == "read-ahead" for t in threading.enumerate())
