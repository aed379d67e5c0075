"""channel.flows.registry.resolve_flow: our names, and the channel_app_template task names they replace."""
import pytest

from channel.flows.registry import TEMPLATE_TASK_PREFIX, UnknownFlow, all_flows, resolve_flow


def test_every_template_task_resolves_to_its_flow_in_both_forms():
    replacing = [spec for spec in all_flows() if spec.template_task]
    assert len(replacing) == len({spec.template_task for spec in replacing}), "a template task replaced twice"
    for spec in replacing:
        assert resolve_flow(spec.template_task) is spec
        assert resolve_flow(TEMPLATE_TASK_PREFIX + spec.template_task) is spec
        assert spec.template_alias == TEMPLATE_TASK_PREFIX + spec.template_task


def test_our_names_resolve_first():
    assert resolve_flow("products_sync").name == "products_sync"


@pytest.mark.parametrize("name", ["", "channel_app_template.app.tasks.", "channel_app_template.app.tasks.nope",
                                  "channel.products_sync", "other.module.insert_and_update_products"])
def test_anything_else_is_unknown(name):
    with pytest.raises(UnknownFlow):
        resolve_flow(name)
