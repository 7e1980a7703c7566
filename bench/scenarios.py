"""The commands that the benchmark measures, and the provider imports of the Oasis app."""

import ast
import dataclasses
import shlex
import sys
from pathlib import Path

from machine import PROVIDER_PACKAGES

# A provider package that the app does not import yet still takes part in the baseline through
# this submodule. Any submodule loads the whole package, because the package's __init__.py imports
# every submodule.
UNUSED_PROVIDER_SUBMODULE = "provider"


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One command to measure. `synth_outdir` is set for commands that write a cdktf output folder."""

    key: str
    label: str
    description: str
    command: tuple[str, ...]
    synth_outdir: str | None = None
    # Environment variable that receives a fresh, empty folder before each run.
    empty_folder_env: str | None = None

    def display_command(self) -> str:
        display_parts = ["python" if part == sys.executable else part.replace("{scratch}", "SCRATCH") for part in self.command]
        return shlex.join(display_parts)


def app_provider_imports(package_root: Path) -> dict[str, list[str]]:
    """Return, per provider package, the submodules that the Python files under `package_root` import."""
    found: dict[str, set[str]] = {package: set() for package in PROVIDER_PACKAGES}
    for path in sorted(package_root.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                package, _, submodule = name.partition(".")
                if package in found:
                    found[package].add(name if submodule else package)
    return {package: sorted(modules) for package, modules in found.items()}


def baseline_imports(app_imports: dict[str, list[str]], all_providers: bool) -> list[str]:
    """Return the modules that a baseline process imports, in import order."""
    modules = ["cdktf"]
    for package, submodules in app_imports.items():
        if submodules:
            modules.extend(submodules)
        elif all_providers:
            modules.append(f"{package}.{UNUSED_PROVIDER_SUBMODULE}")
    return modules


def import_code(modules: list[str]) -> str:
    return "; ".join(f"import {module}" for module in modules)


def build_scenarios(app_imports: dict[str, list[str]], config: str, include_cold_cache: bool) -> list[Scenario]:
    python = sys.executable
    baseline = baseline_imports(app_imports, all_providers=True)
    scenarios = [
        Scenario(
            key="baseline",
            label="(a) baseline",
            description="a process that imports cdktf and the google, kubernetes and helm provider packages, then exits",
            command=(python, "-c", import_code(baseline)),
        )
    ]

    app_only = baseline_imports(app_imports, all_providers=False)
    if app_only != baseline:
        scenarios.append(
            Scenario(
                key="baseline_app",
                label="(a') baseline, app's packages only",
                description="like (a), but only the provider packages that the app imports",
                command=(python, "-c", import_code(app_only)),
            )
        )

    synth_command = (python, "main.py", "--config", config, "--out", "{scratch}/cdktf.out")
    scenarios.append(
        Scenario(
            key="synth",
            label="(b) synth",
            description=f"`main.py` synthesizes every stack of {config}",
            command=synth_command,
            synth_outdir="{scratch}/cdktf.out",
        )
    )
    if include_cold_cache:
        scenarios.append(
            Scenario(
                key="synth_cold_cache",
                label="(b') synth, empty jsii cache",
                description="like (b), with JSII_RUNTIME_PACKAGE_CACHE_ROOT set to an empty folder, as on a CI runner without a cached home folder",
                command=synth_command,
                synth_outdir="{scratch}/cdktf.out",
                empty_folder_env="JSII_RUNTIME_PACKAGE_CACHE_ROOT",
            )
        )
    scenarios.append(
        Scenario(
            key="tests",
            label="(c) test suite",
            description="the whole test suite, as `make test` runs it",
            command=(python, "-m", "pytest"),
        )
    )
    return scenarios
