"""Log lines that never carry what someone said, who they are, or what the bot said back, from Rasa's own code as
much as ours. Installed in each server before anything logs (`install`), as Python's log record factory, so it
holds for every logger and every handler Rasa, Sanic or rasa_sdk set up later:

- a debug line is withheld whole: Rasa's debug lines quote messages, trackers and slot values;
- a traceback keeps the kind of each error and where it was raised, never its message: an error's message can
  quote the tracker, the reply or a database row (`Failed to execute custom action` once logged a whole one);
- a structured (JSON) line from Rasa's structlog keeps its event name, with every field that can hold
  conversation content withheld.
"""

from __future__ import annotations

import json
import logging
import traceback
from types import TracebackType
from typing import Any

WITHHELD = "[withheld]"
DEBUG_WITHHELD = "[a debug line, withheld: it may quote a conversation]"
# what a structured line keeps: the rest may be someone's words, an id, or a tracker
STRUCTURED_KEPT = {"event", "event_key", "level", "timestamp", "logger", "action_name", "status"}


def where_raised(tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    if not frames:
        return ""
    last = frames[-1]
    return f" at {last.filename.rsplit('site-packages/', 1)[-1]}:{last.lineno}"


def error_kinds(exc: BaseException | None) -> str:
    """`ClientResponseError at rasa/utils/endpoints.py:171, from ...`: each error in the chain, no message."""
    kinds: list[str] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(kinds) < 5:
        seen.add(id(exc))
        kinds.append(type(exc).__name__ + where_raised(exc.__traceback__))
        exc = exc.__cause__ or exc.__context__
    return ", from ".join(kinds)


def structured_without_content(line: str) -> str | None:
    try:
        fields = json.loads(line)
    except ValueError:
        return None
    if not isinstance(fields, dict):
        return None
    return json.dumps({k: (v if k in STRUCTURED_KEPT else WITHHELD) for k, v in fields.items()})


def privatised(record: logging.LogRecord) -> logging.LogRecord:
    if record.levelno < logging.INFO:
        record.msg, record.args = DEBUG_WITHHELD, ()
    elif isinstance(record.msg, BaseException):  # `logger.exception(error)`: its message may quote anything
        record.msg, record.args = f"{type(record.msg).__name__}: {WITHHELD}", ()
    elif isinstance(record.msg, str) and record.msg.lstrip().startswith("{"):
        record.msg = structured_without_content(record.msg) or record.msg
    if record.exc_info and isinstance(record.exc_info, tuple):
        # the message as written, without its arguments, which may be the values that failed
        record.msg = f"{record.msg} [{error_kinds(record.exc_info[1])}; details withheld]"
        record.args, record.exc_info, record.exc_text, record.stack_info = (), None, None, None
    return record


def install() -> None:
    make = logging.getLogRecordFactory()
    if getattr(make, "sayit_private", False):
        return

    def private_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return privatised(make(*args, **kwargs))

    private_record.sayit_private = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(private_record)
