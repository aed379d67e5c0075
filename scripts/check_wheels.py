"""CI check: every runtime requirement installs on ACC's image (python:3.11-alpine) without building.

ACC's build runs `pip install -r requirements.txt` on Alpine (musl libc, no compiler), so each
package of the resolved tree needs a pure-Python or musllinux wheel for CPython 3.11. pip resolves
the tree for that platform with `--only-binary=:all:` and fails naming the first package with only
an sdist. Every line of the file must also be pinned with `==`.

    python -m scripts.check_wheels [requirements.txt]
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = ("--platform", "musllinux_1_2_x86_64", "--python-version", "3.11",
            "--implementation", "cp", "--abi", "cp311")
PINNED = re.compile(r"^[A-Za-z0-9._-]+(\[[A-Za-z0-9,._-]+\])?==[A-Za-z0-9.+!-]+$")


def unpinned(requirements: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in requirements.read_text().splitlines())
    return [line for line in lines if line and not PINNED.match(line)]


def download(requirements: Path, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", *PLATFORM,
         "--dest", target, "--requirement", str(requirements)],
        capture_output=True, text=True,
    )


def main(argv: list[str]) -> int:
    requirements = Path(argv[0]) if argv else ROOT / "requirements.txt"
    loose = unpinned(requirements)
    if loose:
        print(f"{requirements.name}: pin these with ==: {', '.join(loose)}")
        return 1
    with tempfile.TemporaryDirectory() as target:
        result = download(requirements, target)
        wheels = sorted(path.name for path in Path(target).glob("*.whl"))
    if result.returncode != 0:
        errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
        print(f"{requirements.name} does not install on musllinux_1_2_x86_64 / CPython 3.11 without building:")
        print("\n".join(errors or result.stderr.splitlines()[-10:]))
        return 1
    print(f"{requirements.name}: {len(wheels)} wheels for musllinux_1_2_x86_64 / CPython 3.11, nothing to build")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
