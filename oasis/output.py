"""The synth output folder: a safety check before writing, and the replacement after a synth."""

import shutil
import tempfile
from pathlib import Path


class UnsafeOutputError(Exception):
    """The output path exists but is not a folder that an earlier synth wrote."""


def check_output_folder(outdir: Path) -> None:
    """Raise UnsafeOutputError unless `outdir` is missing, empty, or an earlier synth's output.

    A synth replaces the whole folder, so a path such as `--out .` must be rejected.
    """
    if not outdir.exists():
        return
    if not outdir.is_dir():
        raise UnsafeOutputError(f"output path {outdir} exists and is not a folder. Choose another --out.")
    if any(outdir.iterdir()) and not (outdir / "manifest.json").is_file():
        raise UnsafeOutputError(
            f"output folder {outdir} is not empty and has no manifest.json from an earlier synth, so it will "
            "not be replaced. Choose an empty or new folder for --out."
        )


def make_staging_folder(outdir: Path) -> Path:
    """Create an empty sibling folder of `outdir` on the same file system, for an atomic rename later."""
    outdir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))


def replace_folder(new: Path, target: Path) -> None:
    """Move `new` to `target`, deleting the previous `target` only once `new` is in place."""
    # Two renames on one file system: the old output stays complete until the new one takes its place.
    previous = None
    if target.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        previous.rmdir()
        target.rename(previous)
    new.rename(target)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
