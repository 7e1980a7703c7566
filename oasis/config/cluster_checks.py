"""Checks of the cluster settings that GKE would otherwise reject at apply time, one rule per function."""

from collections.abc import Callable

from oasis.config.cluster import WEEKDAYS, parse_gke_version
from oasis.config.errors import ConfigProblem
from oasis.config.models import Environment

# Flex-start GPU nodes need GKE 1.32.2-gke.1652000 or later (https://cloud.google.com/kubernetes-engine/docs/concepts/dws).
FLEX_START_MIN_VERSION = "1.32.2-gke.1652000"

# NOTE: GKE's limit of 50 authorized networks on the public endpoint is quoted from memory, not from a page
# opened here.
MAX_MASTER_AUTHORIZED_NETWORKS = 50

# NOTE: GKE's rule that a recurring maintenance window leaves at least 48 hours of maintenance time in every
# 32 days is quoted from memory, not from a page opened here.
MIN_MAINTENANCE_HOURS = 48
MAINTENANCE_PERIOD_DAYS = 32


def check_master_network_not_open(environment: Environment) -> list[ConfigProblem]:
    cluster = environment.cluster
    if cluster.allow_master_access_from_anywhere:
        return []
    problems = []
    for index, network in enumerate(cluster.master_authorized_networks):
        if network.cidr.prefixlen == 0:
            message = (
                "0.0.0.0/0 opens the control plane endpoint to the whole internet. List the ranges of your "
                "offices, VPN and CI runners, or set cluster.allow_master_access_from_anywhere: true to accept this."
            )
            problems.append(ConfigProblem(("cluster", "master_authorized_networks", index, "cidr"), str(network.cidr), message))
    return problems


def check_master_network_count(environment: Environment) -> list[ConfigProblem]:
    networks = environment.cluster.master_authorized_networks
    if len(networks) <= MAX_MASTER_AUTHORIZED_NETWORKS:
        return []
    message = (
        f"{len(networks)} ranges, GKE accepts at most {MAX_MASTER_AUTHORIZED_NETWORKS} on the public endpoint. "
        "Merge adjacent ranges into larger ones."
    )
    return [ConfigProblem(("cluster", "master_authorized_networks"), f"{len(networks)} ranges", message)]


def check_ray_operator_addon(environment: Environment) -> list[ConfigProblem]:
    if not environment.cluster.ray_operator_addon:
        return []
    message = (
        "GKE's Ray operator add-on would run a second KubeRay operator next to the one Oasis installs from "
        "its Helm chart, and both would reconcile the same RayCluster objects. Set it to false."
    )
    return [ConfigProblem(("cluster", "ray_operator_addon"), True, message)]


def check_compute_class_name_prefix(environment: Environment) -> list[ConfigProblem]:
    # GKE installs built-in ComputeClasses named autopilot and autopilot-spot
    # (https://cloud.google.com/kubernetes-engine/docs/concepts/about-built-in-compute-classes).
    # Oasis also rejects the gke prefix, which that page does not mention, to keep clear of GKE-owned names.
    name = environment.cluster.compute_class_name
    if not name.startswith(("gke", "autopilot")):
        return []
    message = "ComputeClass names starting with 'gke' or 'autopilot' are reserved for GKE. Choose another name, such as a3-ultra."
    return [ConfigProblem(("cluster", "compute_class_name"), name, message)]


def check_flex_start_min_version(environment: Environment) -> list[ConfigProblem]:
    version = environment.cluster.min_master_version
    if version is None:
        return []
    flex_pools = [f"gpu_node_pools[{index}]" for index, pool in enumerate(environment.gpu_node_pools) if pool.uses_flex_start]
    if not flex_pools or parse_gke_version(version) >= parse_gke_version(FLEX_START_MIN_VERSION):
        return []
    message = (
        f"flex-start GPU nodes ({', '.join(flex_pools)}) need GKE {FLEX_START_MIN_VERSION} or later, and a pin "
        f"below it lets GKE create an older control plane. Pin {FLEX_START_MIN_VERSION} or later, or remove the pin."
    )
    return [ConfigProblem(("cluster", "min_master_version"), version, message)]


def check_maintenance_window_hours(environment: Environment) -> list[ConfigProblem]:
    window = environment.cluster.maintenance_window
    hours_by_day = [window.duration_hours if day in window.days else 0 for day in WEEKDAYS]
    # A 32-day period contains four full weeks plus 4 consecutive days, so the worst case adds the 4 days
    # with the fewest window hours.
    full_weeks, extra_days = divmod(MAINTENANCE_PERIOD_DAYS, 7)
    fewest_extra_hours = min(sum(hours_by_day[(start + offset) % 7] for offset in range(extra_days)) for start in range(7))
    hours = full_weeks * sum(hours_by_day) + fewest_extra_hours
    if hours >= MIN_MAINTENANCE_HOURS:
        return []
    message = (
        f"the window allows only {hours} hours of maintenance in some {MAINTENANCE_PERIOD_DAYS}-day periods, and GKE "
        f"requires at least {MIN_MAINTENANCE_HOURS}. Add days or raise duration_hours."
    )
    return [ConfigProblem(("cluster", "maintenance_window"), f"{window.duration_hours}h on {','.join(window.days)}", message)]


CLUSTER_CHECKS: list[Callable[[Environment], list[ConfigProblem]]] = [
    check_master_network_not_open,
    check_master_network_count,
    check_ray_operator_addon,
    check_compute_class_name_prefix,
    check_flex_start_min_version,
    check_maintenance_window_hours,
]
