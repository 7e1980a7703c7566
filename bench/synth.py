"""Benchmark of synth and the test suite against a baseline that only loads the providers.

Run it with `make bench`. Every run writes its raw figures to bench/results/ and rewrites the
generated section of docs/benchmarks.md. With `--render FILE` it rewrites that section from the
raw figures of an earlier run and measures nothing.
"""

import argparse
import dataclasses
import datetime
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from import_profile import profile_imports
from machine import PROVIDER_PACKAGES, describe_machine, describe_versions
from measure import Measurement, measure
from report import render_section, update_page
from scenarios import Scenario, app_provider_imports, baseline_imports, build_scenarios, import_code

from oasis.node_runtime import use_packaged_node

logger = logging.getLogger("bench")

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PAGE = ROOT / "docs" / "benchmarks.md"
CONFIG = "environments/example.yaml"


class BenchmarkError(Exception):
    pass


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=5, help="measured runs of each command, whose median the page reports (default: 5)")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between two memory samples of the process tree (default: 0.05)")
    parser.add_argument("--no-cold-cache", action="store_true", help="skip the synth with an empty jsii package cache")
    parser.add_argument("--page", type=Path, default=PAGE, help=f"Markdown page to update (default: {PAGE.relative_to(ROOT)})")
    parser.add_argument("--render", type=Path, metavar="RESULTS_JSON", help="rewrite the page from this raw results file and measure nothing")
    arguments = parser.parse_args(argv)
    if arguments.repetitions < 1:
        parser.error(f"--repetitions must be at least 1, got {arguments.repetitions}")
    if arguments.interval <= 0:
        parser.error(f"--interval must be a positive number of seconds, got {arguments.interval}")
    return arguments


def run_scenario(scenario: Scenario, env: dict[str, str], interval_s: float, log_path: Path) -> tuple[Measurement, dict]:
    """Run one scenario in a fresh scratch folder and return its figures and what it wrote.

    The second value has `stacks`, the names of the stacks that a synth wrote, and for a run with
    an empty folder, `empty_folder_bytes`, the size of that folder afterwards.
    """
    scratch = Path(tempfile.mkdtemp(prefix="oasis-bench-"))
    try:
        command = [part.replace("{scratch}", str(scratch)) for part in scenario.command]
        run_env = dict(env)
        empty_folder = scratch / "empty"
        if scenario.empty_folder_env:
            empty_folder.mkdir(mode=0o700)
            run_env[scenario.empty_folder_env] = str(empty_folder)

        result = measure(command, ROOT, run_env, log_path, interval_s)
        if result.exit_code != 0:
            tail = log_path.read_text(errors="replace").splitlines()[-20:]
            raise BenchmarkError(f"{scenario.label} failed with exit code {result.exit_code}; last lines of {log_path}:\n" + "\n".join(tail))

        written: dict = {}
        if scenario.synth_outdir:
            outdir = Path(scenario.synth_outdir.replace("{scratch}", str(scratch)))
            written["stacks"] = sorted(path.parent.name for path in (outdir / "stacks").glob("*/cdk.tf.json"))
            if not written["stacks"]:
                raise BenchmarkError(f"{scenario.label} exited with 0 but wrote no stack to {outdir}")
        if scenario.empty_folder_env:
            written["empty_folder_bytes"] = sum(path.lstat().st_size for path in empty_folder.rglob("*"))
        return result, written
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run_benchmark(arguments: argparse.Namespace) -> tuple[dict, Path]:
    use_packaged_node()
    env = dict(os.environ)
    node = env.get("JSII_NODE", "node")

    app_imports = app_provider_imports(ROOT / "oasis")
    scenarios = build_scenarios(app_imports, CONFIG, include_cold_cache=not arguments.no_cold_cache)
    started = datetime.datetime.now(datetime.timezone.utc)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    logs = RESULTS / f"logs-{stamp}"
    logs.mkdir(parents=True)

    # The warm-up fills the jsii package cache and the operating system's file cache.
    for scenario in scenarios:
        logger.info("warm-up: %s", scenario.label)
        run_scenario(scenario, env, arguments.interval, logs / f"warmup-{scenario.key}.log")

    runs = []
    stacks_by_scenario: dict[str, list[str]] = {}
    for repetition in range(1, arguments.repetitions + 1):
        for scenario in scenarios:
            result, written = run_scenario(scenario, env, arguments.interval, logs / f"{repetition}-{scenario.key}.log")
            stacks_by_scenario[scenario.key] = written.pop("stacks", [])
            logger.info(
                "%d/%d %s: %.2f s wall, %.2f s CPU, %.0f MB peak tree RSS, load %.2f",
                repetition,
                arguments.repetitions,
                scenario.label,
                result.wall_s,
                result.cpu_s,
                result.peak_tree_rss_bytes / 1e6,
                result.load_average_before[0],
            )
            runs.append({"scenario": scenario.key, "repetition": repetition, **dataclasses.asdict(result), **written})

    baseline = baseline_imports(app_imports, all_providers=True)
    logger.info("import profile of the baseline")
    load_before = os.getloadavg()
    packages = ["constructs", "cdktf", *PROVIDER_PACKAGES]
    profile = profile_imports(sys.executable, import_code(baseline), packages, ROOT, env)

    results = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "finished": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "settings": {"repetitions": arguments.repetitions, "interval_s": arguments.interval, "config": CONFIG},
        "machine": describe_machine(),
        "versions": describe_versions(node),
        "baseline_imports": baseline,
        "unused_providers": [package for package, modules in app_imports.items() if not modules],
        "scenarios": {
            scenario.key: {
                "label": scenario.label,
                "description": scenario.description,
                "command": scenario.display_command(),
                "stacks": stacks_by_scenario.get(scenario.key, []),
            }
            for scenario in scenarios
        },
        "runs": runs,
        "import_profile": {"load_average_before": load_before, "packages": profile},
    }
    results_path = RESULTS / f"synth-{stamp}.json"
    results_path.write_text(json.dumps(results, indent=2) + "\n")
    logger.info("raw results: %s (run logs in %s)", results_path, logs)
    return results, results_path


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    arguments = parse_arguments(argv)
    try:
        if arguments.render:
            results_path = arguments.render.resolve()
            results = json.loads(results_path.read_text())
        else:
            results, results_path = run_benchmark(arguments)
        shown_path = results_path.relative_to(ROOT) if results_path.is_relative_to(ROOT) else results_path
        update_page(arguments.page, render_section(results, str(shown_path)))
    except (BenchmarkError, ValueError, OSError) as error:
        logger.error("benchmark failed: %s", error)
        return 1
    logger.info("updated %s", arguments.page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
