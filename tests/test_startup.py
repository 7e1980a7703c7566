"""What `main.py` loads before it synthesizes: validation must not start jsii."""

import gc
import json
import subprocess
import sys

from conftest import ROOT, example_data, write_environment
from oasis.garbage_collection import paused_garbage_collection

# Runs the command line in a fresh interpreter, then prints its exit code and the jsii-based
# packages that it imported. Importing any of them starts the Node.js process of jsii.
LIST_JSII_MODULES = """
import json, sys
from oasis.cli import main
code = main(sys.argv[1:])
prefixes = ("jsii", "cdktf", "constructs")
loaded = sorted(name for name in sys.modules if name.split(".")[0].startswith(prefixes))
print(json.dumps({"exit_code": code, "jsii_modules": loaded}))
"""


def run_cli_listing_jsii_modules(*arguments: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", LIST_JSII_MODULES, *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_loads_no_jsii_package():
    report = run_cli_listing_jsii_modules("--check")
    assert report["exit_code"] == 0
    assert report["jsii_modules"] == []


def test_invalid_file_loads_no_jsii_package(tmp_path):
    data = example_data()
    data["zone"] = "us-central1-b"
    path = write_environment(tmp_path, data)
    report = run_cli_listing_jsii_modules("--config", str(path), "--out", str(tmp_path / "out"))
    assert report["exit_code"] == 2
    assert report["jsii_modules"] == []


def test_garbage_collection_resumes_after_pause():
    assert gc.isenabled()
    with paused_garbage_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_garbage_collection_stays_disabled_if_it_was():
    gc.disable()
    try:
        with paused_garbage_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
