"""Checks of the node pools that GKE would otherwise reject at apply time, one rule per function.

Each message names the pool setting, such as gpu_node_pools[1].provisioning, what conflicts and the fix.
"""

from collections.abc import Callable, Iterator

from oasis.config.errors import NO_VALUE, ConfigProblem, Location
from oasis.config.models import Environment
from oasis.config.node_pools import (
    AUTOSCALED_MODELS,
    GPU_MACHINES,
    MAX_RUN_DURATION_SECONDS,
    Autoscaling,
    GpuNodePool,
)


def _gpu_pools(environment: Environment) -> Iterator[tuple[Location, GpuNodePool]]:
    for index, pool in enumerate(environment.gpu_node_pools):
        yield ("gpu_node_pools", index), pool


def _autoscaled_pools(environment: Environment) -> Iterator[tuple[Location, Autoscaling]]:
    yield ("system_node_pool", "autoscaling"), environment.system_node_pool.autoscaling
    for location, pool in _gpu_pools(environment):
        if pool.autoscaling is not None:
            yield (*location, "autoscaling"), pool.autoscaling


def check_unique_pool_names(environment: Environment) -> list[ConfigProblem]:
    seen = {environment.system_node_pool.name: "system_node_pool.name"}
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.name in seen:
            message = f"the same name as {seen[pool.name]}. Node pools of one cluster need distinct names."
            problems.append(ConfigProblem((*location, "name"), pool.name, message))
        seen.setdefault(pool.name, f"gpu_node_pools[{location[1]}].name")
    return problems


