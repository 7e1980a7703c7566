"""Node pools: the CPU system pool and the A3 Ultra GPU pools with their provisioning models."""

from typing import Any

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_google.container_node_pool import (
    ContainerNodePool,
    ContainerNodePoolAutoscaling,
    ContainerNodePoolManagement,
    ContainerNodePoolNetworkConfig,
    ContainerNodePoolNetworkConfigAdditionalNodeNetworkConfigs,
    ContainerNodePoolNodeConfig,
    ContainerNodePoolNodeConfigEphemeralStorageLocalSsdConfig,
    ContainerNodePoolNodeConfigGuestAccelerator,
    ContainerNodePoolNodeConfigGuestAcceleratorGpuDriverInstallationConfig,
    ContainerNodePoolNodeConfigGvnic,
    ContainerNodePoolNodeConfigReservationAffinity,
    ContainerNodePoolNodeConfigShieldedInstanceConfig,
    ContainerNodePoolNodeConfigTaint,
    ContainerNodePoolNodeConfigWorkloadMetadataConfig,
    ContainerNodePoolPlacementPolicy,
    ContainerNodePoolQueuedProvisioning,
    ContainerNodePoolUpgradeSettings,
)
from constructs import Construct

from oasis.config import Environment
from oasis.config.node_pools import Autoscaling, GpuNodePool
from oasis.constructs.cluster import CLOUD_PLATFORM_SCOPE, GkeCluster
from oasis.constructs.identity import NodeServiceAccount
from oasis.constructs.network import Networks

COMPUTE_CLASS_KEY = "cloud.google.com/compute-class"
GPU_TAINT = ContainerNodePoolNodeConfigTaint(key="nvidia.com/gpu", value="present", effect="NO_SCHEDULE")

# The reservation label key that GKE matches against SPECIFIC_RESERVATION values.
RESERVATION_NAME_KEY = "compute.googleapis.com/reservation-name"


def _common_node_config(node_identity: NodeServiceAccount, **settings: Any) -> ContainerNodePoolNodeConfig:
    """Build the node_config every pool shares, plus the pool's own `settings`."""
    return ContainerNodePoolNodeConfig(
        image_type="COS_CONTAINERD",
        gvnic=ContainerNodePoolNodeConfigGvnic(enabled=True),
        service_account=node_identity.email,
        oauth_scopes=[CLOUD_PLATFORM_SCOPE],
        workload_metadata_config=ContainerNodePoolNodeConfigWorkloadMetadataConfig(mode="GKE_METADATA"),
        shielded_instance_config=ContainerNodePoolNodeConfigShieldedInstanceConfig(
            enable_secure_boot=True,
            enable_integrity_monitoring=True,
        ),
        metadata={"disable-legacy-endpoints": "true"},
        **settings,
    )


def _autoscaling(autoscaling: Autoscaling, location_policy: str | None = None) -> ContainerNodePoolAutoscaling:
    if autoscaling.uses_total_limits:
        return ContainerNodePoolAutoscaling(
            total_min_node_count=autoscaling.total_min_node_count or 0,
            total_max_node_count=autoscaling.total_max_node_count,
            location_policy=location_policy,
        )
    return ContainerNodePoolAutoscaling(
        min_node_count=autoscaling.min_node_count or 0,
        max_node_count=autoscaling.max_node_count,
        location_policy=location_policy,
    )


def _node_pool(
    scope: Construct, name: str, environment: Environment, cluster: GkeCluster, **settings: Any
) -> ContainerNodePool:
    """Create the pool resource with the settings every pool shares, plus the pool's own `settings`."""
    return ContainerNodePool(
        scope,
        "pool",
        name=name,
        project=environment.project_id,
        cluster=cluster.name,
        location=cluster.location,
        # The autoscaler changes the size after creation, and a new initial count must not replace the pool.
        lifecycle=TerraformResourceLifecycle(ignore_changes=["initial_node_count"]),
        **settings,
    )


