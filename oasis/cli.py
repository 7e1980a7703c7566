"""Command line of `python main.py`: validate one environment file, then synthesize its stacks."""

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

from oasis.config import ConfigError, load_environment
from oasis.garbage_collection import paused_garbage_collection
from oasis.output import UnsafeOutputError, check_output_folder

logger = logging.getLogger("oasis")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "environments" / "example.yaml"

EXIT_SYNTH_FAILED = 1
EXIT_INVALID_CONFIG = 2
# 128 + SIGINT, as shells report a process that Ctrl-C stopped.
EXIT_INTERRUPTED = 130

EPILOG = """\
exit codes: 0 success, 1 synth failed, 2 invalid environment file or --out,\n130 interrupted (Ctrl-C), 143 stopped by SIGTERM.
Relative paths are relative to the current folder. The environment's name, and so its stack
names (<name>-infra), comes from the file name: environments/prod.yaml synthesizes prod-infra.
"""


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def default_config() -> Path:
    """Return the environment file chosen by OASIS_CONFIG or OASIS_ENV, else the example environment.

    The cdktf CLI runs main.py without arguments, so these variables select the environment there.
    """
    if os.environ.get("OASIS_CONFIG"):
        return Path(os.environ["OASIS_CONFIG"])
    if os.environ.get("OASIS_ENV"):
        return PROJECT_ROOT / "environments" / f"{os.environ['OASIS_ENV']}.yaml"
    return DEFAULT_CONFIG


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Validate an Oasis environment file and synthesize its Terraform JSON stacks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="environment YAML file (default: $OASIS_CONFIG, else environments/$OASIS_ENV.yaml, "
        "else environments/example.yaml)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder, replaced as a whole after a successful synth; it must be new, empty or an earlier "
        "synth's output (default: $CDKTF_OUTDIR, else cdktf.out)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="validate the environment file (and --out, if given) and write nothing",
    )
    parser.add_argument("--debug", action="store_true", help="log details and show tracebacks of internal errors")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    logging.basicConfig(
        level=logging.DEBUG if arguments.debug else logging.INFO,
        format="%(message)s" if not arguments.debug else "%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    config = arguments.config or default_config()
    outdir = arguments.out or Path(os.environ.get("CDKTF_OUTDIR") or "cdktf.out")

    try:
        environment = load_environment(config)
    except ConfigError as error:
        for line in error.format_lines():
            logger.error("%s", line)
        logger.error("invalid environment file %s: nothing was synthesized", config)
        return EXIT_INVALID_CONFIG

    # --check also rejects an --out that the real run would reject, when --out is given.
    if not arguments.check or arguments.out is not None:
        try:
            check_output_folder(outdir.resolve())
        except UnsafeOutputError as error:
            logger.error("%s", error)
            return EXIT_INVALID_CONFIG

    if arguments.check:
        logger.info("%s is valid", config)
        return 0

    # SIGTERM (CI cancelling a job) then unwinds like Ctrl-C, so synth removes its staging folder.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        # Imported here so that validating a file does not start the jsii runtime.
        with paused_garbage_collection():
            from oasis.app import synth_environment

        logger.info("synthesizing environment %r from %s", environment.name, config)
        stacks = synth_environment(environment, outdir)
    except KeyboardInterrupt:
        logger.error("synth interrupted; %s is unchanged", outdir)
        return EXIT_INTERRUPTED
    except SystemExit as stop:
        logger.error("synth stopped by a signal; %s is unchanged", outdir)
        return stop.code if isinstance(stop.code, int) else EXIT_INTERRUPTED
    except Exception as error:
        if arguments.debug:
            raise
        logger.error("synth failed: %s: %s (run with --debug for the traceback); %s is unchanged", type(error).__name__, error, outdir)
        return EXIT_SYNTH_FAILED

    for stack in stacks:
        logger.info("wrote stack %s: %s", stack.parent.name, stack)
    return 0
