"""The three VPCs of a GPU cluster: primary, second gVNIC and RDMA."""

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_google.compute_firewall import ComputeFirewall, ComputeFirewallAllow
from cdktf_cdktf_provider_google.compute_network import ComputeNetwork
from cdktf_cdktf_provider_google.compute_router import ComputeRouter
from cdktf_cdktf_provider_google.compute_router_nat import ComputeRouterNat, ComputeRouterNatLogConfig
from cdktf_cdktf_provider_google.compute_subnetwork import ComputeSubnetwork, ComputeSubnetworkSecondaryIpRange
from constructs import Construct

from oasis.config import Environment

# GPUDirect RDMA needs the largest MTU; an RDMA network profile defaults to it as well
# (https://cloud.google.com/vpc/docs/rdma-network-profiles).
RDMA_MTU = 8896

INTERNAL_PROTOCOLS = ("tcp", "udp", "icmp")


class Networks(Construct):
    """The three VPCs of a GPU cluster.

    The primary VPC has the node subnet, a Cloud Router, Cloud NAT and an internal firewall rule.
    The gVNIC VPC has one subnet and an internal firewall rule. The RDMA VPC has eight subnets and
    no firewall rule, router or NAT, because RDMA network profiles allow all traffic implicitly and
    do not support them.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        environment: Environment,
        depends_on: list[ITerraformDependable] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        config = environment.network
        names = environment.network_names()
        project = environment.project_id
        region = environment.region

        self.primary_network = ComputeNetwork(
            self,
            "primary-network",
            name=names["primary_network"],
            project=project,
            auto_create_subnetworks=False,
            routing_mode="REGIONAL",
            mtu=config.mtu,
            depends_on=depends_on,
        )
        self.primary_subnet = ComputeSubnetwork(
            self,
            "primary-subnet",
            name=names["primary_subnet"],
            project=project,
            region=region,
            network=self.primary_network.id,
            ip_cidr_range=str(config.primary.subnet_cidr),
            private_ip_google_access=True,
            secondary_ip_range=[
                ComputeSubnetworkSecondaryIpRange(
                    range_name=config.primary.pods_range.name,
                    ip_cidr_range=str(config.primary.pods_range.cidr),
                ),
                ComputeSubnetworkSecondaryIpRange(
                    range_name=config.primary.services_range.name,
                    ip_cidr_range=str(config.primary.services_range.cidr),
                ),
            ],
        )

        # Private nodes have no external address, so image pulls and other egress go through NAT.
        self.router = ComputeRouter(
            self,
            "primary-router",
            name=names["primary_router"],
            project=project,
            region=region,
            network=self.primary_network.id,
        )
        self.nat = ComputeRouterNat(
            self,
            "primary-nat",
            name=names["primary_nat"],
            project=project,
            region=region,
            router=self.router.name,
            nat_ip_allocate_option="AUTO_ONLY",
            source_subnetwork_ip_ranges_to_nat="ALL_SUBNETWORKS_ALL_IP_RANGES",
            log_config=ComputeRouterNatLogConfig(enable=True, filter=config.primary.nat_log_filter),
        )
        self.primary_firewall = self._internal_firewall(
            "primary-allow-internal",
            names["primary_firewall"],
            project,
            self.primary_network,
            [str(config.primary.subnet_cidr), str(config.primary.pods_range.cidr)],
        )

        self.gvnic_network = ComputeNetwork(
            self,
            "gvnic-network",
            name=names["gvnic_network"],
            project=project,
            auto_create_subnetworks=False,
            routing_mode="REGIONAL",
            mtu=config.mtu,
            depends_on=depends_on,
        )
        self.gvnic_subnet = ComputeSubnetwork(
            self,
            "gvnic-subnet",
            name=names["gvnic_subnet"],
            project=project,
            region=region,
            network=self.gvnic_network.id,
            ip_cidr_range=str(config.gvnic.subnet_cidr),
            private_ip_google_access=True,
        )
        self.gvnic_firewall = self._internal_firewall(
            "gvnic-allow-internal",
            names["gvnic_firewall"],
            project,
            self.gvnic_network,
            [str(config.gvnic.subnet_cidr)],
        )

        self.rdma_network = ComputeNetwork(
            self,
            "rdma-network",
            name=names["rdma_network"],
            project=project,
            auto_create_subnetworks=False,
            routing_mode="REGIONAL",
            mtu=RDMA_MTU,
            network_profile=environment.rdma_network_profile,
            depends_on=depends_on,
        )
        self.rdma_subnets = [
            ComputeSubnetwork(
                self,
                f"rdma-subnet-{index}",
                name=names[f"rdma_subnet_{index}"],
                project=project,
                region=region,
                network=self.rdma_network.id,
                ip_cidr_range=str(cidr),
            )
            for index, cidr in enumerate(config.rdma.subnet_cidrs)
        ]

    def _internal_firewall(
        self, construct_id: str, name: str, project: str, network: ComputeNetwork, source_ranges: list[str]
    ) -> ComputeFirewall:
        return ComputeFirewall(
            self,
            construct_id,
            name=name,
            project=project,
            network=network.id,
            direction="INGRESS",
            source_ranges=source_ranges,
            allow=[ComputeFirewallAllow(protocol=protocol) for protocol in INTERNAL_PROTOCOLS],
        )