def check_gpu_machine_type(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.machine is None:
            message = f"unsupported GPU machine type. Use one of: {', '.join(GPU_MACHINES)}."
            problems.append(ConfigProblem((*location, "machine_type"), pool.machine_type, message))
    return problems


def check_accelerator_type(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        machine = pool.machine
        if machine is not None and pool.accelerator_type != machine.accelerator_type:
            message = f"{pool.machine_type} comes with {machine.accelerator_type}. Set accelerator_type: {machine.accelerator_type} or remove it."
            problems.append(ConfigProblem((*location, "accelerator_type"), pool.accelerator_type, message))
    return problems


def check_accelerator_count(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        machine = pool.machine
        if machine is not None and pool.accelerator_count != machine.accelerator_count:
            message = (
                f"{pool.machine_type} has exactly {machine.accelerator_count} GPUs and GKE rejects any other count. "
                f"Set accelerator_count: {machine.accelerator_count} or remove it."
            )
            problems.append(ConfigProblem((*location, "accelerator_count"), pool.accelerator_count, message))
    return problems


def check_gpu_pool_zone(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.zone is not None and pool.zone != environment.gpu_zone:
            message = (
                f"GPU nodes must run in {environment.gpu_zone}, the zone of the RDMA VPC's network profile "
                f"({environment.gpu_zone}-vpc-roce), or their RDMA NICs cannot attach. Remove zone or set it to {environment.gpu_zone}."
            )
            problems.append(ConfigProblem((*location, "zone"), pool.zone, message))
    return problems


def _check_flag(environment: Environment, flag: str, owners: tuple[str, ...], meaning: str) -> list[ConfigProblem]:
    """Report pools whose provider flag `flag` contradicts `provisioning`. `owners` are the models that set the flag."""
    problems = []
    for location, pool in _gpu_pools(environment):
        value = getattr(pool, flag)
        if value is None or value == (pool.provisioning in owners):
            continue
        if value:
            message = (
                f"provisioning: {pool.provisioning} cannot be combined with {meaning}, and GKE rejects such a pool. "
                f"Remove {flag}. To fall back to {meaning}, add a second pool with provisioning: {owners[0]}."
            )
        else:
            message = f"provisioning: {pool.provisioning} always uses {meaning}. Remove {flag}: false."
        problems.append(ConfigProblem((*location, flag), value, message))
    return problems


def check_spot_flag(environment: Environment) -> list[ConfigProblem]:
    return _check_flag(environment, "spot", ("spot",), "Spot VMs")


def check_flex_start_flag(environment: Environment) -> list[ConfigProblem]:
    return _check_flag(environment, "flex_start", ("flex-start", "queued"), "flex-start VMs")


def check_queued_provisioning_flag(environment: Environment) -> list[ConfigProblem]:
    return _check_flag(environment, "queued_provisioning", ("queued",), "queued provisioning")


def check_reservation_only_on_reservation_pools(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.reservation is None or pool.provisioning == "reservation":
            continue
        if pool.provisioning == "on-demand":
            reason = "on-demand pools never consume reservations"
        else:
            reason = f"GKE requires reservation affinity NO_RESERVATION for {pool.provisioning} nodes"
        message = (
            f"provisioning: {pool.provisioning} cannot use a reservation, because {reason}. "
            "Remove reservation, or set provisioning: reservation."
        )
        problems.append(ConfigProblem((*location, "reservation", "name"), pool.reservation.name, message))
    return problems


def check_reservation_pool_has_reservation(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.provisioning == "reservation" and pool.reservation is None:
            message = "a reservation pool needs the reservation to consume. Add reservation: {name: <reservation name>}."
            problems.append(ConfigProblem((*location, "reservation"), NO_VALUE, message))
    return problems


def check_fixed_size_and_autoscaling(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        # Autoscaled models get a more specific message from check_autoscaled_models_have_no_fixed_size.
        if pool.provisioning in AUTOSCALED_MODELS:
            continue
        if pool.node_count is not None and pool.autoscaling is not None:
            message = "a pool has either a fixed size or autoscaling limits. Remove node_count or autoscaling."
            problems.append(ConfigProblem((*location, "node_count"), pool.node_count, message))
    return problems


def check_autoscaled_models_have_no_fixed_size(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.provisioning not in AUTOSCALED_MODELS or pool.node_count is None:
            continue
        if pool.uses_flex_start:
            reason = "GKE rejects a fixed size for flex-start VMs, which are created only for pending workloads"
        else:
            reason = "Oasis scales spot pools from 0 nodes so that idle Spot capacity costs nothing"
        message = f"{reason}. Remove node_count and set autoscaling.total_max_node_count."
        problems.append(ConfigProblem((*location, "node_count"), pool.node_count, message))
    return problems


def check_autoscaled_models_have_limits(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.provisioning in AUTOSCALED_MODELS and pool.autoscaling is None and pool.node_count is None:
            message = f"{pool.provisioning} pools scale with the cluster autoscaler. Add autoscaling: {{total_max_node_count: <nodes>}}."
            problems.append(ConfigProblem((*location, "autoscaling"), NO_VALUE, message))
    return problems


def check_reservation_pool_fixed_size(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.provisioning != "reservation":
            continue
        if pool.autoscaling is not None and pool.node_count is None:
            message = "reservation pools have a fixed size that matches the reservation. Replace autoscaling with node_count."
            problems.append(ConfigProblem((*location, "autoscaling"), NO_VALUE, message))
        elif pool.node_count is None:
            message = "a reservation pool needs a fixed size. Add node_count with the number of reserved VMs to use."
            problems.append(ConfigProblem((*location, "node_count"), NO_VALUE, message))
    return problems


def check_on_demand_pool_size(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.provisioning == "on-demand" and pool.node_count is None and pool.autoscaling is None:
            message = "an on-demand pool needs a size. Add node_count, or autoscaling with max_node_count or total_max_node_count."
            problems.append(ConfigProblem((*location, "node_count"), NO_VALUE, message))
    return problems


def check_autoscaling_limit_kinds(environment: Environment) -> list[ConfigProblem]:
    # The total_*_node_count fields are mutually exclusive with the *_node_count fields
    # (https://cloud.google.com/php/docs/reference/cloud-container/latest/V1.NodePoolAutoscaling).
    problems = []
    for location, autoscaling in _autoscaled_pools(environment):
        if autoscaling.uses_total_limits and autoscaling.uses_zone_limits:
            message = (
                "per-zone limits (min/max_node_count) and total limits (total_min/total_max_node_count) are "
                "mutually exclusive. Keep one kind."
            )
            problems.append(ConfigProblem(location, NO_VALUE, message))
    return problems


def check_autoscaling_bounds(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, autoscaling in _autoscaled_pools(environment):
        if autoscaling.uses_total_limits and autoscaling.uses_zone_limits:
            continue  # reported by check_autoscaling_limit_kinds
        if not autoscaling.uses_total_limits and not autoscaling.uses_zone_limits:
            message = "autoscaling needs an upper limit. Add total_max_node_count for the whole pool, or max_node_count per zone."
            problems.append(ConfigProblem(location, NO_VALUE, message))
            continue
        prefix = "total_" if autoscaling.uses_total_limits else ""
        minimum = getattr(autoscaling, f"{prefix}min_node_count")
        maximum = getattr(autoscaling, f"{prefix}max_node_count")
        max_location = (*location, f"{prefix}max_node_count")
        if maximum is None:
            message = f"autoscaling needs an upper limit. Add {prefix}max_node_count."
            problems.append(ConfigProblem(max_location, NO_VALUE, message))
        elif maximum <= 0:
            message = f"the upper limit must be at least 1 node. Set {prefix}max_node_count to 1 or more."
            problems.append(ConfigProblem(max_location, maximum, message))
        elif minimum is not None and maximum < minimum:
            message = f"below {prefix}min_node_count = {minimum}. Raise {prefix}max_node_count or lower {prefix}min_node_count."
            problems.append(ConfigProblem(max_location, maximum, message))
    return problems


def check_flex_start_total_limits(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        autoscaling = pool.autoscaling
        if not pool.uses_flex_start or autoscaling is None:
            continue
        if autoscaling.uses_zone_limits:
            message = (
                f"{pool.provisioning} pools scale with total limits and location policy ANY. Replace min/max_node_count "
                "with total_max_node_count."
            )
            problems.append(ConfigProblem((*location, "autoscaling"), NO_VALUE, message))
        elif autoscaling.total_min_node_count not in (None, 0):
            message = (
                f"{pool.provisioning} nodes are created only for pending workloads, so the pool starts empty. "
                "Set total_min_node_count: 0 or remove it."
            )
            problems.append(ConfigProblem((*location, "autoscaling", "total_min_node_count"), autoscaling.total_min_node_count, message))
    return problems


def check_system_pool_has_nodes(environment: Environment) -> list[ConfigProblem]:
    autoscaling = environment.system_node_pool.autoscaling
    field = "total_min_node_count" if autoscaling.uses_total_limits else "min_node_count"
    minimum = getattr(autoscaling, field)
    if minimum is not None and minimum >= 1:
        return []
    message = (
        "the system pool is the only pool without a NoSchedule taint, so kube-system and the GKE add-ons need at "
        f"least one of its nodes. Set {field} to 1 or more."
    )
    return [ConfigProblem(("system_node_pool", "autoscaling", field), minimum if minimum is not None else NO_VALUE, message)]


def check_max_run_duration(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        duration = pool.max_run_duration
        if duration is None:
            continue
        if not pool.uses_flex_start:
            # Oasis allows max_run_duration only on the flex-start models, whose GKE docs describe it.
            message = f"max_run_duration applies to flex-start and queued pools, not to {pool.provisioning}. Remove it."
            problems.append(ConfigProblem((*location, "max_run_duration"), duration, message))
        elif duration > MAX_RUN_DURATION_SECONDS:
            message = f"flex-start VMs run for at most 7 days ({MAX_RUN_DURATION_SECONDS} seconds). Use 7d or less."
            problems.append(ConfigProblem((*location, "max_run_duration"), duration, message))
    return problems


def check_queued_placement_policy(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.provisioning == "queued" and pool.placement_policy == "COMPACT":
            message = "queued provisioning does not support COMPACT placement. Remove placement_policy."
            problems.append(ConfigProblem((*location, "placement_policy"), pool.placement_policy, message))
    return problems


def check_flex_start_auto_repair(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.uses_flex_start and pool.auto_repair:
            message = f"{pool.provisioning} pools need node auto-repair off. Set auto_repair: false or remove it."
            problems.append(ConfigProblem((*location, "auto_repair"), True, message))
    return problems


def check_queued_auto_upgrade(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.provisioning == "queued" and pool.auto_upgrade:
            message = "queued pools need node auto-upgrade off. Set auto_upgrade: false or remove it."
            problems.append(ConfigProblem((*location, "auto_upgrade"), True, message))
    return problems


def check_auto_upgrade_outside_release_channel(environment: Environment) -> list[ConfigProblem]:
    # On a release channel, node auto-upgrade defaults to true and cannot be disabled
    # (https://cloud.google.com/kubernetes-engine/docs/reference/rest/Shared.Types/ReleaseChannel).
    channel = environment.cluster.release_channel
    if channel == "UNSPECIFIED":
        return []
    problems = []
    for location, pool in _gpu_pools(environment):
        if pool.effective_auto_upgrade:
            continue
        if pool.provisioning == "queued":
            setting, value = "provisioning", pool.provisioning
            message = (
                f"queued pools need node auto-upgrade off, but GKE keeps it on in clusters on a release channel "
                f"(cluster.release_channel = {channel}). Set cluster.release_channel: UNSPECIFIED and pin "
                "cluster.min_master_version, or use provisioning: flex-start."
            )
        else:
            setting, value = "auto_upgrade", False
            message = (
                f"GKE keeps node auto-upgrade on in clusters on a release channel (cluster.release_channel = {channel}). "
                "Remove auto_upgrade: false, or set cluster.release_channel: UNSPECIFIED."
            )
        problems.append(ConfigProblem((*location, setting), value, message))
    return problems


NODE_POOL_CHECKS: list[Callable[[Environment], list[ConfigProblem]]] = [
    check_unique_pool_names,
    check_gpu_machine_type,
    check_accelerator_type,
    check_accelerator_count,
    check_gpu_pool_zone,
    check_spot_flag,
    check_flex_start_flag,
    check_queued_provisioning_flag,
    check_reservation_only_on_reservation_pools,
    check_reservation_pool_has_reservation,
    check_fixed_size_and_autoscaling,
    check_autoscaled_models_have_no_fixed_size,
    check_autoscaled_models_have_limits,
    check_reservation_pool_fixed_size,
    check_on_demand_pool_size,
    check_autoscaling_limit_kinds,
    check_autoscaling_bounds,
    check_flex_start_total_limits,
    check_system_pool_has_nodes,
    check_max_run_duration,
    check_queued_placement_policy,
    check_flex_start_auto_repair,
    check_queued_auto_upgrade,
    check_auto_upgrade_outside_release_channel,
]
