"""proxy.apply: the apply body always carries a timeout no larger than the cap."""
import json

import pytest

from proxy.apply import ApplyBodyRefused, cap_timeout, is_apply


@pytest.mark.parametrize(("body", "expected"), [
    (b"", {"timeout": 20.0}),
    (b'{"args": []}', {"args": [], "timeout": 20.0}),
    (b'{"args": [1], "timeout": 600}', {"args": [1], "timeout": 20.0}),
    (b'{"timeout": "5"}', {"timeout": 5.0}),
    (b'{"timeout": 0}', {"timeout": 20.0}),
    (b'{"timeout": -1, "countdown": 1}', {"timeout": 20.0, "countdown": 1}),
])
def test_cap_timeout_sets_a_bounded_timeout(body, expected):
    assert json.loads(cap_timeout(body, 20.0)) == expected


@pytest.mark.parametrize("body", [b"[1, 2]", b"{not json", b'{"timeout": "soon"}', b"\xff\xfe", b'{"timeout": null}'])
def test_cap_timeout_refuses_bodies_flower_would_not_understand(body):
    with pytest.raises(ApplyBodyRefused):
        cap_timeout(body, 20.0)


def test_is_apply_only_for_the_blocking_apply():
    assert is_apply("/flower/api/task/apply/channel.noop")
    assert not is_apply("/flower/api/task/async-apply/channel.noop")
