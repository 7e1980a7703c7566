"""Settings of the node pools: one CPU system pool and a list of A3 Ultra GPU pools."""

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, NonNegativeInt

from oasis.config.types import ConfigModel, ProjectId, ResourceName, Zone

# GKE rejects node pool names longer than 40 characters, as the fix in
# https://gitlab.com/thorchain/devops/cluster-launcher/-/merge_requests/67 reports.
MAX_NODE_POOL_NAME = 40

MACHINE_TYPE = re.compile(r"^[a-z][a-z0-9]*-[a-z0-9-]+$")

# Flex-start VMs run for at most seven days (https://cloud.google.com/kubernetes-engine/docs/concepts/dws).
MAX_RUN_DURATION_SECONDS = 7 * 24 * 3600

DURATION = re.compile(r"^(\d+)([smhd])$")
DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

Provisioning = Literal["flex-start", "queued", "spot", "reservation", "on-demand"]
# Both run on Dynamic Workload Scheduler flex-start VMs, and queued adds queued provisioning.
FLEX_START_MODELS: tuple[str, ...] = ("flex-start", "queued")
# Models whose pools the cluster autoscaler sizes from 0 nodes.
AUTOSCALED_MODELS: tuple[str, ...] = ("flex-start", "queued", "spot")


@dataclass(frozen=True)
class GpuMachine:
    """The fixed shape of an accelerator-optimized machine type."""

    accelerator_type: str
    accelerator_count: int
    # Local SSDs that back ephemeral storage. The machine type comes with exactly this many.
    local_ssd_count: int
    boot_disk_type: str


# a3-ultragpu-8g: 8 x H200 141 GB, 8 ConnectX-7 NICs and 32 local SSDs. The Vertex AI DiskSpec reference
# (https://docs.cloud.google.com/vertex-ai/docs/reference/rest/v1/DiskSpec) names hyperdisk-balanced as the
# A3 Ultra boot disk default.
GPU_MACHINES: dict[str, GpuMachine] = {
    "a3-ultragpu-8g": GpuMachine(
        accelerator_type="nvidia-h200-141gb",
        accelerator_count=8,
        local_ssd_count=32,
        boot_disk_type="hyperdisk-balanced",
    ),
}


