"""The cluster and pools with settings the example environment does not use, synthesized once per module.

The variant is a zonal cluster outside release channels with a pinned version, a private control plane
range and the Secret Manager add-on, and with queued, reservation, on-demand and compact flex-start pools.
"""

import json

import pytest

from conftest import example_data, resource
from oasis.config.checks import run_checks
from oasis.config.models import Environment


def variant_data() -> dict:
    data = example_data()
    data["cluster"].update(
        location_type="zonal",
        release_channel="UNSPECIFIED",
        min_master_version="1.33.2-gke.1111000",
        master_ipv4_cidr="172.16.0.0/28",
        secret_manager_addon=True,
        deletion_protection=False,
        master_authorized_networks=[{"cidr": "198.51.100.0/24"}],
    )
    data["system_node_pool"] = {"autoscaling": {"total_min_node_count": 2, "total_max_node_count": 6}}
    data["gpu_node_pools"] = [
        {
            "name": "h200-queued",
            "provisioning": "queued",
            "gpu_driver_version": "DEFAULT",
            "autoscaling": {"total_max_node_count": 16},
            "max_run_duration": "72h",
        },
        {
            "name": "h200-shared-reservation",
            "provisioning": "reservation",
            "gpu_driver_version": "LATEST",
            "node_count": 2,
            "reservation": {"name": "h200-block", "project": "capacity-project"},
            "in_compute_class": True,
        },
        {
            "name": "h200-own-reservation",
            "provisioning": "reservation",
            "gpu_driver_version": "LATEST",
            "node_count": 1,
            "reservation": {"name": "h200-local"},
        },
        {
            "name": "h200-on-demand",
            "provisioning": "on-demand",
            "gpu_driver_version": "LATEST",
            "node_count": 1,
            "zone": "europe-west1-b",
        },
        {
            "name": "h200-compact",
            "provisioning": "flex-start",
            "gpu_driver_version": "LATEST",
            "autoscaling": {"total_max_node_count": 2},
            "placement_policy": "COMPACT",
        },
    ]
    return data


@pytest.fixture(scope="module")
def variant_environment() -> Environment:
    environment = Environment.model_validate({**variant_data(), "name": "variant"})
    assert run_checks(environment) == []
    return environment


@pytest.fixture(scope="module")
def variant(variant_environment, tmp_path_factory) -> dict:
    # A full synth, unlike cdktf.Testing.synth, keeps the construct paths that resource() looks up.
    from oasis.app import synth_environment

    [stack] = synth_environment(variant_environment, tmp_path_factory.mktemp("variant") / "cdktf.out")
    return json.loads(stack.read_text())


def pool(stack: dict, name: str) -> dict:
    return resource(stack, "google_container_node_pool", f"gpu-pool-{name}/pool")


def test_zonal_cluster_location(variant):
    cluster = resource(variant, "google_container_cluster", "cluster/cluster")
    assert cluster["location"] == "europe-west1-b"
    assert variant["output"]["get_credentials_command"]["value"] == (
        "gcloud container clusters get-credentials oasis-gpu --location europe-west1-b --project example-ml-project"
    )


def test_cluster_outside_release_channel_with_pin(variant):
    cluster = resource(variant, "google_container_cluster", "cluster/cluster")
    assert cluster["release_channel"] == {"channel": "UNSPECIFIED"}
    assert cluster["min_master_version"] == "1.33.2-gke.1111000"


def test_cluster_private_control_plane_range(variant):
    private = resource(variant, "google_container_cluster", "cluster/cluster")["private_cluster_config"]
    assert private["master_ipv4_cidr_block"] == "172.16.0.0/28"


def test_cluster_secret_manager_addon_on(variant):
    cluster = resource(variant, "google_container_cluster", "cluster/cluster")
    assert cluster["secret_manager_config"] == {"enabled": True}


def test_cluster_deletion_protection_off(variant):
    assert resource(variant, "google_container_cluster", "cluster/cluster")["deletion_protection"] is False


def test_cluster_display_name_defaults_to_cidr(variant):
    networks = resource(variant, "google_container_cluster", "cluster/cluster")["master_authorized_networks_config"]
    assert networks["cidr_blocks"] == [{"cidr_block": "198.51.100.0/24", "display_name": "198.51.100.0/24"}]


def test_system_pool_total_limits(variant):
    system = resource(variant, "google_container_node_pool", "system-pool/pool")
    assert system["autoscaling"] == {"total_min_node_count": 2, "total_max_node_count": 6}
    assert "initial_node_count" not in system


def test_queued_pool(variant):
    queued = pool(variant, "h200-queued")
    assert queued["queued_provisioning"] == {"enabled": True}
    assert queued["node_config"]["flex_start"] is True
    assert queued["node_config"]["spot"] is False
    assert queued["node_config"]["reservation_affinity"] == {"consume_reservation_type": "NO_RESERVATION"}
    assert queued["node_config"]["max_run_duration"] == "259200s"
    assert queued["management"] == {"auto_repair": False, "auto_upgrade": False}
    assert queued["autoscaling"] == {"total_min_node_count": 0, "total_max_node_count": 16, "location_policy": "ANY"}
    assert "placement_policy" not in queued
    assert "node_count" not in queued


def test_shared_reservation_pool(variant):
    reserved = pool(variant, "h200-shared-reservation")
    assert reserved["node_config"]["reservation_affinity"] == {
        "consume_reservation_type": "SPECIFIC_RESERVATION",
        "key": "compute.googleapis.com/reservation-name",
        "values": ["projects/capacity-project/reservations/h200-block"],
    }
    assert reserved["node_count"] == 2
    assert "autoscaling" not in reserved
    assert "initial_node_count" not in reserved
    assert reserved["node_config"]["spot"] is False
    assert reserved["node_config"]["flex_start"] is False
    assert reserved["management"] == {"auto_repair": True, "auto_upgrade": True}


def test_own_reservation_pool_by_name(variant):
    affinity = pool(variant, "h200-own-reservation")["node_config"]["reservation_affinity"]
    assert affinity["values"] == ["h200-local"]


def test_reservation_pool_compute_class(variant):
    node_config = pool(variant, "h200-shared-reservation")["node_config"]
    assert node_config["labels"] == {"cloud.google.com/compute-class": "a3-ultra"}
    assert len(node_config["taint"]) == 2


def test_pool_outside_compute_class(variant):
    node_config = pool(variant, "h200-on-demand")["node_config"]
    assert "labels" not in node_config
    assert node_config["taint"] == [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}]


def test_on_demand_fixed_pool(variant):
    on_demand = pool(variant, "h200-on-demand")
    assert on_demand["node_count"] == 1
    assert on_demand["node_locations"] == ["europe-west1-b"]
    assert on_demand["node_config"]["reservation_affinity"] == {"consume_reservation_type": "NO_RESERVATION"}
    assert on_demand["node_config"]["spot"] is False
    assert on_demand["management"] == {"auto_repair": True, "auto_upgrade": True}


def test_compact_flex_start_pool(variant):
    compact = pool(variant, "h200-compact")
    assert compact["placement_policy"] == {"type": "COMPACT"}
    assert compact["node_config"]["flex_start"] is True
    assert "max_run_duration" not in compact["node_config"]
