"""Cluster and node pool settings that GKE would reject at apply time: main.py exits 2 with one line naming them.

Each case changes the example environment in one place and expects exactly one problem line. Pool 0 of the
example is the flex-start pool h200-flex and pool 1 the spot pool h200-spot.
"""

import pytest

from conftest import example_data, run_main, write_environment
from test_config_errors import run_invalid


def set_pool(index, **settings):
    def change(data):
        data["gpu_node_pools"][index].update(settings)

    return change


def drop_pool_setting(index, setting, **settings):
    def change(data):
        del data["gpu_node_pools"][index][setting]
        data["gpu_node_pools"][index].update(settings)

    return change


def set_cluster(**settings):
    def change(data):
        data["cluster"].update(settings)

    return change


def set_system_autoscaling(**limits):
    def change(data):
        data["system_node_pool"]["autoscaling"] = limits

    return change


def queued_pool(**settings):
    """Turn pool 0 into a valid queued pool (which needs a cluster outside release channels), then apply `settings`."""

    def change(data):
        data["cluster"]["release_channel"] = "UNSPECIFIED"
        data["gpu_node_pools"][0]["provisioning"] = "queued"
        data["gpu_node_pools"][0].update(settings)

    return change


def many_master_networks(data):
    data["cluster"]["master_authorized_networks"] = [{"cidr": f"198.51.100.{host}/32"} for host in range(51)]


