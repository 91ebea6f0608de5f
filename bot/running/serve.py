"""`sayit serve rasa|actions`: one server alone, in the foreground, as a systemd unit runs it on each machine of a
deployment (deploy/systemd/, docs/deployment.md). It starts exactly as `sayit run` starts it (the same files, the
same environment) and then becomes that server, so systemd stops and restarts the server itself.

Nothing is made up here: the secrets every server of a deployment must share are given, or it refuses to start.
"""

from __future__ import annotations

import os
import sys

from bot.listening import check_engines
from bot.running.runner import child_env, say
from bot.running.server_config import BEHIND_PROXY, MODEL, action_command, rasa_command, write_server_files
from bot.settings import SettingsError, data_dir, given

SHARED_SECRETS = {
    "SAYIT_PSEUDONYM_KEY": "keys the pseudonyms of every respondent",
    "SAYIT_ACTION_SERVER_TOKEN": "the Rasa servers show it to the action servers",
    "SAYIT_WEBCHAT_SECRET": "signs the web chat's session tokens, whichever server a message reaches",
}


def serve(kind: str, port: int, interface: str, action_port: int, behind_proxy: bool) -> int:
    missing = [name for name in SHARED_SECRETS if not (given(name) or "").strip()]
    if missing:
        say("sayit serve needs the secrets every server of the deployment shares, set in its environment (e.g. "
            "the unit's EnvironmentFile): " + "; ".join(f"{n} ({SHARED_SECRETS[n]})" for n in missing) +
            ". `python -c 'import secrets; print(secrets.token_urlsafe(32))'` makes one.")
        return 2
    try:
        check_engines()
    except SettingsError as exc:
        say(f"SayIt could not start: {exc}")
        return 2
    os.umask(0o077)
    extra: dict[str, str] = {}
    if kind == "actions":
        command = action_command(port)
    else:
        if not MODEL.exists():
            say(f"There is no trained model at {MODEL}: run `sayit train` first (the same model on every machine).")
            return 2
        endpoints, credentials = write_server_files(data_dir() / "servers" / f"rasa-{port}", interface, action_port)
        command = rasa_command(port, interface, credentials, endpoints)
        extra = BEHIND_PROXY if behind_proxy else {}
    sys.stdout.flush()
    os.execve(command[0], command, child_env(extra))
    return 0  # never reached: the process is the server now
