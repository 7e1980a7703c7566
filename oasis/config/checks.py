"""Checks across settings, run after every single setting has passed model validation.

Each check is a pure function of the environment that returns the problems it finds, so that the
loader reports all of them at once. Register new checks in CHECKS.
"""

from collections.abc import Callable
from itertools import combinations

from oasis.config.cluster_checks import CLUSTER_CHECKS
from oasis.config.errors import ConfigProblem, Location, format_location
from oasis.config.models import Environment
from oasis.config.node_pool_checks import NODE_POOL_CHECKS
from oasis.config.workload_checks import WORKLOAD_CHECKS
from oasis.config.types import RFC1035_NAME


def check_zone_in_region(environment: Environment) -> list[ConfigProblem]:
    if environment.zone.rsplit("-", 1)[0] == environment.region:
        return []
    message = f"the GPU zone must lie in region {environment.region}. Use a zone such as {environment.region}-b, or change region."
    return [ConfigProblem(("zone",), environment.zone, message)]


def check_cidr_overlaps(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for (first_location, first), (second_location, second) in combinations(environment.cidr_ranges(), 2):
        if first.overlaps(second):
            message = (
                f"overlaps {format_location(second_location)} = {second}. Every subnet and secondary range "
                "needs its own addresses, so move one of the two to an unused range."
            )
            problems.append(ConfigProblem(first_location, str(first), message))
    return problems


def check_generated_names(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for location, name, max_length in environment.generated_names():
        setting = format_location(location)
        value = _setting_value(environment, location)
        if len(name) > max_length:
            fix = f"Shorten {setting}."
            if value is None:
                fix = f"Set {setting} to a shorter name, or shorten name_prefix."
            elif location != ("name_prefix",) and name.startswith(f"{environment.name_prefix}-"):
                fix = f"Shorten name_prefix or {setting}."
            message = f"the generated name {name!r} has {len(name)} characters, but at most {max_length} are allowed. {fix}"
            problems.append(ConfigProblem(location, name if value is None else value, message))
        elif not RFC1035_NAME.match(name):
            message = (
                f"the generated name {name!r} is invalid: use lowercase letters, digits and hyphens, "
                f"starting with a letter. Change {setting}."
            )
            problems.append(ConfigProblem(location, name if value is None else value, message))
    return _unique(problems)


def _setting_value(environment: Environment, location: Location) -> object:
    """Return the value at `location` in the environment, or None where the file leaves it unset."""
    value: object = environment
    for part in location:
        if isinstance(part, int):
            value = value[part]  # type: ignore[index]
        else:
            value = getattr(value, part, None)
        if value is None:
            return None
    return value


# GKE gives every node a /24 of the pod range when nodes run up to 110 Pods, the default maximum.
POD_RANGE_PER_NODE_PREFIX = 24


def check_pod_range_size(environment: Environment) -> list[ConfigProblem]:
    pods = environment.network.primary.pods_range.cidr
    if pods.prefixlen <= POD_RANGE_PER_NODE_PREFIX:
        return []
    message = (
        f"the pod range is smaller than the /{POD_RANGE_PER_NODE_PREFIX} that GKE assigns to each node "
        "(up to 110 Pods per node), so no node could join. Use a /20 or larger, for example 10.64.0.0/14."
    )
    return [ConfigProblem(("network", "primary", "pods_range", "cidr"), str(pods), message)]


def check_distinct_network_names(environment: Environment) -> list[ConfigProblem]:
    network = environment.network
    seen: dict[str, str] = {}
    problems = []
    for role in ("primary", "gvnic", "rdma"):
        name = getattr(network, role).name
        if name in seen:
            message = f"the same name as network.{seen[name]}.name. Each VPC needs its own name."
            problems.append(ConfigProblem(("network", role, "name"), name, message))
        seen.setdefault(name, role)
    return problems


def check_secondary_range_names(environment: Environment) -> list[ConfigProblem]:
    primary = environment.network.primary
    if primary.pods_range.name != primary.services_range.name:
        return []
    message = "the same name as network.primary.pods_range.name. Give the pod and service ranges different names."
    return [ConfigProblem(("network", "primary", "services_range", "name"), primary.services_range.name, message)]


def _unique(problems: list[ConfigProblem]) -> list[ConfigProblem]:
    # Several generated names share one setting; report the setting once, with its first long name.
    seen = set()
    unique = []
    for problem in problems:
        if problem.location not in seen:
            seen.add(problem.location)
            unique.append(problem)
    return unique


CHECKS: list[Callable[[Environment], list[ConfigProblem]]] = [
    check_zone_in_region,
    check_cidr_overlaps,
    check_generated_names,
    check_pod_range_size,
    check_distinct_network_names,
    check_secondary_range_names,
    *CLUSTER_CHECKS,
    *NODE_POOL_CHECKS,
    *WORKLOAD_CHECKS,
]


def run_checks(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for check in CHECKS:
        problems.extend(check(environment))
    return problems
