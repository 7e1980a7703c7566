"""Settings of the data bucket that contains training data and checkpoints."""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator

from oasis.config.durations import SECONDS_PER_DAY, Duration
from oasis.config.types import ConfigModel, Labels

# Bucket name requirements (https://cloud.google.com/storage/docs/naming-buckets): 3 to 63
# lowercase letters, digits, hyphens, underscores and dots, starting and ending with a letter or
# digit, not starting with "goog" and not containing "google" or close misspellings.
# Oasis also rejects dots, because dotted names need a verified domain.
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*[a-z0-9]$")
MIN_BUCKET_NAME = 3
MAX_BUCKET_NAME = 63
# NOTE: Cloud Storage does not publish its list of close misspellings. This pattern catches the
# documented example g00gle and the other digit-for-letter swaps of "google".
GOOGLE_LIKE = re.compile(r"g[o0]{2}g[l1]e")

# Soft delete keeps deleted objects for 7 to 90 days, and a retention of 0 turns it off
# (https://cloud.google.com/storage/docs/soft-delete).
MIN_SOFT_DELETE_DAYS = 7
MAX_SOFT_DELETE_DAYS = 90


def bucket_name_problem(name: str) -> str | None:
    """Return why `name` is not a valid bucket name, or None if it is valid."""
    return _bucket_name_format_problem(name) or reserved_bucket_name_problem(name)


def _bucket_name_format_problem(name: str) -> str | None:
    if "." in name:
        return "invalid bucket name: dots are not supported, because dotted names need a verified domain. Use hyphens."
    if not MIN_BUCKET_NAME <= len(name) <= MAX_BUCKET_NAME:
        return f"invalid bucket name: {len(name)} characters, {MIN_BUCKET_NAME} to {MAX_BUCKET_NAME} are allowed."
    if not BUCKET_NAME.match(name):
        return (
            "invalid bucket name: use lowercase letters, digits, hyphens and underscores, "
            "starting and ending with a letter or digit."
        )
    return None


def reserved_bucket_name_problem(name: str) -> str | None:
    """Return why Cloud Storage reserves `name` for Google, or None if it does not."""
    if name.startswith("goog"):
        return "invalid bucket name: Cloud Storage reserves names that start with 'goog'. Choose another name."
    if GOOGLE_LIKE.search(name):
        return "invalid bucket name: Cloud Storage rejects names that contain 'google' or a close misspelling. Choose another name."
    return None


def _check_bucket_name(value: str) -> str:
    problem = bucket_name_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _check_soft_delete(value: int) -> int:
    if value != 0 and not MIN_SOFT_DELETE_DAYS * SECONDS_PER_DAY <= value <= MAX_SOFT_DELETE_DAYS * SECONDS_PER_DAY:
        raise ValueError(
            f"invalid soft delete retention: use {MIN_SOFT_DELETE_DAYS}d to {MAX_SOFT_DELETE_DAYS}d, "
            "or 0s to turn soft delete off."
        )
    return value


BucketName = Annotated[str, AfterValidator(_check_bucket_name)]
SoftDeleteRetention = Annotated[Duration, AfterValidator(_check_soft_delete)]


class DataBucket(ConfigModel):
    """A regional bucket in the environment's region for training data and checkpoints.

    Uniform bucket-level access and public access prevention are always on, Terraform never
    deletes the bucket (prevent_destroy, and force_destroy is false), and the workload identity
    gets its role on this bucket only.
    """

    # Bucket names are global across Cloud Storage. Default: `<project_id>-<name_prefix>-data`.
    name: BucketName | None = None
    # Object versioning keeps overwritten and deleted objects as noncurrent versions. Default: true.
    versioning: bool = True
    # How long deleted objects stay restorable: 7d to 90d, or 0s for off. Default: 7d.
    soft_delete_retention: SoftDeleteRetention = MIN_SOFT_DELETE_DAYS * SECONDS_PER_DAY
    # Folders with atomic renames, which GCS Fuse can use. Set only at creation. Default: false.
    hierarchical_namespace: bool = False
    # read-write (roles/storage.objectUser) or read-only (roles/storage.objectViewer) for the
    # workload identity. Default: read-write, because training writes checkpoints.
    workload_access: Literal["read-write", "read-only"] = "read-write"
    # Labels of the bucket, added to the environment's labels. Default: none.
    labels: Labels = {}
