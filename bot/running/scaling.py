"""How many of each server `sayit run` starts, and on which ports. One Rasa server and one action server answer on
the public ports themselves (the default); with more of either, each listens on a free loopback port and nginx
shares the public ports between them (bot/running/nginx.py). Several servers share what a conversation needs:
the answers in PostgreSQL, and (for several Rasa servers) the trackers and locks in Redis.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from bot.running.nginx import nginx_command, nginx_config
from bot.settings import SettingsError, database_url, redis_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Layout:
    rasa_ports: list[int]
    action_ports: list[int]

    @property
    def behind_nginx(self) -> bool:
        return len(self.rasa_ports) > 1 or len(self.action_ports) > 1

    @staticmethod
    def name(kind: str, index: int, count: int) -> str:
        """`rasa` alone, or `rasa-1`, `rasa-2`, ...: also the name of each server's log."""
        return kind if count == 1 else f"{kind}-{index + 1}"


def check_shared_stores(rasa_servers: int) -> None:
    if rasa_servers > 1 and not redis_url():
        raise SettingsError("several Rasa servers share each conversation's tracker and lock through Redis: set "
                            "SAYIT_REDIS_URL (for example redis://127.0.0.1:6379/0, from Debian's redis-server)")
    if database_url().startswith("sqlite"):
        raise SettingsError("several servers share one answer store, and SQLite is for one: set SAYIT_DB_URL to a "
                            "PostgreSQL database (for example postgresql://sayit@127.0.0.1/sayit)")


def layout(rasa_port: int, action_port: int, rasa_servers: int, action_servers: int) -> Layout:
    if rasa_servers < 1 or action_servers < 1:
        raise SettingsError("--rasa-servers and --action-servers are 1 or more")
    if rasa_servers == action_servers == 1:
        return Layout([rasa_port], [action_port])
    check_shared_stores(rasa_servers)
    return Layout([free_port() for _ in range(rasa_servers)], [free_port() for _ in range(action_servers)])


def nginx_for(folder: Path, host: str, rasa_port: int, action_port: int, servers: Layout) -> list[str]:
    """Write this run's nginx.conf into `folder` and return the command that runs nginx with it."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(nginx_config(folder, host, rasa_port, servers.rasa_ports, action_port, servers.action_ports))
    return nginx_command(conf)
