"""The action server, as rasa_sdk's own but safe to leave running: it listens on loopback unless told
otherwise, answers an action call only with the shared secret the Rasa server sends
(`Authorization: Bearer $SAYIT_ACTION_SERVER_TOKEN`, compared in constant time), and when an action fails it
answers with the error's kind alone: rasa_sdk's own handler logs the request and sends the whole tracker
back, and Rasa then writes it to its log with every sender id and message in it.

`python -m rasa_extensions.action_server --port 5055 [--host 127.0.0.1]`; `sayit run` starts it so.
"""

from __future__ import annotations

import argparse
import hmac
import logging

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

from bot.settings import action_server_token
from rasa_extensions import private_logging

logger = logging.getLogger(__name__)
GUARDED = ("/webhook", "/actions")


def action_app(token: str) -> Sanic:
    if not token:
        raise SystemExit("SAYIT_ACTION_SERVER_TOKEN is not set: set it to a long random secret, the same for "
                         "the Rasa server (`sayit run` makes one for you)")
    app = create_app("actions", cors_origins=None)
    expected = f"Bearer {token}".encode()

    @app.on_request
    async def require_the_secret(request: Request) -> response.HTTPResponse | None:
        if request.path not in GUARDED:
            return None
        given = request.headers.get("Authorization", "").encode()
        if hmac.compare_digest(given, expected):
            return None
        return response.json({"error": "this server answers the Rasa server only"}, status=401)

    @app.exception(Exception)
    async def failed_without_details(request: Request, exception: Exception) -> response.HTTPResponse:
        logger.error("An action call failed: %s", type(exception).__name__)
        return response.json({"error": f"the action failed ({type(exception).__name__})"}, status=500)

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m rasa_extensions.action_server",
                                     description="SayIt's action server: action_converse, behind a shared secret.")
    parser.add_argument("--port", type=int, default=5055, help="the port to listen on (5055)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (127.0.0.1: this machine only, which is what the Rasa "
                             "server on the same machine needs)")
    args = parser.parse_args(argv)
    private_logging.install()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = action_app(action_server_token())
    logger.info("Action server listening on %s:%s", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
