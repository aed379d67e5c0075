"""Guard tests: the README stays true to the code and to CI."""
from channel.flows.registry import all_flows
from tests.fixtures.processes import ROOT

README = (ROOT / "README.md").read_text()


def test_readme_lists_every_flow_with_its_task_name():
    missing = [spec.task_name for spec in all_flows() if f"`{spec.task_name}`" not in README]
    assert not missing, f"add these flows to the README's Flows table: {missing}"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in README and "\nmake test\n" in ci
