"""scripts.devstack's port choice: the recorded or preferred port when free, another one when taken."""
from __future__ import annotations

import socket

from scripts import devstack


def listening_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def test_a_taken_port_is_replaced_by_a_free_one_and_recorded(capsys):
    with listening_socket() as taken:
        port = taken.getsockname()[1]
        plan = devstack.PortPlan({"DEVSTACK_WEB_PORT": str(port)})
        chosen = plan.port("DEVSTACK_WEB_PORT")
    assert chosen != port and plan.changes == {"DEVSTACK_WEB_PORT": str(chosen)}
    assert f"port {port} is taken: web uses {chosen}" in capsys.readouterr().out


def test_a_free_recorded_port_is_kept_without_a_change():
    with listening_socket() as probe:
        port = probe.getsockname()[1]
    plan = devstack.PortPlan({"DEVSTACK_FLOWER_PORT": str(port)})
    assert plan.port("DEVSTACK_FLOWER_PORT") == port and plan.changes == {}


def test_two_roles_never_share_a_port():
    plan = devstack.PortPlan({})
    plan.ports["DEVSTACK_WEB_PORT"] = devstack.PREFERRED_PORTS["DEVSTACK_FLOWER_PORT"]
    assert plan.port("DEVSTACK_FLOWER_PORT") != devstack.PREFERRED_PORTS["DEVSTACK_FLOWER_PORT"]


def test_remember_replaces_a_key_in_place_and_appends_new_ones(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nDEBUG=true\nDEVSTACK_WEB_PORT=8000\n")
    monkeypatch.setattr(devstack, "ENV_FILE", env_file)
    devstack.remember({"DEVSTACK_WEB_PORT": "8001", "FLOWER_URL": "http://127.0.0.1:5556"})
    assert env_file.read_text() == "# comment\nDEBUG=true\nDEVSTACK_WEB_PORT=8001\nFLOWER_URL=http://127.0.0.1:5556\n"


def test_an_earlier_sandbox_url_still_means_sandboxes():
    assert devstack.uses_sandboxes({})
    assert devstack.uses_sandboxes({"OMNITRON_URL": "http://127.0.0.1:8101/"})
    assert devstack.uses_sandboxes({"OMNITRON_URL": "http://127.0.0.1:9000/", "DEVSTACK_OMNITRON_PORT": "9000"})
    assert not devstack.uses_sandboxes({"OMNITRON_URL": "https://omnitron.example.com/"})
