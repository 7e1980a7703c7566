"""Shared fixtures: one synth of the example environment per test session, and helpers to read it."""

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import oasis  # noqa: F401  (selects the Node.js binary before cdktf starts jsii)
from oasis.config import Environment, load_environment
from oasis.garbage_collection import paused_garbage_collection

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "environments" / "example.yaml"


def example_data() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text())


def write_environment(folder: Path, data: dict[str, Any], name: str = "test") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def run_main(*arguments: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python main.py` in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )


def resources(stack: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    """Return the resources of one type in a synthesized stack, keyed by their construct path."""
    found = stack.get("resource", {}).get(resource_type, {})
    return {body["//"]["metadata"]["path"].split("/", 1)[1]: body for body in found.values()}


def resource(stack: dict[str, Any], resource_type: str, path: str) -> dict[str, Any]:
    """Return the one resource of `resource_type` whose construct path (without the stack) is `path`."""
    found = resources(stack, resource_type)
    assert path in found, f"no {resource_type} at {path}; found {sorted(found)}"
    return found[path]


def address(stack: dict[str, Any], resource_type: str, path: str) -> str:
    """Return the Terraform address (`type.logical_id`) of the resource at construct path `path`."""
    for logical_id, body in stack.get("resource", {}).get(resource_type, {}).items():
        if body["//"]["metadata"]["path"].split("/", 1)[1] == path:
            return f"{resource_type}.{logical_id}"
    raise AssertionError(f"no {resource_type} at {path}")


def reference(stack: dict[str, Any], resource_type: str, path: str, attribute: str) -> str:
    """Return the interpolation `${type.logical_id.attribute}` that cdktf writes for a reference."""
    return "${" + address(stack, resource_type, path) + "." + attribute + "}"


@pytest.hookimpl(hookwrapper=True)
def pytest_collection(session: pytest.Session):
    """Collect the test modules, which import the provider bindings, with garbage collection paused."""
    with paused_garbage_collection():
        yield


@pytest.fixture(scope="session")
def example_environment() -> Environment:
    return load_environment(EXAMPLE)


@pytest.fixture(scope="session")
def example_synth(tmp_path_factory: pytest.TempPathFactory, example_environment: Environment) -> dict[str, dict[str, Any]]:
    """Synthesize the example environment once and return each stack's JSON by stack name."""
    from oasis.app import synth_environment

    outdir = tmp_path_factory.mktemp("synth") / "cdktf.out"
    stacks = synth_environment(example_environment, outdir)
    return {path.parent.name: json.loads(path.read_text()) for path in stacks}


@pytest.fixture(scope="session")
def infra(example_synth: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return example_synth["example-infra"]


@pytest.fixture
def example_copy() -> dict[str, Any]:
    return copy.deepcopy(example_data())
