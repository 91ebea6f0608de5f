"""What each server starts with: the Rasa server's endpoints.yml and credentials.yml, written fresh for each start
from the committed ones, and the commands for the Rasa server and the action server. `sayit run` starts them as
its children; `sayit serve` starts one alone, as a systemd unit does on each machine (docs/deployment.md).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT, profile, redis_url

MODEL = PROJECT_ROOT / "models" / "sayit.tar.gz"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
REST_CHANNEL = re.compile(r"(?m)^channels\.rest\.LocalRestInput:.*\n")
# behind nginx, a caller's address (for the limits per address) is the one nginx saw, not nginx's own
BEHIND_PROXY = {"SANIC_REAL_IP_HEADER": "x-real-ip"}
IN_MEMORY_TRACKERS = "  type: rasa_extensions.recent_tracker_store.RecentTrackerStore\n"
REDIS_STORES = ("  type: rasa_extensions.redis_stores.RecentRedisTrackerStore\n  url: ${SAYIT_REDIS_URL}\n",
                "lock_store:\n  type: rasa_extensions.redis_stores.UrlRedisLockStore\n  url: ${SAYIT_REDIS_URL}\n")


def action_endpoints(action_port: int, shared: bool = False) -> str:
    """endpoints.yml for an action server on this port: the same as the committed endpoints.yml, which
    says why, with the port filled in; `shared`, the trackers and locks in Redis for several Rasa servers."""
    committed = (PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8")
    # Rasa fills in the secrets from its environment, so the file holds only their names (unquoted: Rasa expands
    # ${...} in plain YAML values only)
    written = committed.replace('url: "http://localhost:5055/webhook"',
                                f'url: "http://127.0.0.1:{action_port}/webhook"\n'
                                '  headers:\n    Authorization: Bearer ${SAYIT_ACTION_SERVER_TOKEN}')
    if shared:
        written = written.replace(IN_MEMORY_TRACKERS, REDIS_STORES[0]) + REDIS_STORES[1]
    return written


def channel_credentials(host: str) -> str:
    """credentials.yml as this run uses it: Rasa's REST channel, which trusts whatever sender id it is given, is
    for local use and tests only, so it is left out in the production profile and whenever the server listens
    beyond this machine."""
    committed = (PROJECT_ROOT / "credentials.yml").read_text(encoding="utf-8")
    if profile() == "local" and host in LOOPBACK:
        return committed
    return REST_CHANNEL.sub("", committed)


def write_server_files(folder: Path, host: str, action_port: int) -> tuple[Path, Path]:
    """endpoints.yml and credentials.yml for a Rasa server listening for `host`, into `folder`: the trackers and
    locks in Redis when SAYIT_REDIS_URL is set."""
    folder.mkdir(parents=True, exist_ok=True)
    endpoints, credentials = folder / "endpoints.yml", folder / "credentials.yml"
    endpoints.write_text(action_endpoints(action_port, shared=bool(redis_url())))
    credentials.write_text(channel_credentials(host))
    return endpoints, credentials


def rasa_command(port: int, interface: str, credentials: Path, endpoints: Path, model: Path = MODEL) -> list[str]:
    return [sys.executable, "-m", "rasa_extensions.server", "run", "--model", str(model), "--port", str(port),
            "--interface", interface, "--credentials", str(credentials), "--endpoints", str(endpoints)]


def action_command(port: int) -> list[str]:
    return [sys.executable, "-m", "rasa_extensions.action_server", "--port", str(port)]
