"""The command line on the example environment, run as a child process like `make synth`."""

import json
import os

from conftest import run_main


def test_synth_writes_stacks_quietly(tmp_path):
    # The child must pick its Node.js itself, as `make synth` does, not inherit this process's choice.
    env = {key: value for key, value in os.environ.items() if key not in ("JSII_NODE", "NODE_OPTIONS")}
    outdir = tmp_path / "cdktf.out"
    result = run_main("--out", outdir, env=env)

    assert result.returncode == 0, result.stderr
    stack = outdir / "stacks" / "example-infra" / "cdk.tf.json"
    assert f"wrote stack example-infra: {stack}" in result.stderr
    assert json.loads(stack.read_text())["provider"]["google"][0]["project"] == "example-ml-project"
    assert (outdir / "manifest.json").is_file()
    # jsii prints a banner on end-of-life Node.js, and Node.js prints deprecation warnings.
    assert "end-of-life" not in result.stderr
    assert "DeprecationWarning" not in result.stderr
    assert result.stdout == ""
