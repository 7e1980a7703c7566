"""Building and synthesizing the cdktf app for one environment."""

import logging
import shutil
from pathlib import Path

from cdktf import App

from oasis.config import Environment
from oasis.output import carry_over_stack_files, check_output_folder, make_staging_folder, replace_folder
from oasis.stacks.infra import InfraStack

logger = logging.getLogger(__name__)


def build_app(environment: Environment, outdir: Path) -> App:
    """Create the app with every stack of the environment, without synthesizing it."""
    app = App(outdir=str(outdir))
    InfraStack(app, environment)
    return app


def synth_environment(environment: Environment, outdir: Path) -> list[Path]:
    """Synthesize into `outdir`, replacing it only after the whole synth succeeded.

    The stacks are written to a temporary sibling folder first, so a failing synth leaves an
    earlier `outdir` exactly as it was. Files that Terraform left in a stack folder of the earlier
    output (.terraform/, the lock file, saved plans) move to the new output. Returns the path of
    each stack's Terraform JSON.
    Raises UnsafeOutputError, before synthesizing, if `outdir` is not safe to replace.
    """
    outdir = outdir.resolve()
    check_output_folder(outdir)
    staging = make_staging_folder(outdir)
    try:
        build_app(environment, staging).synth()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

    for moved in carry_over_stack_files(outdir, staging):
        logger.debug("kept %s from the previous output", moved.name)
    replace_folder(staging, outdir)
    stacks = sorted((outdir / "stacks").glob("*/cdk.tf.json"))
    for stack in stacks:
        logger.debug("wrote %s", stack)
    return stacks
