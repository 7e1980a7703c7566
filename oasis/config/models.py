"""The environment file's root model."""

import ipaddress
import re
from collections.abc import Iterator

from pydantic import field_validator

from oasis.config.cluster import MAX_CLUSTER_NAME, Cluster
from oasis.config.errors import Location
from oasis.config.iam import TeamGrant
from oasis.config.network import RDMA_SUBNET_COUNT, Networks
from oasis.config.node_pools import MAX_NODE_POOL_NAME, GpuNodePool, SystemNodePool
from oasis.config.registry import ArtifactRegistry
from oasis.config.secrets import MAX_SECRET_ID, Secret
from oasis.config.storage import MAX_BUCKET_NAME, DataBucket
from oasis.config.types import (
    MAX_RESOURCE_NAME,
    MAX_SERVICE_ACCOUNT_ID,
    ConfigModel,
    Labels,
    ProjectId,
    Region,
    ResourceName,
    Zone,
)
from oasis.config.workloads import Workloads


# Names of existing Cloud Storage buckets. Dotted names longer than 63 characters are not accepted here.
STATE_BUCKET = re.compile(r"^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$")


class GcsStateBackend(ConfigModel):
    """Terraform state in a Cloud Storage bucket that already exists."""

    bucket: str
    # Folder inside the bucket; the stack name is appended. Default: oasis.
    prefix: str = "oasis"

    @field_validator("bucket")
    @classmethod
    def _check_bucket(cls, value: str) -> str:
        if value.startswith("gs://"):
            raise ValueError(f"write the bucket name without gs://, for example {value.removeprefix('gs://').rstrip('/')!r}.")
        if not STATE_BUCKET.match(value):
            raise ValueError(
                "invalid bucket name: use 3 to 63 lowercase letters, digits, dots, hyphens or underscores, "
                "starting and ending with a letter or digit."
            )
        return value


