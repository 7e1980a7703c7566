"""Settings of the three VPCs: primary, second gVNIC and RDMA."""

from pydantic import Field, field_validator

from oasis.config.types import ConfigModel, ResourceName, SubnetCidr

# A3 Ultra nodes have eight ConnectX-7 NICs, one per H200 GPU, and the RDMA VPC gives each its own
# subnet (https://cloud.google.com/ai-hypercomputer/docs/create/gke-ai-hypercompute-custom).
RDMA_SUBNET_COUNT = 8

# 8896 is the largest MTU a VPC allows and the one Google recommends for GPUDirect RDMA.
DEFAULT_MTU = 8896
MIN_MTU = 1300


class SecondaryRange(ConfigModel):
    """A named secondary range of the primary subnet, used by GKE for pods or services."""

    name: ResourceName
    cidr: SubnetCidr


class PrimaryNetwork(ConfigModel):
    """The cluster's VPC: node subnet with pod and service ranges, Cloud Router and Cloud NAT."""

    # Short name; the VPC is called `<name_prefix>-<name>`.
    name: ResourceName = "gke"
    subnet_cidr: SubnetCidr
    pods_range: SecondaryRange
    services_range: SecondaryRange
    # Cloud NAT logging: ERRORS_ONLY, TRANSLATIONS_ONLY or ALL. Default: ERRORS_ONLY.
    nat_log_filter: str = "ERRORS_ONLY"

    @field_validator("nat_log_filter")
    @classmethod
    def _check_nat_log_filter(cls, value: str) -> str:
        allowed = ("ERRORS_ONLY", "TRANSLATIONS_ONLY", "ALL")
        if value not in allowed:
            raise ValueError(f"invalid Cloud NAT log filter: use one of {', '.join(allowed)}.")
        return value


class GvnicNetwork(ConfigModel):
    """The VPC of the nodes' second gVNIC interface."""

    name: ResourceName = "gvnic"
    subnet_cidr: SubnetCidr


class RdmaNetwork(ConfigModel):
    """The RDMA VPC, created with the zone's RoCE network profile."""

    name: ResourceName = "rdma"
    # One range per GPU NIC, in NIC order.
    subnet_cidrs: list[SubnetCidr]

    @field_validator("subnet_cidrs")
    @classmethod
    def _check_subnet_count(cls, value: list) -> list:
        if len(value) != RDMA_SUBNET_COUNT:
            raise ValueError(
                f"the RDMA VPC needs exactly {RDMA_SUBNET_COUNT} subnets, one per GPU NIC of a3-ultragpu-8g; "
                f"found {len(value)}. List {RDMA_SUBNET_COUNT} ranges."
            )
        return value


class Networks(ConfigModel):
    """All VPCs of the environment."""

    # MTU of the primary and gVNIC VPCs; the RDMA VPC always uses 8896. Default: 8896.
    mtu: int = Field(default=DEFAULT_MTU, ge=MIN_MTU, le=DEFAULT_MTU)
    primary: PrimaryNetwork
    gvnic: GvnicNetwork
    rdma: RdmaNetwork
