"""Settings of the GKE Standard cluster: location, versions, control plane access, add-ons and maintenance."""

import ipaddress
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from oasis.config.types import Cidr, ConfigModel, ResourceName

# GKE rejects cluster names longer than 40 characters, as the GKE naming fix in
# https://github.com/Azure/telescope/pull/989 reports.
MAX_CLUSTER_NAME = 40

# A version pin such as 1.32, 1.32.2 or 1.32.2-gke.1652000. GKE resolves a partial pin to a build of its choice.
GKE_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+)(?:-gke\.(\d+))?)?$")

# The ComputeClass name is a Kubernetes object name and a node label value: an RFC 1123 label.
RFC1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
MAX_COMPUTE_CLASS_NAME = 63

# Weekdays as RFC 5545 writes them in a recurrence rule.
Weekday = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAYS: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# The control plane private range of a private cluster is always a /28
# (google 6.50.0 bindings, private_cluster_config.master_ipv4_cidr_block).
MASTER_IPV4_PREFIX = 28


def parse_gke_version(value: str) -> tuple[int, int, int, int]:
    """Return (major, minor, patch, gke build) of a version pin, with 0 for the parts that are left out."""
    match = GKE_VERSION.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a GKE version")
    return tuple(int(part) if part is not None else 0 for part in match.groups())  # type: ignore[return-value]


def _check_gke_version(value: str) -> str:
    if not GKE_VERSION.match(value):
        raise ValueError(
            "invalid GKE version: write MAJOR.MINOR, MAJOR.MINOR.PATCH or a full version such as 1.33.2-gke.1111000 "
            "(see `gcloud container get-server-config`)."
        )
    return value


def _check_compute_class_name(value: str) -> str:
    if len(value) > MAX_COMPUTE_CLASS_NAME or not RFC1123_LABEL.match(value):
        raise ValueError(
            f"invalid ComputeClass name: use at most {MAX_COMPUTE_CLASS_NAME} lowercase letters, digits and hyphens, "
            "starting and ending with a letter or digit."
        )
    return value


def _check_clock_time(value: str) -> str:
    if not re.match(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", value):
        raise ValueError("invalid time of day: write HH:MM in UTC, for example 02:00.")
    return value


GkeVersion = Annotated[str, AfterValidator(_check_gke_version)]
ComputeClassName = Annotated[str, AfterValidator(_check_compute_class_name)]
ClockTime = Annotated[str, AfterValidator(_check_clock_time)]


class MasterAuthorizedNetwork(ConfigModel):
    """An external IPv4 range allowed to reach the cluster's public endpoint."""

    cidr: Cidr
    # Label shown in the console. Default: the CIDR itself.
    display_name: str = Field(default="", max_length=100)


class MaintenanceWindow(ConfigModel):
    """The weekly window in which GKE may upgrade the control plane and the nodes."""

    # Start of each window, UTC. Default: 00:00.
    start_time: ClockTime = "00:00"
    # Length of each window in hours, 4 to 24. Default: 8.
    duration_hours: int = Field(default=8, ge=4, le=24)
    # Days on which a window starts. Default: SA and SU.
    days: list[Weekday] = Field(default=["SA", "SU"], min_length=1)

    @field_validator("days")
    @classmethod
    def _check_unique_days(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each day may appear once: remove the repeated day.")
        return value


class Cluster(ConfigModel):
    """The GKE Standard cluster."""

    # Short name. The cluster is called `<name_prefix>-<name>`, at most 40 characters. Default: gpu.
    name: ResourceName = "gpu"
    # `regional` puts the control plane in `region` with replicas in several zones, and `zonal` puts it in
    # `zone`. Default: regional.
    location_type: Literal["regional", "zonal"] = "regional"
    # GKE release channel. UNSPECIFIED leaves the cluster outside every channel, which node pools with
    # auto-upgrade off require. Default: REGULAR.
    release_channel: Literal["RAPID", "REGULAR", "STABLE", "EXTENDED", "UNSPECIFIED"] = "REGULAR"
    # Lowest control plane version, written to min_master_version. Default: none, GKE picks the channel default.
    min_master_version: GkeVersion | None = None
    # Reject `terraform destroy` and any plan that deletes the cluster. Written explicitly. Default: true.
    deletion_protection: bool = True
    # External ranges allowed to reach the public control plane endpoint. Must include the machine that
    # runs Terraform for later stacks that talk to the Kubernetes API. Required, and may be empty.
    master_authorized_networks: list[MasterAuthorizedNetwork]
    # Allow 0.0.0.0/0 in master_authorized_networks, which opens the endpoint to the whole internet. Default: false.
    allow_master_access_from_anywhere: bool = False
    # Private /28 range of the control plane. Default: none, GKE places the endpoint itself.
    master_ipv4_cidr: Cidr | None = None
    maintenance_window: MaintenanceWindow = MaintenanceWindow()
    # Name of the custom ComputeClass that GPU pools with `in_compute_class: true` belong to. Default: a3-ultra.
    compute_class_name: ComputeClassName = "a3-ultra"
    # GKE's Ray operator add-on. Must stay false: Oasis installs KubeRay from its Helm chart. Default: false.
    ray_operator_addon: bool = False
    # GKE's Secret Manager add-on (secret_manager_config), which mounts Secret Manager secrets as volumes.
    # Default: false.
    secret_manager_addon: bool = False

    @field_validator("master_ipv4_cidr")
    @classmethod
    def _check_master_range_size(cls, value: ipaddress.IPv4Network | None) -> ipaddress.IPv4Network | None:
        if value is not None and value.prefixlen != MASTER_IPV4_PREFIX:
            raise ValueError(f"the control plane range must be a /{MASTER_IPV4_PREFIX}, such as 172.16.0.0/28.")
        return value
