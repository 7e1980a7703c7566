"""Split the baseline's import time per package with `python -X importtime`."""

import re
import subprocess
from pathlib import Path

# "import time: self [us] | cumulative | imported package"
IMPORTTIME_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)\s*$")


def profile_imports(python: str, code: str, packages: list[str], cwd: Path, env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Run `code` once under -X importtime and return, per package, where its import time went.

    `assembly_load_s` is the self time of `<package>._jsii`: Python sends the package's jsii
    assembly to the Node.js process and waits until Node.js has loaded it. `python_modules_s` is
    the self time of every other module of the package, which is Python defining the binding
    classes. Self times exclude nested imports, so the two never overlap.
    """
    result = subprocess.run(
        [python, "-X", "importtime", "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    self_times = parse_self_times(result.stderr)

    profile = {}
    for package in packages:
        assembly_us = self_times.get(f"{package}._jsii", 0)
        module_times = [
            microseconds
            for name, microseconds in self_times.items()
            if (name == package or name.startswith(f"{package}.")) and name != f"{package}._jsii"
        ]
        profile[package] = {
            "assembly_load_s": assembly_us / 1e6,
            "python_modules_s": sum(module_times) / 1e6,
            "modules": len(module_times),
        }
    return profile


def parse_self_times(importtime_output: str) -> dict[str, int]:
    """Return the self time in microseconds of every module in `-X importtime` output."""
    self_times: dict[str, int] = {}
    for line in importtime_output.splitlines():
        match = IMPORTTIME_LINE.match(line)
        if match:
            # A module can show up twice: once for its import and once when a submodule re-enters it.
            name = match.group(3)
            self_times[name] = self_times.get(name, 0) + int(match.group(1))
    return self_times
