"""The cluster and node pool checks called directly: compliant cases and the bounds of each rule."""

import pytest

from conftest import example_data
from oasis.config.cluster import parse_gke_version
from oasis.config.cluster_checks import (
    CLUSTER_CHECKS,
    check_flex_start_min_version,
    check_maintenance_window_hours,
)
from oasis.config.models import Environment
from oasis.config.node_pool_checks import NODE_POOL_CHECKS, check_max_run_duration
from test_cluster_variants import variant_data

ALL_CHECKS = CLUSTER_CHECKS + NODE_POOL_CHECKS


def environment(data: dict) -> Environment:
    return Environment.model_validate({**data, "name": "unit"})


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[check.__name__ for check in ALL_CHECKS])
def test_example_compliant(check):
    assert check(environment(example_data())) == []


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[check.__name__ for check in ALL_CHECKS])
def test_variant_compliant(check):
    assert check(environment(variant_data())) == []


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.32", (1, 32, 0, 0)),
        ("1.32.2", (1, 32, 2, 0)),
        ("1.32.2-gke.1652000", (1, 32, 2, 1652000)),
    ],
)
def test_parse_gke_version(version, expected):
    assert parse_gke_version(version) == expected


@pytest.mark.parametrize(
    ("version", "problems"),
    [
        ("1.32.2-gke.1652000", 0),
        ("1.33", 0),
        ("1.32.2-gke.1651999", 1),
        # A partial pin may resolve to an older build, so it counts as its lowest version.
        ("1.32.2", 1),
        ("1.32", 1),
    ],
)
def test_flex_start_version_bound(version, problems):
    data = example_data()
    data["cluster"]["min_master_version"] = version
    assert len(check_flex_start_min_version(environment(data))) == problems


def test_flex_start_version_ignored_without_flex_pools():
    data = example_data()
    data["cluster"]["min_master_version"] = "1.30"
    data["gpu_node_pools"] = [pool for pool in data["gpu_node_pools"] if pool["provisioning"] == "spot"]
    assert check_flex_start_min_version(environment(data)) == []


@pytest.mark.parametrize(
    ("duration", "problems"),
    [("7d", 0), ("168h", 0), (604800, 0), ("604801s", 1), ("8d", 1)],
)
def test_max_run_duration_bound(duration, problems):
    data = example_data()
    data["gpu_node_pools"][0]["max_run_duration"] = duration
    assert len(check_max_run_duration(environment(data))) == problems


@pytest.mark.parametrize(
    ("hours", "days", "problems"),
    [
        (4, ["FR", "SA", "SU"], 0),  # 4 weeks x 12 h = 48 h
        (24, ["SU"], 0),  # 4 weeks x 24 h = 96 h
        (5, ["SA", "SU"], 1),  # 40 h when the extra 4 days are MO to TH
        (4, ["SU"], 1),
    ],
)
def test_maintenance_window_hours_bound(hours, days, problems):
    data = example_data()
    data["cluster"]["maintenance_window"] = {"duration_hours": hours, "days": days}
    assert len(check_maintenance_window_hours(environment(data))) == problems