CASES = [
    # Provisioning models that cannot be combined.
    (
        "flex-start-with-spot",
        set_pool(0, spot=True),
        "gpu_node_pools[0].spot = True: provisioning: flex-start cannot be combined with Spot VMs",
    ),
    (
        "spot-with-flex-start",
        set_pool(1, flex_start=True),
        "gpu_node_pools[1].flex_start = True: provisioning: spot cannot be combined with flex-start VMs",
    ),
    (
        "spot-with-queued",
        set_pool(1, queued_provisioning=True),
        "gpu_node_pools[1].queued_provisioning = True: provisioning: spot cannot be combined with queued provisioning",
    ),
    (
        "flex-start-flag-false",
        set_pool(0, flex_start=False),
        "gpu_node_pools[0].flex_start = False: provisioning: flex-start always uses flex-start VMs. Remove flex_start: false.",
    ),
    (
        "queued-with-reservation",
        queued_pool(reservation={"name": "h200-reservation"}),
        "gpu_node_pools[0].reservation.name = 'h200-reservation': provisioning: queued cannot use a reservation, "
        "because GKE requires reservation affinity NO_RESERVATION for queued nodes",
    ),
    (
        "spot-with-reservation",
        set_pool(1, reservation={"name": "h200-reservation"}),
        "gpu_node_pools[1].reservation.name = 'h200-reservation': provisioning: spot cannot use a reservation, "
        "because GKE requires reservation affinity NO_RESERVATION for spot nodes",
    ),
    (
        "reservation-without-name",
        drop_pool_setting(1, "autoscaling", provisioning="reservation", node_count=2),
        "gpu_node_pools[1].reservation: a reservation pool needs the reservation to consume",
    ),
    # Pool size.
    (
        "queued-with-fixed-size",
        queued_pool(node_count=2, autoscaling=None),
        "gpu_node_pools[0].node_count = 2: GKE rejects a fixed size for flex-start VMs",
    ),
    (
        "spot-with-fixed-size",
        set_pool(1, node_count=2),
        "gpu_node_pools[1].node_count = 2: Oasis scales spot pools from 0 nodes",
    ),
    (
        "flex-start-without-autoscaling",
        drop_pool_setting(0, "autoscaling"),
        "gpu_node_pools[0].autoscaling: flex-start pools scale with the cluster autoscaler",
    ),
    (
        "reservation-with-autoscaling",
        set_pool(1, provisioning="reservation", reservation={"name": "h200-reservation"}),
        "gpu_node_pools[1].autoscaling: reservation pools have a fixed size that matches the reservation",
    ),
    (
        "reservation-without-size",
        drop_pool_setting(1, "autoscaling", provisioning="reservation", reservation={"name": "h200-reservation"}),
        "gpu_node_pools[1].node_count: a reservation pool needs a fixed size",
    ),
    (
        "on-demand-with-reservation",
        set_pool(1, provisioning="on-demand", reservation={"name": "h200-reservation"}),
        "gpu_node_pools[1].reservation.name = 'h200-reservation': provisioning: on-demand cannot use a reservation, "
        "because on-demand pools never consume reservations",
    ),
    (
        "on-demand-without-size",
        drop_pool_setting(1, "autoscaling", provisioning="on-demand"),
        "gpu_node_pools[1].node_count: an on-demand pool needs a size",
    ),
    (
        "on-demand-fixed-and-autoscaled",
        set_pool(1, provisioning="on-demand", node_count=2),
        "gpu_node_pools[1].node_count = 2: a pool has either a fixed size or autoscaling limits",
    ),
    # Autoscaling limits.
    (
        "zone-and-total-limits-mixed",
        set_pool(1, autoscaling={"min_node_count": 0, "total_max_node_count": 4}),
        "gpu_node_pools[1].autoscaling: per-zone limits (min/max_node_count) and total limits "
        "(total_min/total_max_node_count) are mutually exclusive",
    ),
    (
        "autoscaling-without-limits",
        set_pool(0, autoscaling={}),
        "gpu_node_pools[0].autoscaling: autoscaling needs an upper limit. Add total_max_node_count for the whole pool",
    ),
    (
        "max-zero",
        set_pool(1, autoscaling={"total_max_node_count": 0}),
        "gpu_node_pools[1].autoscaling.total_max_node_count = 0: the upper limit must be at least 1 node",
    ),
    (
        "max-below-min",
        set_system_autoscaling(min_node_count=3, max_node_count=2),
        "system_node_pool.autoscaling.max_node_count = 2: below min_node_count = 3",
    ),
    (
        "max-missing",
        set_system_autoscaling(min_node_count=1),
        "system_node_pool.autoscaling.max_node_count: autoscaling needs an upper limit",
    ),
    (
        "system-pool-scales-to-zero",
        set_system_autoscaling(min_node_count=0, max_node_count=3),
        "system_node_pool.autoscaling.min_node_count = 0: the system pool is the only pool without a NoSchedule taint",
    ),
    (
        "flex-start-zone-limits",
        set_pool(0, autoscaling={"max_node_count": 4}),
        "gpu_node_pools[0].autoscaling: flex-start pools scale with total limits and location policy ANY",
    ),
    (
        "flex-start-nonzero-minimum",
        set_pool(0, autoscaling={"total_min_node_count": 2, "total_max_node_count": 4}),
        "gpu_node_pools[0].autoscaling.total_min_node_count = 2: flex-start nodes are created only for pending workloads",
    ),
    # Machine shape and zone.
    (
        "accelerator-count-not-8",
        set_pool(0, accelerator_count=4),
        "gpu_node_pools[0].accelerator_count = 4: a3-ultragpu-8g has exactly 8 GPUs",
    ),
    (
        "accelerator-type-mismatch",
        set_pool(0, accelerator_type="nvidia-h100-80gb"),
        "gpu_node_pools[0].accelerator_type = 'nvidia-h100-80gb': a3-ultragpu-8g comes with nvidia-h200-141gb",
    ),
    (
        "unsupported-machine-type",
        set_pool(0, machine_type="a3-megagpu-8g"),
        "gpu_node_pools[0].machine_type = 'a3-megagpu-8g': unsupported GPU machine type. Use one of: a3-ultragpu-8g.",
    ),
    (
        "zone-outside-rdma-profile",
        set_pool(1, zone="europe-west1-c"),
        "gpu_node_pools[1].zone = 'europe-west1-c': GPU nodes must run in europe-west1-b",
    ),
    # Lifetime, placement and node management.
    (
        "max-run-duration-above-7-days",
        set_pool(0, max_run_duration="8d"),
        "gpu_node_pools[0].max_run_duration = 691200: flex-start VMs run for at most 7 days",
    ),
    (
        "max-run-duration-on-spot",
        set_pool(1, max_run_duration="24h"),
        "gpu_node_pools[1].max_run_duration = 86400: max_run_duration applies to flex-start and queued pools, not to spot",
    ),
    (
        "max-run-duration-unparsable",
        set_pool(0, max_run_duration="1week"),
        "gpu_node_pools[0].max_run_duration = '1week': invalid duration",
    ),
    (
        "queued-compact-placement",
        queued_pool(placement_policy="COMPACT"),
        "gpu_node_pools[0].placement_policy = 'COMPACT': queued provisioning does not support COMPACT placement",
    ),
    (
        "flex-start-auto-repair",
        set_pool(0, auto_repair=True),
        "gpu_node_pools[0].auto_repair = True: flex-start pools need node auto-repair off",
    ),
    (
        "queued-auto-upgrade",
        queued_pool(auto_upgrade=True),
        "gpu_node_pools[0].auto_upgrade = True: queued pools need node auto-upgrade off",
    ),
    (
        "queued-on-release-channel",
        set_pool(0, provisioning="queued"),
        "gpu_node_pools[0].provisioning = 'queued': queued pools need node auto-upgrade off, but GKE keeps it on "
        "in clusters on a release channel (cluster.release_channel = REGULAR)",
    ),
    (
        "auto-upgrade-off-on-release-channel",
        set_pool(1, auto_upgrade=False),
        "gpu_node_pools[1].auto_upgrade = False: GKE keeps node auto-upgrade on in clusters on a release channel",
    ),
    (
        "unknown-provisioning-model",
        set_pool(1, provisioning="preemptible"),
        "gpu_node_pools[1].provisioning = 'preemptible': Input should be 'flex-start', 'queued', 'spot', 'reservation' or 'on-demand'",
    ),
    (
        "driver-version-missing",
        drop_pool_setting(0, "gpu_driver_version"),
        "gpu_node_pools[0].gpu_driver_version: required setting is missing",
    ),
    # Names.
    (
        "duplicate-pool-names",
        set_pool(1, name="h200-flex"),
        "gpu_node_pools[1].name = 'h200-flex': the same name as gpu_node_pools[0].name",
    ),
    (
        "pool-name-longer-than-40",
        set_pool(1, name="p" * 41),
        "gpu_node_pools[1].name = '" + "p" * 41 + "': the generated name '" + "p" * 41 + "' has 41 characters, "
        "but at most 40 are allowed. Shorten gpu_node_pools[1].name.",
    ),
    (
        "cluster-name-longer-than-40",
        set_cluster(name="c" * 40),
        "cluster.name = '" + "c" * 40 + "': the generated name 'oasis-" + "c" * 40 + "' has 46 characters, but at most "
        "40 are allowed. Shorten name_prefix or cluster.name.",
    ),
    # Cluster settings.
    (
        "flex-start-below-minimum-version",
        set_cluster(min_master_version="1.32.1-gke.1000000"),
        "cluster.min_master_version = '1.32.1-gke.1000000': flex-start GPU nodes (gpu_node_pools[0]) need GKE "
        "1.32.2-gke.1652000 or later",
    ),
    (
        "version-not-a-gke-version",
        set_cluster(min_master_version="latest"),
        "cluster.min_master_version = 'latest': invalid GKE version",
    ),
    (
        "ray-operator-addon",
        set_cluster(ray_operator_addon=True),
        "cluster.ray_operator_addon = True: GKE's Ray operator add-on would run a second KubeRay operator",
    ),
    (
        "compute-class-gke-prefix",
        set_cluster(compute_class_name="gke-a3"),
        "cluster.compute_class_name = 'gke-a3': ComputeClass names starting with 'gke' or 'autopilot' are reserved",
    ),
    (
        "compute-class-autopilot-prefix",
        set_cluster(compute_class_name="autopilot-gpu"),
        "cluster.compute_class_name = 'autopilot-gpu': ComputeClass names starting with 'gke' or 'autopilot' are reserved",
    ),
    (
        "master-network-open-to-internet",
        set_cluster(master_authorized_networks=[{"cidr": "0.0.0.0/0"}]),
        "cluster.master_authorized_networks[0].cidr = '0.0.0.0/0': 0.0.0.0/0 opens the control plane endpoint",
    ),
    (
        "master-network-host-bits",
        set_cluster(master_authorized_networks=[{"cidr": "203.0.113.7/24"}]),
        "cluster.master_authorized_networks[0].cidr = '203.0.113.7/24': invalid CIDR range: host bits are set",
    ),
    (
        "too-many-master-networks",
        many_master_networks,
        "cluster.master_authorized_networks = '51 ranges': 51 ranges, GKE accepts at most 50",
    ),
    (
        "master-range-not-28",
        set_cluster(master_ipv4_cidr="172.16.0.0/24"),
        "cluster.master_ipv4_cidr = '172.16.0.0/24': the control plane range must be a /28",
    ),
    (
        "master-range-overlaps-subnet",
        set_cluster(master_ipv4_cidr="10.0.0.16/28"),
        "network.primary.subnet_cidr = '10.0.0.0/20': overlaps cluster.master_ipv4_cidr = 10.0.0.16/28",
    ),
    (
        "maintenance-window-too-short",
        set_cluster(maintenance_window={"duration_hours": 4, "days": ["SU"]}),
        "cluster.maintenance_window = '4h on SU': the window allows only 16 hours of maintenance",
    ),
    (
        "maintenance-window-repeated-day",
        set_cluster(maintenance_window={"days": ["SA", "SA"]}),
        "cluster.maintenance_window.days = ['SA', 'SA']: each day may appear once",
    ),
]