def _parse_duration(value: object) -> object:
    """Accept seconds as an integer or a string such as 3600s, 90m, 72h or 7d, and return seconds."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return value
    if isinstance(value, int):
        seconds = value
    else:
        match = DURATION.match(value.strip())
        if match is None:
            raise ValueError("invalid duration: write seconds or a number with s, m, h or d, for example 72h or 7d.")
        seconds = int(match.group(1)) * DURATION_UNITS[match.group(2)]
    if seconds <= 0:
        raise ValueError("invalid duration: it must be longer than 0 seconds.")
    return seconds


def _check_machine_type(value: str) -> str:
    if not MACHINE_TYPE.match(value):
        raise ValueError("invalid machine type: use a Compute Engine machine type such as n2-standard-8.")
    return value


DurationSeconds = Annotated[int, BeforeValidator(_parse_duration)]
MachineType = Annotated[str, AfterValidator(_check_machine_type)]


class Autoscaling(ConfigModel):
    """Cluster autoscaler limits: either per zone (min/max_node_count) or for the whole pool (total_*)."""

    # Nodes per zone. Default: none.
    min_node_count: NonNegativeInt | None = None
    max_node_count: int | None = None
    # Nodes in the whole pool, across its zones. Default: none.
    total_min_node_count: NonNegativeInt | None = None
    total_max_node_count: int | None = None

    @property
    def uses_total_limits(self) -> bool:
        return self.total_min_node_count is not None or self.total_max_node_count is not None

    @property
    def uses_zone_limits(self) -> bool:
        return self.min_node_count is not None or self.max_node_count is not None


class SystemNodePool(ConfigModel):
    """The CPU pool for kube-system, the GKE add-ons and platform controllers."""

    # Node pool name, at most 40 characters. Default: system.
    name: ResourceName = "system"
    # Default: e2-standard-8.
    machine_type: MachineType = "e2-standard-8"
    # Boot disk type. Default: pd-balanced.
    disk_type: Literal["pd-balanced", "pd-ssd", "pd-standard", "hyperdisk-balanced"] = "pd-balanced"
    # Boot disk size in GB, at least 10. Default: 100.
    disk_size_gb: int = Field(default=100, ge=10)
    # Default: 1 to 3 nodes per zone.
    autoscaling: Autoscaling = Autoscaling(min_node_count=1, max_node_count=3)


class Reservation(ConfigModel):
    """A Compute Engine reservation of type specific that a reservation pool consumes."""

    name: ResourceName
    # Project that owns a shared reservation. Default: the environment's project.
    project: ProjectId | None = None


class GpuNodePool(ConfigModel):
    """An A3 Ultra GPU pool in the RDMA zone, with one provisioning model."""

    # Node pool name, at most 40 characters.
    name: ResourceName
    # flex-start: Dynamic Workload Scheduler flex-start VMs. queued: flex-start with queued provisioning
    # (ProvisioningRequest). spot: Spot VMs. reservation: a specific reservation. on-demand: standard VMs.
    provisioning: Provisioning
    # Default: a3-ultragpu-8g, the only machine type in GPU_MACHINES.
    machine_type: str = "a3-ultragpu-8g"
    # Default: nvidia-h200-141gb, the GPU of a3-ultragpu-8g.
    accelerator_type: str = "nvidia-h200-141gb"
    # GPUs per node. Default: 8, the count a3-ultragpu-8g comes with.
    accelerator_count: int = 8
    # GPU driver that GKE installs: DEFAULT, LATEST or INSTALLATION_DISABLED. Changing it replaces the pool.
    gpu_driver_version: Literal["DEFAULT", "LATEST", "INSTALLATION_DISABLED"]
    # Zone of the nodes. It must be the environment's `zone`, the zone of the RDMA VPC's profile. Default: `zone`.
    zone: Zone | None = None
    # Boot disk size in GB, at least 10. Default: 200.
    disk_size_gb: int = Field(default=200, ge=10)
    # Autoscaling limits. Flex-start, queued and spot pools scale from 0. Default: none.
    autoscaling: Autoscaling | None = None
    # Fixed number of nodes, for reservation and on-demand pools. Default: none.
    node_count: NonNegativeInt | None = None
    # Reservation consumed by a reservation pool. Default: none.
    reservation: Reservation | None = None
    # Lifetime of each flex-start or queued node, in seconds or with a unit (72h, 7d), at most 7 days.
    # Default: none, so GKE's limit applies.
    max_run_duration: DurationSeconds | None = None
    # COMPACT places the nodes close together. Queued pools cannot use it. Default: none.
    placement_policy: Literal["COMPACT"] | None = None
    # Node auto-upgrade. Default: false for queued pools, true otherwise.
    auto_upgrade: bool | None = None
    # Node auto-repair. Default: false for flex-start and queued pools, true otherwise.
    auto_repair: bool | None = None
    # Label and taint the nodes with cloud.google.com/compute-class=<cluster.compute_class_name>. Default: false.
    in_compute_class: bool = False
    # The provider's own flags, accepted only when they agree with `provisioning`. Default: derived from it.
    spot: bool | None = None
    flex_start: bool | None = None
    queued_provisioning: bool | None = None

    @property
    def machine(self) -> GpuMachine | None:
        return GPU_MACHINES.get(self.machine_type)

    @property
    def uses_flex_start(self) -> bool:
        return self.provisioning in FLEX_START_MODELS

    @property
    def effective_auto_upgrade(self) -> bool:
        if self.auto_upgrade is not None:
            return self.auto_upgrade
        return self.provisioning != "queued"

    @property
    def effective_auto_repair(self) -> bool:
        if self.auto_repair is not None:
            return self.auto_repair
        return not self.uses_flex_start
