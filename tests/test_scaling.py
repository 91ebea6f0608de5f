"""Which servers `sayit run` starts where (bot/running/scaling.py), and the nginx.conf it writes for several."""

import pytest

from bot.running.nginx import nginx_config
from bot.running.scaling import layout
from bot.running.server_config import action_endpoints
from bot.settings import SettingsError


def test_one_of_each_answers_on_the_public_ports_itself(monkeypatch):
    monkeypatch.delenv("SAYIT_REDIS_URL", raising=False)
    servers = layout(5005, 5055, 1, 1)
    assert servers.rasa_ports == [5005] and servers.action_ports == [5055] and not servers.behind_nginx


def test_several_rasa_servers_need_redis_and_every_several_needs_postgresql(monkeypatch):
    monkeypatch.delenv("SAYIT_REDIS_URL", raising=False)
    monkeypatch.setenv("SAYIT_DB_URL", "postgresql://sayit@127.0.0.1/sayit")
    with pytest.raises(SettingsError, match="SAYIT_REDIS_URL"):
        layout(5005, 5055, 2, 1)
    monkeypatch.setenv("SAYIT_REDIS_URL", "redis://127.0.0.1:6379/0")
    servers = layout(5005, 5055, 2, 3)
    assert len(servers.rasa_ports) == 2 and len(servers.action_ports) == 3 and servers.behind_nginx
    assert 5005 not in servers.rasa_ports and len(set(servers.rasa_ports + servers.action_ports)) == 5
    monkeypatch.setenv("SAYIT_DB_URL", "sqlite:////tmp/sayit.db")
    with pytest.raises(SettingsError, match="PostgreSQL"):
        layout(5005, 5055, 1, 2)
    with pytest.raises(SettingsError, match="1 or more"):
        layout(5005, 5055, 0, 1)


def test_a_redis_url_that_is_not_one_is_refused_with_what_to_write(monkeypatch):
    monkeypatch.setenv("SAYIT_REDIS_URL", "127.0.0.1:6379")
    monkeypatch.setenv("SAYIT_DB_URL", "postgresql://sayit@127.0.0.1/sayit")
    with pytest.raises(SettingsError, match="redis://"):
        layout(5005, 5055, 2, 1)


def test_shared_endpoints_keep_trackers_and_locks_in_redis_and_one_in_memory_otherwise():
    alone, shared = action_endpoints(5055), action_endpoints(5055, shared=True)
    assert "recent_tracker_store.RecentTrackerStore" in alone and "lock_store" not in alone
    assert "redis_stores.RecentRedisTrackerStore" in shared and "redis_stores.UrlRedisLockStore" in shared
    assert "max_events: 20" in shared and shared.count("url: ${SAYIT_REDIS_URL}") == 2


def test_nginx_passes_bodies_through_keeps_no_access_log_and_shares_the_servers(tmp_path):
    conf = nginx_config(tmp_path, "127.0.0.1", 5005, [6001, 6002], 5055, [6101, 6102])
    assert "access_log off;" in conf
    # a body is held in memory, never in a temporary file, so a failed request can go whole to the next server
    assert "client_max_body_size 2162688;" in conf and "client_body_buffer_size 2162688;" in conf
    assert "proxy_max_temp_file_size 0;" in conf  # a reply is never written to nginx's disk
    assert conf.count("server 127.0.0.1:600") == 2 and conf.count("server 127.0.0.1:610") == 2
    assert "listen 127.0.0.1:5005" in conf and "listen 127.0.0.1:5055;" in conf
    assert "proxy_set_header X-Real-IP $remote_addr;" in conf  # the limits per address see the caller's address
    assert "listen [::1]:5005" in nginx_config(tmp_path, "::1", 5005, [6001], 5055, [6101, 6102])
