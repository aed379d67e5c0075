"""Suite-wide fixtures: every plugin under tests/fixtures is registered here."""
import importlib.util

pytest_plugins = [
    name
    for name in (
        "tests.fixtures.services",
        "tests.fixtures.omnitron_sandbox",
        "tests.fixtures.trendyol_sandbox",
        "tests.fixtures.hepsiburada_sandbox",
        "tests.fixtures.live_stack",
    )
    if importlib.util.find_spec(name) is not None
]
