"""Secret Manager secrets. The environment file names them but never contains their values."""

from pydantic import Field

from oasis.config.types import ConfigModel, Labels, Region, ResourceName

# Secret ids are at most 255 letters, digits, hyphens and underscores
# (https://cloud.google.com/python/docs/reference/secretmanager/latest/google.cloud.secretmanager_v1.types.CreateSecretRequest).
MAX_SECRET_ID = 255


class Secret(ConfigModel):
    """One secret, created without a version: add the value with gcloud, outside Terraform."""

    # Short name, so the secret id is `<name_prefix>-<name>`.
    name: ResourceName
    # Regions that hold replicas. Default: none, which selects automatic replication.
    replica_locations: list[Region] = Field(default=[])
    # Labels of this secret, added to the environment's labels. Default: none.
    labels: Labels = {}
