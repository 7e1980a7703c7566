"""Checks across the registry, team access, secret and data bucket settings.

Each check is a pure function of the environment, registered in WORKLOAD_CHECKS, which
oasis.config.checks runs after its own checks.
"""

from collections.abc import Callable, Hashable, Iterator

from oasis.config.errors import NO_VALUE, ConfigProblem
from oasis.config.iam import SCOPE_ROLE_PREFIXES
from oasis.config.models import Environment
from oasis.config.storage import reserved_bucket_name_problem


def check_cleanup_policy_ids(environment: Environment) -> list[ConfigProblem]:
    problems = []
    ids = [policy.id for policy in environment.artifact_registry.cleanup_policies]
    for index, first in _repeats(ids):
        message = f"the same id as artifact_registry.cleanup_policies[{first}]. Give each policy its own id."
        problems.append(ConfigProblem(("artifact_registry", "cleanup_policies", index, "id"), ids[index], message))
    return problems


def check_keep_count_policies(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for index, policy in enumerate(environment.artifact_registry.cleanup_policies):
        if policy.keep_count is None:
            continue
        location = ("artifact_registry", "cleanup_policies", index, "keep_count")
        if policy.action != "KEEP":
            message = "keep_count only applies to KEEP policies. Set action: KEEP, or use older_than to delete by age."
            problems.append(ConfigProblem(location, policy.keep_count, message))
        elif policy.condition_settings():
            message = (
                f"keep_count cannot be combined with {', '.join(policy.condition_settings())} in one policy. "
                "Put the condition in a separate KEEP policy."
            )
            problems.append(ConfigProblem(location, policy.keep_count, message))
    return problems


def check_cleanup_policy_conditions(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for index, policy in enumerate(environment.artifact_registry.cleanup_policies):
        location = ("artifact_registry", "cleanup_policies", index)
        narrows = policy.condition_settings() or policy.package_name_prefixes
        if policy.action == "DELETE" and not narrows:
            message = (
                "a DELETE policy without a condition deletes every image version. "
                "Add older_than (for example 30d), tag_state: UNTAGGED or a prefix."
            )
            problems.append(ConfigProblem((*location, "action"), policy.action, message))
        if policy.action == "KEEP" and policy.keep_count is None and not narrows:
            message = "a KEEP policy needs keep_count or a condition. Add keep_count (for example 10) or a condition."
            problems.append(ConfigProblem((*location, "action"), policy.action, message))
        if policy.tag_prefixes and policy.tag_state == "UNTAGGED":
            message = "untagged versions have no tag to match tag_prefixes. Set tag_state: TAGGED or remove tag_prefixes."
            problems.append(ConfigProblem((*location, "tag_prefixes"), policy.tag_prefixes, message))
    return problems


def check_distinct_repository_names(environment: Environment) -> list[ConfigProblem]:
    if environment.docker_hub_cache_id != environment.repository_id:
        return []
    message = "the same name as artifact_registry.name. Give the Docker Hub cache its own name."
    return [ConfigProblem(("artifact_registry", "docker_hub_cache", "name"), environment.docker_hub_cache_id, message)]


def check_team_grants(environment: Environment) -> list[ConfigProblem]:
    problems = []
    seen: dict[tuple[str, str, str], int] = {}
    for index, grant in enumerate(environment.team_access):
        prefix = SCOPE_ROLE_PREFIXES.get(grant.scope)
        for role_index, role in enumerate(grant.roles):
            location = ("team_access", index, "roles", role_index)
            if prefix and not role.startswith(prefix):
                message = f"a grant with scope {grant.scope} takes only {prefix}* roles. Use scope: project for this role."
                problems.append(ConfigProblem(location, role, message))

            key = (grant.member, role, grant.scope)
            if key in seen:
                message = f"{grant.member} already has this role on scope {grant.scope} in team_access[{seen[key]}]. Remove one."
                problems.append(ConfigProblem(location, role, message))
            seen.setdefault(key, index)
    return problems


def check_distinct_secret_names(environment: Environment) -> list[ConfigProblem]:
    problems = []
    names = [secret.name for secret in environment.secrets]
    for index, first in _repeats(names):
        message = f"the same name as secrets[{first}].name. Each secret needs its own name."
        problems.append(ConfigProblem(("secrets", index, "name"), names[index], message))
    return problems


def check_secret_replica_locations(environment: Environment) -> list[ConfigProblem]:
    problems = []
    for index, secret in enumerate(environment.secrets):
        locations = secret.replica_locations
        duplicates = sorted({location for location in locations if locations.count(location) > 1})
        if duplicates:
            message = f"lists {', '.join(duplicates)} more than once. List each region once."
            problems.append(ConfigProblem(("secrets", index, "replica_locations"), locations, message))
    return problems


def check_generated_bucket_name(environment: Environment) -> list[ConfigProblem]:
    if environment.data_bucket.name is not None:
        return []
    problem = reserved_bucket_name_problem(environment.data_bucket_name)
    if problem is None:
        return []
    message = f"{problem} Set data_bucket.name, because the generated name {environment.data_bucket_name!r} is reserved."
    return [ConfigProblem(("data_bucket", "name"), NO_VALUE, message)]


def check_hierarchical_namespace_versioning(environment: Environment) -> list[ConfigProblem]:
    bucket = environment.data_bucket
    if not (bucket.hierarchical_namespace and bucket.versioning):
        return []
    # NOTE: Cloud Storage lists Object Versioning among the features that buckets with hierarchical
    # namespace do not support (https://cloud.google.com/storage/docs/hns-overview). That list was
    # not checked again for this provider version, so the check may be stricter than the API.
    message = "buckets with hierarchical namespace do not support object versioning. Set versioning: false."
    return [ConfigProblem(("data_bucket", "versioning"), bucket.versioning, message)]


def _repeats(values: list[Hashable]) -> Iterator[tuple[int, int]]:
    """Yield (index, index of the first equal value) for every value that appeared before."""
    first_index: dict[Hashable, int] = {}
    for index, value in enumerate(values):
        if value in first_index:
            yield index, first_index[value]
        first_index.setdefault(value, index)


WORKLOAD_CHECKS: list[Callable[[Environment], list[ConfigProblem]]] = [
    check_cleanup_policy_ids,
    check_keep_count_policies,
    check_cleanup_policy_conditions,
    check_distinct_repository_names,
    check_team_grants,
    check_distinct_secret_names,
    check_secret_replica_locations,
    check_generated_bucket_name,
    check_hierarchical_namespace_versioning,
]
