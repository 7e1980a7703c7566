"""Golden file of the example environment's synthesized JSON.

Every change to generated infrastructure shows up as a diff of tests/golden/. Refresh the files
with `make golden` and review the diff like any other change.
"""

import difflib
import json
import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
PROJECT_PLACEHOLDER = "<project-id>"


def redact(stack: dict, project_id: str) -> str:
    """Serialize a stack with the project id replaced, so the file does not depend on the project."""
    text = json.dumps(stack, indent=2, sort_keys=True) + "\n"
    return text.replace(project_id, PROJECT_PLACEHOLDER)


def test_example_stacks_match_golden(example_synth, example_environment):
    update = os.environ.get("OASIS_UPDATE_GOLDEN") == "1"
    for stack_name, stack in example_synth.items():
        actual = redact(stack, example_environment.project_id)
        path = GOLDEN / f"{stack_name}.json"
        if update:
            path.write_text(actual)
            continue

        assert path.exists(), f"{path} is missing; run `make golden` and review the new file"
        expected = path.read_text()
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(path), "synthesized", n=2))
        assert actual == expected, f"synthesized JSON differs from {path} (run `make golden` if intended):\n{diff[:6000]}"


def test_golden_has_no_project_id(example_environment):
    for path in GOLDEN.glob("*.json"):
        assert example_environment.project_id not in path.read_text()