@pytest.mark.parametrize(("change", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_invalid_cluster_setting(tmp_path, change, expected):
    data = example_data()
    change(data)
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1, lines
    assert expected in lines[0]


def test_open_master_network_with_opt_in(tmp_path):
    data = example_data()
    data["cluster"]["master_authorized_networks"] = [{"cidr": "0.0.0.0/0"}]
    data["cluster"]["allow_master_access_from_anywhere"] = True
    result = run_main("--config", write_environment(tmp_path, data), "--check")
    assert result.returncode == 0, result.stderr


def test_queued_pool_outside_release_channel(tmp_path):
    data = example_data()
    queued_pool(max_run_duration="3d")(data)
    result = run_main("--config", write_environment(tmp_path, data), "--check")
    assert result.returncode == 0, result.stderr


def test_error_names_pool_line(tmp_path):
    data = example_data()
    data["gpu_node_pools"][1]["spot"] = False
    path = write_environment(tmp_path, data)
    line_number = next(number for number, line in enumerate(path.read_text().splitlines(), 1) if line.strip() == "spot: false")
    lines = run_invalid(tmp_path, data)
    assert lines[0].startswith(f"{path}:{line_number}: gpu_node_pools[1].spot = False:")


def test_unknown_pool_setting_suggests_name(tmp_path):
    data = example_data()
    data["gpu_node_pools"][1]["provisoning"] = data["gpu_node_pools"][1].pop("provisioning")
    lines = run_invalid(tmp_path, data)
    assert any("gpu_node_pools[1].provisoning: unknown setting. Did you mean 'provisioning'?" in line for line in lines)
    assert any("gpu_node_pools[1].provisioning: required setting is missing" in line for line in lines)
