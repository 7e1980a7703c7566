"""The GKE cluster of the example environment, read from the synthesized JSON: one test per rule."""

from conftest import address, reference, resource

CLUSTER = "cluster/cluster"


def test_cluster_name_and_regional_location(infra):
    cluster = resource(infra, "google_container_cluster", CLUSTER)
    assert cluster["name"] == "oasis-gpu"
    assert cluster["location"] == "europe-west1"
    assert cluster["project"] == "example-ml-project"


def test_cluster_removes_default_node_pool(infra):
    cluster = resource(infra, "google_container_cluster", CLUSTER)
    assert cluster["remove_default_node_pool"] is True
    assert cluster["initial_node_count"] == 1
    assert "node_pool" not in cluster


def test_cluster_default_pool_uses_node_service_account(infra):
    node_config = resource(infra, "google_container_cluster", CLUSTER)["node_config"]
    assert node_config["service_account"] == reference(infra, "google_service_account", "node-identity/account", "email")
    assert node_config["workload_metadata_config"] == {"mode": "GKE_METADATA"}


def test_cluster_vpc_native_named_ranges(infra):
    cluster = resource(infra, "google_container_cluster", CLUSTER)
    assert cluster["networking_mode"] == "VPC_NATIVE"
    assert cluster["ip_allocation_policy"] == {
        "cluster_secondary_range_name": "pods",
        "services_secondary_range_name": "services",
    }
    assert cluster["network"] == reference(infra, "google_compute_network", "network/primary-network", "self_link")
    assert cluster["subnetwork"] == reference(infra, "google_compute_subnetwork", "network/primary-subnet", "self_link")


def test_cluster_dataplane_v2_multi_networking(infra):
    cluster = resource(infra, "google_container_cluster", CLUSTER)
    assert cluster["datapath_provider"] == "ADVANCED_DATAPATH"
    assert cluster["enable_multi_networking"] is True
    assert "network_policy" not in cluster


def test_cluster_workload_identity(infra):
    cluster = resource(infra, "google_container_cluster", CLUSTER)
    assert cluster["workload_identity_config"] == {"workload_pool": "example-ml-project.svc.id.goog"}


def test_cluster_private_nodes_public_endpoint(infra):
    private = resource(infra, "google_container_cluster", CLUSTER)["private_cluster_config"]
    assert private["enable_private_nodes"] is True
    assert private["enable_private_endpoint"] is False
    assert "master_ipv4_cidr_block" not in private


def test_cluster_master_authorized_networks(infra):
    networks = resource(infra, "google_container_cluster", CLUSTER)["master_authorized_networks_config"]
    assert networks["cidr_blocks"] == [{"cidr_block": "203.0.113.0/24", "display_name": "office"}]
    assert networks["gcp_public_cidrs_access_enabled"] is False
    assert all(block["cidr_block"] != "0.0.0.0/0" for block in networks["cidr_blocks"])


def test_cluster_release_channel_without_pin(infra):
    cluster = resource(infra, "google_container_cluster", CLUSTER)
    assert cluster["release_channel"] == {"channel": "REGULAR"}
    assert "min_master_version" not in cluster


def test_cluster_gcs_fuse_on_ray_operator_off(infra):
    addons = resource(infra, "google_container_cluster", CLUSTER)["addons_config"]
    assert addons["gcs_fuse_csi_driver_config"] == {"enabled": True}
    assert addons["ray_operator_config"] == [{"enabled": False}]


def test_cluster_secret_manager_addon_off(infra):
    cluster = resource(infra, "google_container_cluster", CLUSTER)
    assert cluster["secret_manager_config"] == {"enabled": False}


def test_cluster_managed_prometheus_with_dcgm(infra):
    monitoring = resource(infra, "google_container_cluster", CLUSTER)["monitoring_config"]
    assert monitoring["managed_prometheus"] == {"enabled": True}
    assert monitoring["enable_components"] == ["SYSTEM_COMPONENTS", "DCGM"]


def test_cluster_system_and_workload_logging(infra):
    logging_config = resource(infra, "google_container_cluster", CLUSTER)["logging_config"]
    assert logging_config["enable_components"] == ["SYSTEM_COMPONENTS", "WORKLOADS"]


def test_cluster_shielded_nodes(infra):
    assert resource(infra, "google_container_cluster", CLUSTER)["enable_shielded_nodes"] is True


def test_cluster_weekend_maintenance_window(infra):
    window = resource(infra, "google_container_cluster", CLUSTER)["maintenance_policy"]["recurring_window"]
    assert window == {
        "start_time": "2025-01-01T01:00:00Z",
        "end_time": "2025-01-01T09:00:00Z",
        "recurrence": "FREQ=WEEKLY;BYDAY=SA,SU",
    }


def test_cluster_deletion_protection_explicit(infra):
    assert resource(infra, "google_container_cluster", CLUSTER)["deletion_protection"] is True


def test_cluster_waits_for_container_api(infra):
    cluster = resource(infra, "google_container_cluster", CLUSTER)
    assert any(dependency.startswith("google_project_service.services_container") for dependency in cluster["depends_on"])


def test_cluster_outputs(infra):
    outputs = infra["output"]
    cluster = address(infra, "google_container_cluster", CLUSTER)
    assert outputs["cluster_name"]["value"] == "${" + cluster + ".name}"
    assert outputs["cluster_location"]["value"] == "${" + cluster + ".location}"
    assert outputs["cluster_endpoint"]["value"] == "${" + cluster + ".endpoint}"
    assert outputs["cluster_endpoint"]["sensitive"] is True
    assert outputs["node_service_account_email"]["value"] == reference(
        infra, "google_service_account", "node-identity/account", "email"
    )
    assert outputs["get_credentials_command"]["value"] == (
        "gcloud container clusters get-credentials oasis-gpu --location europe-west1 --project example-ml-project"
    )
