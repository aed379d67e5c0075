"""proxy.apply: the apply body always carries a timeout no larger than the cap."""
import json

import pytest

from proxy.apply import ApplyBodyRefused, UnknownTemplateTask, cap_timeout, is_apply, resolve_template_task


@pytest.mark.parametrize(("body", "expected"), [
    (b"", {"timeout": 20.0}),
    (b'{"args": []}', {"args": [], "timeout": 20.0}),
    (b'{"args": [1], "timeout": 600}', {"args": [1], "timeout": 20.0}),
    (b'{"timeout": "5"}', {"timeout": 5.0}),
    (b'{"timeout": 0}', {"timeout": 20.0}),
    (b'{"timeout": -1, "countdown": 1}', {"timeout": 20.0, "countdown": 1}),
    # the seeds' curl, verbatim: --data '{\n"args":[]\n}' sends a backslash and an n, twice
    (b'{\\n"args":[]\\n}', {"args": [], "timeout": 20.0}),
    (b'{"args": ["a\\nb"]}', {"args": ["a\nb"], "timeout": 20.0}),
])
def test_cap_timeout_sets_a_bounded_timeout(body, expected):
    assert json.loads(cap_timeout(body, 20.0)) == expected


@pytest.mark.parametrize("body", [b"[1, 2]", b"{not json", b'{"timeout": "soon"}', b"\xff\xfe", b'{"timeout": null}',
                                  b'{\\n"args": ["a\nb"]}'])
def test_cap_timeout_refuses_bodies_flower_would_not_understand(body):
    with pytest.raises(ApplyBodyRefused):
        cap_timeout(body, 20.0)


def test_is_apply_only_for_the_blocking_apply():
    assert is_apply("/flower/api/task/apply/channel.noop")
    assert not is_apply("/flower/api/task/async-apply/channel.noop")


@pytest.mark.parametrize(("path", "expected"), [
    ("/flower/api/task/apply/channel_app_template.app.tasks.insert_and_update_products",
     "/flower/api/task/apply/channel.products_sync"),
    ("/flower/api/task/async-apply/channel_app_template.app.tasks.fetch_and_create_order",
     "/flower/api/task/async-apply/channel.orders_import"),
    ("/flower/api/task/send-task/channel_app_template.app.tasks.update_prices",
     "/flower/api/task/send-task/channel.prices_update"),
    ("/flower/api/task/apply/channel.noop", "/flower/api/task/apply/channel.noop"),
    ("/flower/api/task/info/channel_app_template.app.tasks.update_prices",
     "/flower/api/task/info/channel_app_template.app.tasks.update_prices"),
    ("/flower/tasks", "/flower/tasks"),
])
def test_template_task_names_resolve_to_their_flows(path, expected):
    assert resolve_template_task(path) == expected


def test_unknown_template_task_is_refused():
    with pytest.raises(UnknownTemplateTask, match="template task names: .*insert_and_update_products"):
        resolve_template_task("/flower/api/task/apply/channel_app_template.app.tasks.nothing")
