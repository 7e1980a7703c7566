"""The environment file's root model."""

import ipaddress
from collections.abc import Iterator

from pydantic import Field

from oasis.config.cluster import MAX_CLUSTER_NAME, Cluster
from oasis.config.errors import Location
from oasis.config.network import RDMA_SUBNET_COUNT, Networks
from oasis.config.node_pools import MAX_NODE_POOL_NAME, GpuNodePool, SystemNodePool
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


class GcsStateBackend(ConfigModel):
    """Terraform state in a Cloud Storage bucket that already exists."""

    bucket: str = Field(min_length=3, max_length=63, pattern=r"^[a-z0-9][a-z0-9._-]*[a-z0-9]$")
    # Folder inside the bucket; the stack name is appended. Default: oasis.
    prefix: str = "oasis"


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
