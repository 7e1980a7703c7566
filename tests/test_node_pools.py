"""The node pools of the example environment, read from the synthesized JSON: one test per rule."""

from conftest import reference, resource, resources

SYSTEM = "system-pool/pool"
FLEX = "gpu-pool-h200-flex/pool"
SPOT = "gpu-pool-h200-spot/pool"
GPU_POOLS = (FLEX, SPOT)


def test_example_has_three_pools(infra):
    assert sorted(resources(infra, "google_container_node_pool")) == sorted([SYSTEM, FLEX, SPOT])


def test_pools_attach_to_cluster(infra):
    for path in (SYSTEM, *GPU_POOLS):
        pool = resource(infra, "google_container_node_pool", path)
        assert pool["cluster"] == reference(infra, "google_container_cluster", "cluster/cluster", "name"), path
        assert pool["location"] == reference(infra, "google_container_cluster", "cluster/cluster", "location"), path


def test_pools_common_node_config(infra):
    email = reference(infra, "google_service_account", "node-identity/account", "email")
    for path in (SYSTEM, *GPU_POOLS):
        node_config = resource(infra, "google_container_node_pool", path)["node_config"]
        assert node_config["image_type"] == "COS_CONTAINERD", path
        assert node_config["gvnic"] == {"enabled": True}, path
        assert node_config["workload_metadata_config"] == {"mode": "GKE_METADATA"}, path
        assert node_config["shielded_instance_config"] == {
            "enable_secure_boot": True,
            "enable_integrity_monitoring": True,
        }, path
        assert node_config["metadata"] == {"disable-legacy-endpoints": "true"}, path
        assert node_config["service_account"] == email, path
        assert node_config["oauth_scopes"] == ["https://www.googleapis.com/auth/cloud-platform"], path


def test_system_pool_cpu_autoscaling(infra):
    pool = resource(infra, "google_container_node_pool", SYSTEM)
    assert pool["name"] == "system"
    assert pool["node_config"]["machine_type"] == "e2-standard-8"
    assert "guest_accelerator" not in pool["node_config"]
    assert "taint" not in pool["node_config"]
    assert pool["autoscaling"] == {"min_node_count": 1, "max_node_count": 3}
    assert pool["initial_node_count"] == 1


def test_system_pool_auto_repair_and_upgrade(infra):
    pool = resource(infra, "google_container_node_pool", SYSTEM)
    assert pool["management"] == {"auto_repair": True, "auto_upgrade": True}


def test_gpu_pools_eight_h200(infra):
    for path in GPU_POOLS:
        node_config = resource(infra, "google_container_node_pool", path)["node_config"]
        assert node_config["machine_type"] == "a3-ultragpu-8g", path
        assert node_config["guest_accelerator"] == [
            {
                "type": "nvidia-h200-141gb",
                "count": 8,
                "gpu_driver_installation_config": {"gpu_driver_version": "LATEST"},
            }
        ], path


def test_gpu_pools_in_rdma_zone(infra):
    for path in GPU_POOLS:
        assert resource(infra, "google_container_node_pool", path)["node_locations"] == ["europe-west1-b"], path


def test_gpu_pools_local_ssd_ephemeral_storage(infra):
    for path in GPU_POOLS:
        node_config = resource(infra, "google_container_node_pool", path)["node_config"]
        assert node_config["ephemeral_storage_local_ssd_config"] == {"local_ssd_count": 32}, path
        assert node_config["disk_type"] == "hyperdisk-balanced", path


def test_gpu_pools_additional_networks_in_nic_order(infra):
    expected = [
        {
            "network": reference(infra, "google_compute_network", "network/gvnic-network", "name"),
            "subnetwork": reference(infra, "google_compute_subnetwork", "network/gvnic-subnet", "name"),
        }
    ]
    expected += [
        {
            "network": reference(infra, "google_compute_network", "network/rdma-network", "name"),
            "subnetwork": reference(infra, "google_compute_subnetwork", f"network/rdma-subnet-{index}", "name"),
        }
        for index in range(8)
    ]
    for path in GPU_POOLS:
        configs = resource(infra, "google_container_node_pool", path)["network_config"]["additional_node_network_configs"]
        assert len(configs) == 9, path
        assert configs == expected, path


def test_gpu_pools_gpu_taint(infra):
    for path in GPU_POOLS:
        taints = resource(infra, "google_container_node_pool", path)["node_config"]["taint"]
        assert {"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"} in taints, path


def test_gpu_pools_compute_class_label_and_taint(infra):
    for path in GPU_POOLS:
        node_config = resource(infra, "google_container_node_pool", path)["node_config"]
        assert node_config["labels"] == {"cloud.google.com/compute-class": "a3-ultra"}, path
        assert {"key": "cloud.google.com/compute-class", "value": "a3-ultra", "effect": "NO_SCHEDULE"} in node_config["taint"], path


def test_gpu_pools_replace_one_node_at_a_time(infra):
    for path in GPU_POOLS:
        settings = resource(infra, "google_container_node_pool", path)["upgrade_settings"]
        assert settings == {"strategy": "SURGE", "max_surge": 0, "max_unavailable": 1}, path


def test_gpu_pools_start_empty(infra):
    for path in GPU_POOLS:
        pool = resource(infra, "google_container_node_pool", path)
        assert pool["initial_node_count"] == 0, path
        assert "node_count" not in pool, path


def test_flex_start_pool_dws_settings(infra):
    pool = resource(infra, "google_container_node_pool", FLEX)
    node_config = pool["node_config"]
    assert node_config["flex_start"] is True
    assert node_config["spot"] is False
    assert node_config["reservation_affinity"] == {"consume_reservation_type": "NO_RESERVATION"}
    assert pool["autoscaling"] == {"total_min_node_count": 0, "total_max_node_count": 4, "location_policy": "ANY"}
    assert pool["management"] == {"auto_repair": False, "auto_upgrade": True}
    assert "queued_provisioning" not in pool


def test_flex_start_pool_max_run_duration_seconds(infra):
    node_config = resource(infra, "google_container_node_pool", FLEX)["node_config"]
    assert node_config["max_run_duration"] == "604800s"


def test_spot_pool_settings(infra):
    pool = resource(infra, "google_container_node_pool", SPOT)
    node_config = pool["node_config"]
    assert node_config["spot"] is True
    assert node_config["flex_start"] is False
    assert "max_run_duration" not in node_config
    assert node_config["reservation_affinity"] == {"consume_reservation_type": "NO_RESERVATION"}
    assert pool["autoscaling"] == {"total_min_node_count": 0, "total_max_node_count": 4, "location_policy": "ANY"}
    assert "queued_provisioning" not in pool
    assert pool["management"] == {"auto_repair": True, "auto_upgrade": True}
