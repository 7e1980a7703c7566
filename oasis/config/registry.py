"""Settings of the Artifact Registry Docker repository and its optional Docker Hub cache."""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from oasis.config.durations import Duration
from oasis.config.types import ConfigModel, ResourceName

# Artifact Registry applies at most 10 cleanup policies to a repository
# (https://cloud.google.com/artifact-registry/docs/repositories/cleanup-policy-overview).
MAX_CLEANUP_POLICIES = 10

CLEANUP_POLICY_ID = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")


def _check_policy_id(value: str) -> str:
    if not CLEANUP_POLICY_ID.match(value):
        raise ValueError(
            "invalid cleanup policy id: use at most 63 lowercase letters, digits and hyphens, "
            "starting with a letter and not ending with a hyphen."
        )
    return value


CleanupPolicyId = Annotated[str, AfterValidator(_check_policy_id)]


class CleanupPolicy(ConfigModel):
    """One cleanup policy: DELETE versions that match a condition, or KEEP matching or recent versions.

    A KEEP policy either keeps the keep_count most recent versions or keeps the versions that match
    its condition, never both, because Artifact Registry does not combine the two in one policy.
    """

    id: CleanupPolicyId
    action: Literal["DELETE", "KEEP"]
    # Versions by tag status: TAGGED, UNTAGGED or ANY. Default: ANY.
    tag_state: Literal["TAGGED", "UNTAGGED", "ANY"] = "ANY"
    # Versions with a tag that starts with one of these. Default: none.
    tag_prefixes: list[str] = []
    # Packages (image names) that start with one of these. Default: every package.
    package_name_prefixes: list[str] = []
    # Versions uploaded longer ago than this, for example 14d. Default: no age condition.
    older_than: Duration | None = Field(default=None, gt=0)
    # Versions uploaded more recently than this. Default: no age condition.
    newer_than: Duration | None = Field(default=None, gt=0)
    # Number of most recent versions of each package to keep, in KEEP policies only. Default: none.
    keep_count: int | None = Field(default=None, ge=1)

    def condition_settings(self) -> list[str]:
        """Return the names of the condition settings that this policy sets."""
        names = []
        if self.tag_state != "ANY":
            names.append("tag_state")
        for name in ("tag_prefixes", "older_than", "newer_than"):
            if getattr(self, name):
                names.append(name)
        return names


class DockerHubCache(ConfigModel):
    """A remote repository that caches images pulled from Docker Hub, such as rayproject/ray."""

    # Short name, so the repository id is `<name_prefix>-<name>`. Default: docker-hub.
    name: ResourceName = "docker-hub"


class ArtifactRegistry(ConfigModel):
    """The Docker repository of training images, in the environment's region."""

    # Short name, so the repository id is `<name_prefix>-<name>`. Default: training.
    name: ResourceName = "training"
    # true: Artifact Registry only logs what the cleanup policies would delete. Required, so that
    # turning deletion on is always a visible decision in the environment file.
    cleanup_policy_dry_run: bool
    # Default: none, so every version is kept.
    cleanup_policies: list[CleanupPolicy] = Field(default=[], max_length=MAX_CLEANUP_POLICIES)
    # Docker Hub pull-through cache. Default: none.
    docker_hub_cache: DockerHubCache | None = None
