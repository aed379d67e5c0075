"""Guard tests: the README stays true to the code and to CI, and its examples run as written.

Every command of the README's ```sh blocks is either executed here, verbatim, against a live stack
(its output checked against EXPECTED), or named in COVERED_ELSEWHERE with the test that runs it.
A new README command without either fails `test_every_readme_command_is_exercised`.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from channel.flows.registry import all_flows, source_file
from tests.fixtures.processes import ROOT

README = (ROOT / "README.md").read_text()
DOCUMENTED_URL = "http://127.0.0.1:8000"
ADMIN_PASSWORD = "readme-admin-password"

# Commands run by other tests (file, test function), because they cannot run inside the suite.
COVERED_ELSEWHERE = {
    "make run": ("tests/devstack/test_make_run.py", "test_make_run_from_a_fresh_clone_then_again"),
    "make test": ("tests/test_readme.py", "test_ci_runs_the_readme_test_command"),
}
NOTHING = r"\A\s*\Z"  # an assignment prints nothing
# Commands executed here: a README command starting with the key must print a match of the pattern.
EXPECTED = {
    "python manage.py flows": r"channel_app_template\.app\.tasks\.insert_and_update_products\s+-> products_sync",
    "python manage.py sync products_sync --channel 1 --wait":
        r"products_sync finished: fetched=\d+ sent=\d+ succeeded=\d+ failed=0",
    "python manage.py sync prices_sync --inline --dry-run": r"DRY RUN: nothing was changed(.*\n)*prices_sync finished \(dry run\): fetched=\d+",
    "python manage.py sync insert_and_update_products --option add_mapped=false --wait":
        r"queued products_sync for channel 1 .*\n(.*\n)*products_sync finished: ",
    "python manage.py seed_schedules": r"schedules",
    "python manage.py create_api_token ci-bot --create": r"\A\s*[A-Za-z0-9_-]{43}\s*\Z",
    "python manage.py omnitron_check": r"Omnitron is reachable and the channel is ready",
    "python manage.py trendyol_check --channel 1": r"Trendyol answers channel 1's seller as configured",
    "python manage.py trendyol_webhook --channel 1 status": r"channel 1: no webhook registered(.*\n)*last 24 h: 0 events",
    "TOKEN=$(python manage.py create_api_token ci-bot --create)": NOTHING,
    'curl -H "Authorization: Token $TOKEN" http://127.0.0.1:8000/api/v1/flows/':
        r'"template_alias":"channel_app_template\.app\.tasks\.insert_and_update_products"',
    "TASK_ID=$(curl -X POST": NOTHING,
    'curl -H "Authorization: Token $TOKEN" http://127.0.0.1:8000/api/v1/runs/$TASK_ID/': r'"flow":"products_sync"',
    'curl -X POST -H "Authorization: Token $TOKEN" -H "Content-Type: application/json" -d \'{"kwargs"':
        r'"flow":"products_sync".*"status_url"',
    "curl --request POST --url http://127.0.0.1:8000/flower/api/task/apply/channel_app_template":
        r'(?=.*"state": "SUCCESS")(?=.*"flow": "products_sync")',
    "curl --request POST --url http://127.0.0.1:8000/flower/api/task/apply/channel.noop":
        r'(?=.*"state": "SUCCESS")(?=.*"flow": "noop")',
}


def sh_blocks() -> list[list[str]]:
    """The commands of each ```sh block: continuation lines joined, comment lines and comments dropped."""
    blocks = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        joined = re.sub(r"\\\n\s*", "", block)
        commands = [re.sub(r"\s{2,}# .*$", "", line).strip() for line in joined.splitlines()]
        blocks.append([command for command in commands if command and not command.startswith("#")])
    return blocks


def expectation(command: str) -> str | None:
    matches = [pattern for prefix, pattern in EXPECTED.items() if command.startswith(prefix)]
    assert len(matches) <= 1, f"two EXPECTED entries match {command!r}"
    return matches[0] if matches else None


def test_readme_lists_every_flow_with_its_task_name():
    missing = [spec.task_name for spec in all_flows() if f"`{spec.task_name}`" not in README]
    assert not missing, f"add these flows to the README's Flows table: {missing}"


def test_readme_maps_every_template_task():
    missing = [spec.template_task for spec in all_flows() if spec.template_task and
               f"| `{spec.task_name}` | `{spec.template_task}` |" not in README]
    assert not missing, f"add these template task names to the README's Flows table: {missing}"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in README and "\nmake test\n" in ci


def test_readme_links_every_flow_to_the_file_that_declares_it():
    unlinked = [flow.name for flow in all_flows() if f"[`{flow.name}`]({source_file(flow)})" not in README]
    assert not unlinked, f"link these flows to their files in the README's Flows table: {unlinked}"
    assert all((ROOT / source_file(flow)).is_file() for flow in all_flows())


def test_ci_runs_the_readme_check_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "`make check`" in README and "\nmake check\n" in ci and (ROOT / "mypy.ini").is_file()


def test_every_readme_command_is_exercised():
    unexercised = []
    for command in (command for block in sh_blocks() for command in block):
        if command in COVERED_ELSEWHERE:
            path, test = COVERED_ELSEWHERE[command]
            assert f"def {test}(" in (ROOT / path).read_text(), f"{command!r}: {path}::{test} is gone"
        elif expectation(command) is None:
            unexercised.append(command)
    assert not unexercised, f"README commands no test runs (add them to EXPECTED or COVERED_ELSEWHERE): {unexercised}"


def test_every_inline_command_names_something_real():
    """`manage.py <command>`, `python -m <module>` and `make <target>` mentioned in the prose exist."""
    executed = " ".join(command for block in sh_blocks() for command in block)
    for name in set(re.findall(r"`(?:python )?manage\.py (\w+)", README)):
        assert f"manage.py {name}" in executed, f"the README mentions manage.py {name}; run it in a ```sh example"
    for module in set(re.findall(r"`python -m ([\w.]+)", README)):
        assert (ROOT / (module.replace(".", "/") + ".py")).exists(), f"python -m {module}: no such module"
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
    for target in set(re.findall(r"make (\w+)`", README)):
        assert target in targets, f"make {target}: no such Makefile target"


@pytest.fixture
def readme_admin(django_user_model) -> None:
    """The `admin` user `make run` creates, its password in ADMIN_PASSWORD, as the README assumes."""
    django_user_model.objects.create_superuser("admin", password=ADMIN_PASSWORD)


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(1800)  # each manage.py start is seconds on a loaded 2-core CI machine
def test_readme_examples_run_as_written(live_stack, readme_admin):
    """Each executable ```sh block as one bash script, in order; the URL is the live stack's."""
    env = {**os.environ, **live_stack.env, "ADMIN_PASSWORD": ADMIN_PASSWORD,
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for block in sh_blocks():
        if all(command in COVERED_ELSEWHERE for command in block):
            continue
        script = "set -euo pipefail\n" + "".join(
            f"printf '\\n@@command {i}\\n'\n{command.replace(DOCUMENTED_URL, live_stack.url)}\n"
            for i, command in enumerate(block))
        done = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=900)
        outputs = re.split(r"^@@command \d+\n", done.stdout, flags=re.M)[1:]
        assert done.returncode == 0, (f"README command {block[len(outputs) - 1]!r} failed:\n"
                                      f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        for command, output in zip(block, outputs, strict=True):
            pattern = expectation(command)
            assert pattern is not None and re.search(pattern, output, re.S | re.M), (
                f"README command {command!r} printed:\n{output[-3000:]}\nexpected: {pattern}")