class Environment(ConfigModel):
    """One environment: a project, a region with one GPU zone, and everything Oasis creates there."""

    # Set by the loader from the file name (example.yaml -> example); names the stacks.
    name: str
    project_id: ProjectId
    region: Region
    # Zone of the GPU nodes; the RDMA VPC uses this zone's RoCE network profile.
    zone: Zone
    # Prefix of every resource name, so that several environments can share a project.
    name_prefix: ResourceName
    # Labels on every resource that supports them, through the provider's default_labels. Default: none.
    labels: Labels = {}
    # Remote state. Default: local state files next to the synthesized stacks.
    state_backend: GcsStateBackend | None = None
    network: Networks
    cluster: Cluster
    # The CPU pool for system workloads. Default: e2-standard-8, 1 to 3 nodes per zone.
    system_node_pool: SystemNodePool = SystemNodePool()
    # A3 Ultra GPU pools in `zone`. Default: none.
    gpu_node_pools: list[GpuNodePool] = []

    # Registry, workload identity, team access, secrets and data bucket.
    artifact_registry: ArtifactRegistry
    # Default: namespace ray, Kubernetes service account ray, principal mode.
    workloads: Workloads = Workloads()
    # Predefined roles for people and groups. Default: none.
    team_access: list[TeamGrant] = []
    # Secret Manager secrets, by name only. Default: none.
    secrets: list[Secret] = []
    # Default: a bucket named `<project_id>-<name_prefix>-data` with the DataBucket defaults.
    data_bucket: DataBucket = DataBucket()

    def resource_name(self, *parts: str) -> str:
        return "-".join((self.name_prefix, *parts))

    @property
    def infra_stack_name(self) -> str:
        return f"{self.name}-infra"

    @property
    def rdma_network_profile(self) -> str:
        # GKE looks the profile up by this project-qualified path; the short name is `<zone>-vpc-roce`.
        return f"projects/{self.project_id}/global/networkProfiles/{self.zone}-vpc-roce"

    @property
    def node_service_account_id(self) -> str:
        return self.resource_name("gke-nodes")

    def network_names(self) -> dict[str, str]:
        """Return the names of the VPCs, subnets, router, NAT and firewall rules, by role."""
        network = self.network
        primary = self.resource_name(network.primary.name)
        gvnic = self.resource_name(network.gvnic.name)
        rdma = self.resource_name(network.rdma.name)
        names = {
            "primary_network": primary,
            "primary_subnet": f"{primary}-subnet",
            "primary_router": f"{primary}-router",
            "primary_nat": f"{primary}-nat",
            "primary_firewall": f"{primary}-allow-internal",
            "gvnic_network": gvnic,
            "gvnic_subnet": f"{gvnic}-subnet",
            "gvnic_firewall": f"{gvnic}-allow-internal",
            "rdma_network": rdma,
        }
        for index in range(RDMA_SUBNET_COUNT):
            names[f"rdma_subnet_{index}"] = f"{rdma}-subnet-{index}"
        return names

    @property
    def cluster_name(self) -> str:
        return self.resource_name(self.cluster.name)

    @property
    def cluster_location(self) -> str:
        return self.region if self.cluster.location_type == "regional" else self.zone

    @property
    def gpu_zone(self) -> str:
        # The RDMA VPC's network profile belongs to `zone`, so every GPU node runs there.
        return self.zone

    def generated_names(self) -> Iterator[tuple[Location, str, int]]:
        """Yield every generated resource name with the setting it derives from and its length limit."""
        for role, name in self.network_names().items():
            network = role.split("_")[0]
            yield ("network", network, "name"), name, MAX_RESOURCE_NAME
        yield ("name_prefix",), self.node_service_account_id, MAX_SERVICE_ACCOUNT_ID
        yield ("cluster", "name"), self.cluster_name, MAX_CLUSTER_NAME
        yield ("system_node_pool", "name"), self.system_node_pool.name, MAX_NODE_POOL_NAME
        for index, pool in enumerate(self.gpu_node_pools):
            yield ("gpu_node_pools", index, "name"), pool.name, MAX_NODE_POOL_NAME
        yield from self._workload_generated_names()

    # Names of the registry, workload identity, secret and data bucket resources.
    @property
    def repository_id(self) -> str:
        return self.resource_name(self.artifact_registry.name)

    @property
    def docker_hub_cache_id(self) -> str | None:
        cache = self.artifact_registry.docker_hub_cache
        return self.resource_name(cache.name) if cache else None

    @property
    def workload_identity_pool(self) -> str:
        # GKE creates this one pool per project for Workload Identity Federation for GKE.
        return f"{self.project_id}.svc.id.goog"

    @property
    def workload_service_account_id(self) -> str:
        return self.resource_name("workload")

    def secret_id(self, secret: Secret) -> str:
        return self.resource_name(secret.name)

    @property
    def data_bucket_name(self) -> str:
        return self.data_bucket.name or f"{self.project_id}-{self.name_prefix}-data"

    def _workload_generated_names(self) -> Iterator[tuple[Location, str, int]]:
        # NOTE: the RFC 1035 rule with at most 63 characters for repository ids is assumed. No
        # Artifact Registry document that states the limit was found.
        yield ("artifact_registry", "name"), self.repository_id, MAX_RESOURCE_NAME
        if self.docker_hub_cache_id:
            yield ("artifact_registry", "docker_hub_cache", "name"), self.docker_hub_cache_id, MAX_RESOURCE_NAME
        if self.workloads.identity_mode == "impersonation":
            yield ("name_prefix",), self.workload_service_account_id, MAX_SERVICE_ACCOUNT_ID
        for index, secret in enumerate(self.secrets):
            yield ("secrets", index, "name"), self.secret_id(secret), MAX_SECRET_ID
        # A name set in the file was checked against all bucket rules when it was loaded.
        if self.data_bucket.name is None:
            yield ("data_bucket", "name"), self.data_bucket_name, MAX_BUCKET_NAME

    def cidr_ranges(self) -> Iterator[tuple[Location, ipaddress.IPv4Network]]:
        """Yield every IPv4 range that must not overlap another, with its setting."""
        primary = self.network.primary
        yield ("network", "primary", "subnet_cidr"), primary.subnet_cidr
        yield ("network", "primary", "pods_range", "cidr"), primary.pods_range.cidr
        yield ("network", "primary", "services_range", "cidr"), primary.services_range.cidr
        yield ("network", "gvnic", "subnet_cidr"), self.network.gvnic.subnet_cidr
        for index, cidr in enumerate(self.network.rdma.subnet_cidrs):
            yield ("network", "rdma", "subnet_cidrs", index), cidr
        if self.cluster.master_ipv4_cidr is not None:
            yield ("cluster", "master_ipv4_cidr"), self.cluster.master_ipv4_cidr