class SystemPool(Construct):
    """The CPU pool without taints, where kube-system, GKE add-ons and controllers run."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        environment: Environment,
        cluster: GkeCluster,
        node_identity: NodeServiceAccount,
    ) -> None:
        super().__init__(scope, construct_id)
        config = environment.system_node_pool
        autoscaling = config.autoscaling

        self.pool = _node_pool(
            self,
            config.name,
            environment,
            cluster,
            # Per-zone limits start each zone at its minimum. With total limits GKE chooses the start size.
            initial_node_count=autoscaling.min_node_count if autoscaling.uses_zone_limits else None,
            autoscaling=_autoscaling(autoscaling),
            management=ContainerNodePoolManagement(auto_repair=True, auto_upgrade=True),
            node_config=_common_node_config(
                node_identity,
                machine_type=config.machine_type,
                disk_type=config.disk_type,
                disk_size_gb=config.disk_size_gb,
            ),
        )


class GpuPool(Construct):
    """An A3 Ultra pool in the RDMA zone with 8 H200 GPUs, 32 local SSDs and 9 additional NICs per node."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        environment: Environment,
        config: GpuNodePool,
        cluster: GkeCluster,
        networks: Networks,
        node_identity: NodeServiceAccount,
    ) -> None:
        super().__init__(scope, construct_id)
        machine = config.machine
        if machine is None:
            raise ValueError(f"unsupported GPU machine type {config.machine_type!r}: config validation rejects it before synth")

        autoscaling = config.autoscaling
        self.pool = _node_pool(
            self,
            config.name,
            environment,
            cluster,
            node_locations=[environment.gpu_zone],
            node_count=config.node_count,
            # Autoscaled GPU pools are created empty. Flex-start and queued nodes appear only for pending Pods.
            initial_node_count=0 if autoscaling is not None else None,
            # ANY lets the autoscaler take capacity wherever it is free and reduces Spot preemption risk
            # (google 6.50.0 bindings, autoscaling.location_policy).
            autoscaling=_autoscaling(autoscaling, location_policy="ANY") if autoscaling is not None else None,
            management=ContainerNodePoolManagement(
                auto_repair=config.effective_auto_repair,
                auto_upgrade=config.effective_auto_upgrade,
            ),
            # Surge upgrades would need a spare 8-GPU node, so nodes are replaced one at a time instead.
            upgrade_settings=ContainerNodePoolUpgradeSettings(strategy="SURGE", max_surge=0, max_unavailable=1),
            queued_provisioning=(
                ContainerNodePoolQueuedProvisioning(enabled=True) if config.provisioning == "queued" else None
            ),
            placement_policy=(
                ContainerNodePoolPlacementPolicy(type=config.placement_policy) if config.placement_policy else None
            ),
            network_config=ContainerNodePoolNetworkConfig(
                additional_node_network_configs=self._additional_networks(networks),
            ),
            node_config=_common_node_config(
                node_identity,
                machine_type=config.machine_type,
                disk_type=machine.boot_disk_type,
                disk_size_gb=config.disk_size_gb,
                guest_accelerator=[
                    ContainerNodePoolNodeConfigGuestAccelerator(
                        type=config.accelerator_type,
                        count=config.accelerator_count,
                        gpu_driver_installation_config=ContainerNodePoolNodeConfigGuestAcceleratorGpuDriverInstallationConfig(
                            gpu_driver_version=config.gpu_driver_version,
                        ),
                    )
                ],
                ephemeral_storage_local_ssd_config=ContainerNodePoolNodeConfigEphemeralStorageLocalSsdConfig(
                    local_ssd_count=machine.local_ssd_count,
                ),
                spot=config.provisioning == "spot",
                flex_start=config.uses_flex_start,
                max_run_duration=f"{config.max_run_duration}s" if config.max_run_duration is not None else None,
                reservation_affinity=self._reservation_affinity(environment, config),
                labels=self._labels(environment, config),
                taint=self._taints(environment, config),
            ),
        )

    @staticmethod
    def _additional_networks(networks: Networks) -> list[ContainerNodePoolNetworkConfigAdditionalNodeNetworkConfigs]:
        # NIC order is fixed: the second gVNIC first, then one RDMA subnet per GPU in GPU order.
        pairs = [(networks.gvnic_network, networks.gvnic_subnet)]
        pairs += [(networks.rdma_network, subnet) for subnet in networks.rdma_subnets]
        return [
            ContainerNodePoolNetworkConfigAdditionalNodeNetworkConfigs(network=network.name, subnetwork=subnet.name)
            for network, subnet in pairs
        ]

    @staticmethod
    def _reservation_affinity(environment: Environment, config: GpuNodePool) -> ContainerNodePoolNodeConfigReservationAffinity:
        reservation = config.reservation
        if config.provisioning != "reservation" or reservation is None:
            return ContainerNodePoolNodeConfigReservationAffinity(consume_reservation_type="NO_RESERVATION")
        # A reservation shared from another project is named by its full path.
        value = reservation.name
        if reservation.project is not None and reservation.project != environment.project_id:
            value = f"projects/{reservation.project}/reservations/{reservation.name}"
        return ContainerNodePoolNodeConfigReservationAffinity(
            consume_reservation_type="SPECIFIC_RESERVATION",
            key=RESERVATION_NAME_KEY,
            values=[value],
        )

    @staticmethod
    def _labels(environment: Environment, config: GpuNodePool) -> dict[str, str] | None:
        if not config.in_compute_class:
            return None
        return {COMPUTE_CLASS_KEY: environment.cluster.compute_class_name}

    @staticmethod
    def _taints(environment: Environment, config: GpuNodePool) -> list[ContainerNodePoolNodeConfigTaint]:
        taints = [GPU_TAINT]
        if config.in_compute_class:
            taints.append(
                ContainerNodePoolNodeConfigTaint(
                    key=COMPUTE_CLASS_KEY,
                    value=environment.cluster.compute_class_name,
                    effect="NO_SCHEDULE",
                )
            )
        return taints
