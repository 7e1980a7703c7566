"""Building and synthesizing the cdktf app for one environment."""

import logging
import shutil
import tempfile
from pathlib import Path

from cdktf import App

from oasis.config import Environment
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
    earlier `outdir` exactly as it was. Returns the path of each stack's Terraform JSON.
    """
    outdir = outdir.resolve()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
    try:
        build_app(environment, staging).synth()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

    _replace_folder(staging, outdir)
    stacks = sorted((outdir / "stacks").glob("*/cdk.tf.json"))
    for stack in stacks:
        logger.debug("wrote %s", stack)
    return stacks


def _replace_folder(new: Path, target: Path) -> None:
    # Two renames on one file system: the old output stays complete until the new one takes its place.
    previous = None
    if target.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        previous.rmdir()
        target.rename(previous)
    new.rename(target)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
