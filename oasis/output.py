"""The synth output folder: a safety check before writing, and the replacement after a synth."""

import json
import os
import shutil
import tempfile
from pathlib import Path

# The only top-level entries of a folder that cdktf synth wrote.
SYNTH_ENTRIES = frozenset({"manifest.json", "stacks"})


class UnsafeOutputError(Exception):
    """The output path exists but is not a folder that an earlier synth wrote."""


def check_output_folder(outdir: Path) -> None:
    """Raise UnsafeOutputError unless `outdir` is missing, empty, or an earlier synth's output.

    A synth replaces the whole folder, so anything else there would be lost. An earlier output has
    only manifest.json and stacks/ at its top level, and its manifest names a cdktf version and
    the stacks.
    """
    if not outdir.exists():
        return
    if not outdir.is_dir():
        raise UnsafeOutputError(f"output path {outdir} exists and is not a folder. Choose another --out.")

    entries = {entry.name for entry in outdir.iterdir()}
    if not entries:
        return
    others = sorted(entries - SYNTH_ENTRIES)
    if others:
        raise UnsafeOutputError(
            f"output folder {outdir} contains {', '.join(others[:3])}{' ...' if len(others) > 3 else ''}, which "
            "synth did not write, so it will not be replaced. Choose an empty or new folder for --out."
        )
    if not _has_cdktf_manifest(outdir):
        raise UnsafeOutputError(
            f"output folder {outdir} has no cdktf manifest.json from an earlier synth, so it will not be "
            "replaced. Choose an empty or new folder for --out."
        )


def _has_cdktf_manifest(outdir: Path) -> bool:
    try:
        manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(manifest, dict) and "version" in manifest and isinstance(manifest.get("stacks"), dict)


def make_staging_folder(outdir: Path) -> Path:
    """Create an empty sibling folder of `outdir` on the same file system, for an atomic rename later.

    mkdtemp creates the folder with mode 0700, so it gets the mode of the folder it will replace,
    or the usual mode for a new folder under the current umask.
    """
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
    if outdir.is_dir():
        mode = outdir.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o777 & ~umask
    staging.chmod(mode)
    return staging


def carry_over_stack_files(previous: Path, new: Path) -> list[Path]:
    """Move the files that Terraform left in each stack folder of `previous` into `new`.

    Synth writes only cdk.tf.json into a stack folder, but users run Terraform there, which adds
    .terraform/, .terraform.lock.hcl and saved plans. Each entry moves only if the stack still
    exists and synth did not write an entry of that name. Returns the paths moved, in `new`.
    """
    moved = []
    old_stacks = previous / "stacks"
    if not old_stacks.is_dir():
        return moved
    for old_stack in sorted(old_stacks.iterdir()):
        new_stack = new / "stacks" / old_stack.name
        if not old_stack.is_dir() or not new_stack.is_dir():
            continue
        for entry in sorted(old_stack.iterdir()):
            target = new_stack / entry.name
            if target.exists():
                continue
            entry.rename(target)
            moved.append(target)
    return moved


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
