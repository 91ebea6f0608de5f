"""Rasa's own command line, with SayIt's extensions installed first: `python -m rasa_extensions.server run ...`
takes exactly the arguments `rasa` does. `sayit run` and the benchmark start the Rasa server this way, so the
faster action-response check and the log lines that never quote a conversation are in place whichever channels
credentials.yml lists."""

from __future__ import annotations

from rasa.__main__ import main

from rasa_extensions import action_response_check, private_logging


def serve() -> None:
    private_logging.install()
    action_response_check.install()
    main()


if __name__ == "__main__":
    serve()
