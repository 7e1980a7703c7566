"""The GKE Standard cluster: VPC-native, Dataplane V2 with multi-networking, private nodes."""

from datetime import UTC, datetime, timedelta

from cdktf import ITerraformDependable, TerraformResourceLifecycle
from cdktf_cdktf_provider_google.container_cluster import (
    ContainerCluster,
    ContainerClusterAddonsConfig,
    ContainerClusterAddonsConfigGcsFuseCsiDriverConfig,
    ContainerClusterAddonsConfigRayOperatorConfig,
    ContainerClusterIpAllocationPolicy,
    ContainerClusterLoggingConfig,
    ContainerClusterMaintenancePolicy,
    ContainerClusterMaintenancePolicyRecurringWindow,
    ContainerClusterMasterAuthorizedNetworksConfig,
    ContainerClusterMasterAuthorizedNetworksConfigCidrBlocks,
    ContainerClusterMonitoringConfig,
    ContainerClusterMonitoringConfigManagedPrometheus,
    ContainerClusterNodeConfig,
    ContainerClusterNodeConfigShieldedInstanceConfig,
    ContainerClusterNodeConfigWorkloadMetadataConfig,
    ContainerClusterPrivateClusterConfig,
    ContainerClusterReleaseChannel,
    ContainerClusterSecretManagerConfig,
    ContainerClusterWorkloadIdentityConfig,
)
from constructs import Construct

from oasis.config import Environment
from oasis.config.cluster import MaintenanceWindow
from oasis.constructs.identity import NodeServiceAccount
from oasis.constructs.network import Networks

# DCGM sends the NVIDIA GPU metrics to Managed Service for Prometheus, which must be on for it.
MONITORING_COMPONENTS = ("SYSTEM_COMPONENTS", "DCGM")
LOGGING_COMPONENTS = ("SYSTEM_COMPONENTS", "WORKLOADS")

CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"

# Date of the first window. Any past date works because the recurrence rule repeats the window.
MAINTENANCE_ANCHOR = datetime(2025, 1, 1, tzinfo=UTC)
RFC3339_UTC = "%Y-%m-%dT%H:%M:%SZ"


class GkeCluster(Construct):
    """A GKE Standard cluster without its default node pool, so that node pools are separate resources."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        environment: Environment,
        networks: Networks,
        node_identity: NodeServiceAccount,
        depends_on: list[ITerraformDependable] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        config = environment.cluster
        primary = environment.network.primary

        self.cluster = ContainerCluster(
            self,
            "cluster",
            name=environment.cluster_name,
            project=environment.project_id,
            location=environment.cluster_location,
            deletion_protection=config.deletion_protection,
            network=networks.primary_network.self_link,
            subnetwork=networks.primary_subnet.self_link,
            networking_mode="VPC_NATIVE",
            ip_allocation_policy=ContainerClusterIpAllocationPolicy(
                cluster_secondary_range_name=primary.pods_range.name,
                services_secondary_range_name=primary.services_range.name,
            ),
            # Dataplane V2 enforces network policies itself, so no network_policy block is written.
            datapath_provider="ADVANCED_DATAPATH",
            # The gVNIC and RDMA NICs of the GPU nodes are additional node networks.
            enable_multi_networking=True,
            # GKE needs an initial pool to create the cluster and deletes it right after.
            remove_default_node_pool=True,
            initial_node_count=1,
            node_config=self._default_pool_node_config(node_identity),
            workload_identity_config=ContainerClusterWorkloadIdentityConfig(
                workload_pool=f"{environment.project_id}.svc.id.goog",
            ),
            private_cluster_config=ContainerClusterPrivateClusterConfig(
                enable_private_nodes=True,
                enable_private_endpoint=False,
                master_ipv4_cidr_block=str(config.master_ipv4_cidr) if config.master_ipv4_cidr else None,
            ),
            master_authorized_networks_config=ContainerClusterMasterAuthorizedNetworksConfig(
                gcp_public_cidrs_access_enabled=False,
                cidr_blocks=[
                    ContainerClusterMasterAuthorizedNetworksConfigCidrBlocks(
                        cidr_block=str(network.cidr),
                        display_name=network.display_name or str(network.cidr),
                    )
                    for network in config.master_authorized_networks
                ],
            ),
            release_channel=ContainerClusterReleaseChannel(channel=config.release_channel),
            min_master_version=config.min_master_version,
            addons_config=ContainerClusterAddonsConfig(
                gcs_fuse_csi_driver_config=ContainerClusterAddonsConfigGcsFuseCsiDriverConfig(enabled=True),
                # KubeRay comes from its Helm chart, and config validation rejects enabling the add-on.
                ray_operator_config=[ContainerClusterAddonsConfigRayOperatorConfig(enabled=False)],
            ),
            secret_manager_config=ContainerClusterSecretManagerConfig(enabled=config.secret_manager_addon),
            monitoring_config=ContainerClusterMonitoringConfig(
                enable_components=list(MONITORING_COMPONENTS),
                managed_prometheus=ContainerClusterMonitoringConfigManagedPrometheus(enabled=True),
            ),
            logging_config=ContainerClusterLoggingConfig(enable_components=list(LOGGING_COMPONENTS)),
            enable_shielded_nodes=True,
            maintenance_policy=ContainerClusterMaintenancePolicy(
                recurring_window=self._recurring_window(config.maintenance_window),
            ),
            # The default pool's node_config only exists until GKE removes that pool.
            lifecycle=TerraformResourceLifecycle(ignore_changes=["node_config"]),
            depends_on=depends_on,
        )

    @staticmethod
    def _default_pool_node_config(node_identity: NodeServiceAccount) -> ContainerClusterNodeConfig:
        # Even the short-lived default pool runs as the node service account, never the Compute Engine default one.
        return ContainerClusterNodeConfig(
            service_account=node_identity.email,
            oauth_scopes=[CLOUD_PLATFORM_SCOPE],
            workload_metadata_config=ContainerClusterNodeConfigWorkloadMetadataConfig(mode="GKE_METADATA"),
            shielded_instance_config=ContainerClusterNodeConfigShieldedInstanceConfig(
                enable_secure_boot=True,
                enable_integrity_monitoring=True,
            ),
        )

    @staticmethod
    def _recurring_window(window: MaintenanceWindow) -> ContainerClusterMaintenancePolicyRecurringWindow:
        hour, minute = (int(part) for part in window.start_time.split(":"))
        start = MAINTENANCE_ANCHOR.replace(hour=hour, minute=minute)
        end = start + timedelta(hours=window.duration_hours)
        return ContainerClusterMaintenancePolicyRecurringWindow(
            start_time=start.strftime(RFC3339_UTC),
            end_time=end.strftime(RFC3339_UTC),
            recurrence=f"FREQ=WEEKLY;BYDAY={','.join(window.days)}",
        )

    @property
    def name(self) -> str:
        return self.cluster.name

    @property
    def location(self) -> str:
        return self.cluster.location

    @property
    def endpoint(self) -> str:
        return self.cluster.endpoint
