"""Fail when a binary contains AVX-512 instructions (``zmm`` registers), i.e. was built for the
build machine's CPU instead of the portable baseline. ``python check_isa.py FILE...``.

x86-64 only (objdump); on other architectures it says so and passes.
"""

# ruff: noqa: T201  (a command-line check: printing is its output)
from __future__ import annotations

import platform
import shutil
import subprocess
import sys


def zmm_count(path: str) -> int:
    out = subprocess.run(  # noqa: S603 (fixed argv, our own build outputs)
        ["objdump", "-d", "--no-show-raw-insn", path],  # noqa: S607 (objdump from PATH)
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sum(1 for line in out.splitlines() if "%zmm" in line or "zmm" in line.split("#")[0])


def main(paths: list[str]) -> int:
    if not paths:
        print("check_isa: no files given", file=sys.stderr)
        return 2
    if platform.machine().lower() not in ("x86_64", "amd64"):
        print(f"check_isa: skipped on {platform.machine()} (checks x86-64 AVX-512 only)")
        return 0
    if shutil.which("objdump") is None:
        if sys.platform.startswith("linux"):
            print("check_isa: objdump not found (install binutils)", file=sys.stderr)
            return 2
        print(f"check_isa: NOT CHECKED on {sys.platform}: no objdump (MSVC builds target SSE2)")
        return 0
    bad = 0
    for path in paths:
        count = zmm_count(path)
        print(f"check_isa: {path}: {count} AVX-512 (zmm) instructions")
        bad += count > 0
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
