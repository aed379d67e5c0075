"""Contract: Akinon's own Omnitron client (omnisdk, from the package index) against the sandbox.

omnisdk is installed into a virtualenv of its own under var/ (kept between runs, rebuilt when
the pinned version changes), never into the project's: nothing of it is imported here, and
its code is not part of this repository. The driver next to this file calls it the way
Akinon's channel app does. Skipped, with the reason, when the package index is unreachable.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.processes import ROOT

OMNISDK_VERSION = "0.0.103"  # the latest on the index, and the one docs/omnitron.md was checked against
VENV = ROOT / "var" / f"omnisdk-{OMNISDK_VERSION}"
DRIVER = Path(__file__).with_name("omnisdk_driver.py")

pytestmark = pytest.mark.timeout(300)


def omnisdk_python() -> Path:
    """The virtualenv's interpreter, creating the venv and installing omnisdk when missing."""
    python = VENV / "bin" / "python"
    marker = VENV / ".installed"
    if marker.exists() and python.exists():
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True, capture_output=True)
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              f"omnisdk=={OMNISDK_VERSION}"], capture_output=True, text=True, timeout=240)
    if install.returncode:
        reason = (install.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"omnisdk=={OMNISDK_VERSION} could not be installed from the package index: {reason}")
    marker.write_text(OMNISDK_VERSION)
    return python


@pytest.fixture(scope="module")
def sdk_python() -> Path:
    return omnisdk_python()


def test_omnisdk_speaks_with_the_sandbox_as_channel_app_does(sdk_python, omnitron):
    run = subprocess.run([str(sdk_python), str(DRIVER), omnitron.url], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)

    assert out["token_scheme"] == "Token"
    assert out["channel"] == {"pk": 1, "catalog": 1, "has_conf": True}
    assert out["products_paged"] == len(omnitron.table("products"))  # every page, 7 at a time, `next` null last
    assert out["after_relogin"] == 1
    assert out["inserts"] == 20
    assert out["batch_created"] == {"status": "initialized", "objects": None, "has_local_id": True}
    assert out["committed"] == "commit" and out["done"] == "done"
    assert len(out["processing_ias"]) == 3
    assert out["inserts_after"] == 17
    assert len(out["prices_by_product_pk_in"]) == len(out["stocks_by_product_pk_in"]) >= 3
    assert out["undeclared_range_ignored"] is True
    assert out["customer_found"] is True
    assert out["order"] == {"number": "SDK-1", "items": 1}
    assert out["error_report"] is True and out["operational_event"] is True
    assert [row["number"] for row in omnitron.table("orders")] == ["SDK-1"]
    ias = {ia["object_id"]: ia for ia in omnitron.table("integration_actions")}
    assert sorted(ia["remote_id"] for ia in ias.values()) == sorted(f"R-{pk}" for pk in out["processing_ias"])
