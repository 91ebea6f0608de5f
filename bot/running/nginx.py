"""nginx in front of several Rasa servers and several action servers (`sayit run --rasa-servers N
--action-servers M`): its configuration, written fresh for each run, and the command that runs it in the
foreground as one of `sayit run`'s children.

What a person sends never touches nginx's disk: a request's body is held in memory up to the largest there can be
(a voice answer is up to 2 MB) and a reply is passed through, never written to a temporary file; and there is no
access log (a web address can carry an invitation's key). The body is held whole so that a request a server failed
can be sent whole to the next.
"""

from __future__ import annotations

import os
import pwd
import shutil
from pathlib import Path

from bot.store.voice_inbox import MAX_VOICE_BYTES

NGINX = "/usr/sbin/nginx"
MAX_BODY = MAX_VOICE_BYTES + 64 * 1024


def nginx_binary() -> str:
    found = shutil.which("nginx") or NGINX
    if not Path(found).exists():
        raise RuntimeError("several servers run behind nginx, which is not installed: install Debian's nginx-light "
                           "package (`apt-get install nginx-light`; `make test` does it for the tests)")
    return found


def upstream(name: str, ports: list[int]) -> str:
    servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n" for port in ports)
    # kept connections: a turn does not pay for a new TCP connection to a server
    return f"  upstream {name} {{\n{servers}    keepalive 64;\n  }}\n"


def proxy(name: str, timeout_s: int) -> str:
    return (f"    location / {{\n"
            f"      proxy_pass http://{name};\n"
            "      proxy_http_version 1.1;\n"
            '      proxy_set_header Connection "";\n'
            "      proxy_set_header Host $http_host;\n"
            "      proxy_set_header X-Real-IP $remote_addr;\n"
            "      proxy_set_header X-Forwarded-Proto $scheme;\n"
            "      proxy_max_temp_file_size 0;\n"
            # a server that fails a request (stopped, killed, restarting) hands it to the next, a POST too: each
            # channel's message carries its own id (Twilio's MessageSid, Telegram's update id, the web chat's),
            # and the store handles an id once, so a message the failed server had taken is not taken twice
            "      proxy_next_upstream error non_idempotent;\n"
            "      proxy_next_upstream_tries 3;\n"
            f"      proxy_read_timeout {timeout_s}s;\n"
            "    }\n")


def nginx_config(folder: Path, host: str, port: int, rasa_ports: list[int], action_port: int,
                 action_ports: list[int]) -> str:
    """The whole nginx.conf: the public port shares the Rasa servers, a loopback port the action servers."""
    temp = {kind: folder / kind for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    shown_host = f"[{host}]" if ":" in host else host
    # run as root (a test machine), nginx would hand its workers to `nobody`, who cannot read this run's folder
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return (f"{user}worker_processes 1;\n"
            f"pid {folder / 'nginx.pid'};\n"
            "error_log stderr warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            "  access_log off;\n"
            f"  client_max_body_size {MAX_BODY};\n  client_body_buffer_size {MAX_BODY};\n"
            f"  client_body_temp_path {temp['body']};\n  proxy_temp_path {temp['proxy']};\n"
            f"  fastcgi_temp_path {temp['fastcgi']};\n  uwsgi_temp_path {temp['uwsgi']};\n"
            f"  scgi_temp_path {temp['scgi']};\n"
            + upstream("rasa", rasa_ports) + upstream("actions", action_ports) +
            f"  server {{\n    listen {shown_host}:{port} backlog=1024;\n" + proxy("rasa", 60) + "  }\n"
            f"  server {{\n    listen 127.0.0.1:{action_port};\n" + proxy("actions", 60) + "  }\n"
            "}\n")


def nginx_command(conf: Path) -> list[str]:
    return [nginx_binary(), "-c", str(conf), "-p", str(conf.parent), "-g", "daemon off;"]
