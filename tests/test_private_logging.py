"""Log lines never quote a conversation (rasa_extensions/private_logging.py), and a server's log is rotated by
size (bot/running/server_logs.py)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.running.server_logs import ServerLog
from rasa_extensions import private_logging

SAID = "my dad hits me"  # what someone told the bot: it must never reach a log
SENDER = "+447700900123"


@pytest.fixture
def captured():
    """Every line logged while the private record factory is installed, as a handler would write it."""
    before = logging.getLogRecordFactory()
    private_logging.install()
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("rasa.core.processor")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield logger, out
    logger.removeHandler(handler)
    logging.setLogRecordFactory(before)


def test_a_traceback_keeps_the_kind_and_place_of_each_error_but_never_its_message(captured):
    logger, out = captured
    try:
        try:
            raise KeyError(f"tracker for {SENDER}: {SAID}")
        except KeyError as inner:
            raise RuntimeError(f"Failed to execute custom action for {SENDER}") from inner
    except RuntimeError:
        logger.exception("Encountered an exception while running action '%s' for %s", "action_converse", SENDER)
    written = out.getvalue()
    assert "RuntimeError at " in written and "KeyError at " in written and "test_private_logging.py" in written
    assert "Encountered an exception while running action" in written
    assert SAID not in written and SENDER not in written and "Traceback" not in written


def test_debug_lines_are_withheld_and_an_error_logged_as_itself_loses_its_message(captured):
    logger, out = captured
    logger.debug(f"Received user message '{SAID}' from {SENDER}")
    logger.error(ValueError(SAID))
    logger.info("Starting Rasa server on %s", "http://127.0.0.1:5005")
    written = out.getvalue()
    assert SAID not in written and SENDER not in written
    assert private_logging.DEBUG_WITHHELD in written and "ValueError: [withheld]" in written
    assert "Starting Rasa server on http://127.0.0.1:5005" in written  # what is not a conversation stays


def test_a_structured_line_keeps_its_event_and_withholds_every_other_field(captured):
    logger, out = captured
    logger.error(json.dumps({"event": "rest.message.received.failure", "level": "error", "text": SAID,
                             "sender_id": SENDER, "tracker_latest_message": {"text": SAID}}))
    line = out.getvalue().split(" ", 2)[2]
    assert json.loads(line) == {"event": "rest.message.received.failure", "level": "error",
                                "text": "[withheld]", "sender_id": "[withheld]",
                                "tracker_latest_message": "[withheld]"}


def test_installing_twice_wraps_once():
    before = logging.getLogRecordFactory()
    try:
        private_logging.install()
        once = logging.getLogRecordFactory()
        private_logging.install()
        assert logging.getLogRecordFactory() is once
    finally:
        logging.setLogRecordFactory(before)


def test_a_server_log_rotates_at_its_size_and_keeps_only_its_backups(tmp_path):
    log = ServerLog(tmp_path / "rasa.log", max_bytes=1000, backups=2)
    reader = io.BytesIO(b"".join(f"line {i:04d} ".encode() + b"x" * 80 + b"\n" for i in range(100)))
    log.follow(reader).join(timeout=30)
    log.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["rasa.log", "rasa.log.1", "rasa.log.2"]
    assert all((tmp_path / f).stat().st_size <= 1000 for f in files)
    assert (tmp_path / "rasa.log").read_text().rstrip().endswith("x")
    assert "line 0099" in (tmp_path / "rasa.log").read_text()  # the newest lines are kept, the oldest went
