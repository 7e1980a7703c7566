"""Bad registry, identity, team access, secret and bucket settings, rejected through main.py."""

import pytest

from conftest import example_data
from test_config_errors import run_invalid


def single_line(tmp_path, data):
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("role", ["roles/owner", "roles/editor", "roles/viewer"])
def test_basic_role_rejected(tmp_path, role):
    data = example_data()
    data["team_access"][0]["roles"] = [role]
    line = single_line(tmp_path, data)
    assert f"team_access[0].roles[0] = {role!r}: basic role rejected: {role} grants access to every resource" in line
    assert "Use a predefined role such as roles/container.developer" in line


@pytest.mark.parametrize("role", ["container.developer", "roles/", "projects/p/roles/custom", "roles/Container"])
def test_malformed_role_rejected(tmp_path, role):
    data = example_data()
    data["team_access"][0]["roles"] = [role]
    line = single_line(tmp_path, data)
    assert f"team_access[0].roles[0] = {role!r}: invalid role: write a predefined role as roles/<service>.<role>" in line


def test_member_without_type(tmp_path):
    data = example_data()
    data["team_access"][0]["member"] = "alice@example.com"
    line = single_line(tmp_path, data)
    assert "team_access[0].member = 'alice@example.com': invalid member: the principal type is missing." in line
    assert "Write user:alice@example.com, group:alice@example.com or serviceAccount:alice@example.com." in line


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("allUsers", "invalid member: allUsers makes the resource public"),
        ("allAuthenticatedUsers", "invalid member: allAuthenticatedUsers makes the resource public"),
        ("team:ml@example.com", "invalid member type 'team': use one of user, group, serviceAccount, domain."),
        ("user:alice", "invalid member: user: must be followed by an email address"),
        ("group:", "invalid member: group: must be followed by an email address"),
        ("serviceAccount:ci@example.com", "invalid member: service account emails end with .gserviceaccount.com"),
        ("domain:Example.com", "invalid member: write domain:<domain name> in lowercase"),
        ("ml-team", "invalid member: write <type>:<identity>"),
    ],
)
def test_malformed_member(tmp_path, member, message):
    data = example_data()
    data["team_access"][0]["member"] = member
    line = single_line(tmp_path, data)
    assert f"team_access[0].member = {member!r}: {message}" in line


def test_empty_roles(tmp_path):
    data = example_data()
    data["team_access"][0]["roles"] = []
    line = single_line(tmp_path, data)
    assert "team_access[0].roles = []: List should have at least 1 item" in line


def test_role_outside_scope(tmp_path):
    data = example_data()
    data["team_access"][1]["roles"] = ["roles/container.developer"]
    line = single_line(tmp_path, data)
    assert (
        "team_access[1].roles[0] = 'roles/container.developer': a grant with scope repository takes only "
        "roles/artifactregistry.* roles. Use scope: project for this role." in line
    )


def test_duplicate_grant(tmp_path):
    data = example_data()
    data["team_access"].append(dict(data["team_access"][0]))
    line = single_line(tmp_path, data)
    assert "team_access[2].roles[0] = 'roles/container.developer': group:ml-researchers@example.com already has this role" in line
    assert "in team_access[0]. Remove one." in line


def test_duplicate_secret_names(tmp_path):
    data = example_data()
    data["secrets"].append({"name": "wandb-api-key"})
    line = single_line(tmp_path, data)
    assert "secrets[2].name = 'wandb-api-key': the same name as secrets[1].name. Each secret needs its own name." in line


def test_secret_name_invalid(tmp_path):
    data = example_data()
    data["secrets"][0]["name"] = "WANDB_API_KEY"
    line = single_line(tmp_path, data)
    assert "secrets[0].name = 'WANDB_API_KEY': invalid name: use lowercase letters, digits and hyphens" in line


def test_secret_value_setting_rejected(tmp_path):
    data = example_data()
    data["secrets"][0]["value"] = "hunter2"
    lines = run_invalid(tmp_path, data)
    assert any("secrets[0].value: unknown setting. Allowed here: labels, name, replica_locations." in line for line in lines)
    assert not any("hunter2" in line for line in lines)


def test_secret_duplicate_replica(tmp_path):
    data = example_data()
    data["secrets"][0]["replica_locations"] = ["europe-west1", "europe-west1"]
    line = single_line(tmp_path, data)
    assert "secrets[0].replica_locations = ['europe-west1', 'europe-west1']: lists europe-west1 more than once." in line


@pytest.mark.parametrize("duration", ["14 days", "14", "2w", "-5d", "1.5d", 14])
def test_duration_bad_format(tmp_path, duration):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"][1]["older_than"] = duration
    line = single_line(tmp_path, data)
    assert f"artifact_registry.cleanup_policies[1].older_than = {duration!r}: invalid duration: write a whole number followed by s, m, h or d" in line


def test_duration_zero(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"][1]["older_than"] = "0d"
    line = single_line(tmp_path, data)
    assert "artifact_registry.cleanup_policies[1].older_than = '0d': Input should be greater than 0" in line


@pytest.mark.parametrize("retention", ["3d", "91d", "1s"])
def test_soft_delete_out_of_range(tmp_path, retention):
    data = example_data()
    data["data_bucket"]["soft_delete_retention"] = retention
    line = single_line(tmp_path, data)
    assert f"data_bucket.soft_delete_retention = {retention!r}: invalid soft delete retention: use 7d to 90d, or 0s" in line


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ab", "invalid bucket name: 2 characters, 3 to 63 are allowed."),
        ("b" * 64, "invalid bucket name: 64 characters, 3 to 63 are allowed."),
        ("Training-Data", "invalid bucket name: use lowercase letters, digits, hyphens and underscores"),
        ("-training-data", "invalid bucket name: use lowercase letters, digits, hyphens and underscores"),
        ("data.example.com", "invalid bucket name: dots are not supported"),
        ("goog-training", "invalid bucket name: Cloud Storage reserves names that start with 'goog'."),
        ("team-google-data", "invalid bucket name: Cloud Storage rejects names that contain 'google'"),
        ("team-g00gle-data", "invalid bucket name: Cloud Storage rejects names that contain 'google'"),
    ],
)
def test_invalid_bucket_name(tmp_path, name, message):
    data = example_data()
    data["data_bucket"]["name"] = name
    line = single_line(tmp_path, data)
    assert f"data_bucket.name = {name!r}: {message}" in line


def test_generated_bucket_name_reserved(tmp_path):
    data = example_data()
    data["project_id"] = "goog-ml-project"
    line = single_line(tmp_path, data)
    assert ": data_bucket.name: invalid bucket name: Cloud Storage reserves names that start with 'goog'." in line
    assert "Set data_bucket.name, because the generated name 'goog-ml-project-oasis-data' is reserved." in line


def test_generated_bucket_name_too_long(tmp_path):
    data = example_data()
    data["project_id"] = "a-rather-long-ml-project-id-x"
    data["name_prefix"] = "team-with-a-rather-long-names"
    lines = run_invalid(tmp_path, data)
    bucket_lines = [line for line in lines if ": data_bucket.name = " in line]
    assert len(bucket_lines) == 1, lines
    assert "'a-rather-long-ml-project-id-x-team-with-a-rather-long-names-data' has 64 characters" in bucket_lines[0]
    assert "at most 63 are allowed. Set data_bucket.name to a shorter name, or shorten name_prefix." in bucket_lines[0]


def test_hierarchical_namespace_with_versioning(tmp_path):
    data = example_data()
    data["data_bucket"]["hierarchical_namespace"] = True
    line = single_line(tmp_path, data)
    assert "data_bucket.versioning = True: buckets with hierarchical namespace do not support object versioning." in line


def test_workload_access_invalid(tmp_path):
    data = example_data()
    data["data_bucket"]["workload_access"] = "write"
    line = single_line(tmp_path, data)
    assert "data_bucket.workload_access = 'write': Input should be 'read-write' or 'read-only'." in line


def test_dry_run_required(tmp_path):
    data = example_data()
    del data["artifact_registry"]["cleanup_policy_dry_run"]
    line = single_line(tmp_path, data)
    assert "artifact_registry.cleanup_policy_dry_run: required setting is missing. Add it." in line


def test_keep_count_on_delete_policy(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"][1]["keep_count"] = 5
    line = single_line(tmp_path, data)
    assert "artifact_registry.cleanup_policies[1].keep_count = 5: keep_count only applies to KEEP policies." in line


def test_keep_count_with_condition(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"][0]["older_than"] = "30d"
    line = single_line(tmp_path, data)
    assert "cleanup_policies[0].keep_count = 10: keep_count cannot be combined with older_than in one policy." in line


def test_delete_policy_without_condition(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"][1] = {"id": "delete-all", "action": "DELETE"}
    line = single_line(tmp_path, data)
    assert "cleanup_policies[1].action = 'DELETE': a DELETE policy without a condition deletes every image version." in line


def test_keep_policy_without_condition(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"][0] = {"id": "keep", "action": "KEEP"}
    line = single_line(tmp_path, data)
    assert "cleanup_policies[0].action = 'KEEP': a KEEP policy needs keep_count or a condition." in line


def test_tag_prefixes_on_untagged(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"][1]["tag_prefixes"] = ["dev-"]
    line = single_line(tmp_path, data)
    assert "cleanup_policies[1].tag_prefixes = ['dev-']: untagged versions have no tag to match tag_prefixes." in line


def test_duplicate_policy_ids(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"][1]["id"] = "keep-recent"
    line = single_line(tmp_path, data)
    assert "cleanup_policies[1].id = 'keep-recent': the same id as artifact_registry.cleanup_policies[0]." in line


def test_too_many_policies(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"] = [
        {"id": f"keep-{index}", "action": "KEEP", "keep_count": 1, "package_name_prefixes": [f"p{index}"]} for index in range(11)
    ]
    line = single_line(tmp_path, data)
    assert "artifact_registry.cleanup_policies = " in line
    assert "List should have at most 10 items after validation, not 11." in line


def test_invalid_tag_state(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_policies"][1]["tag_state"] = "untagged"
    line = single_line(tmp_path, data)
    assert "cleanup_policies[1].tag_state = 'untagged': Input should be 'TAGGED', 'UNTAGGED' or 'ANY'." in line


def test_cache_named_like_repository(tmp_path):
    data = example_data()
    data["artifact_registry"]["docker_hub_cache"]["name"] = "training"
    line = single_line(tmp_path, data)
    assert "artifact_registry.docker_hub_cache.name = 'oasis-training': the same name as artifact_registry.name." in line


def test_repository_name_too_long(tmp_path):
    data = example_data()
    data["artifact_registry"]["name"] = "r" * 60
    line = single_line(tmp_path, data)
    assert "artifact_registry.name = 'rrrr" in line
    assert "the generated name 'oasis-rrrr" in line
    assert "characters, but at most 63 are allowed. Shorten name_prefix or artifact_registry.name." in line


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("namespace", "Ray_NS", "invalid Kubernetes namespace"),
        ("namespace", "n" * 64, "invalid Kubernetes namespace"),
        ("service_account", "Ray Worker", "invalid Kubernetes service account name"),
        ("identity_mode", "keys", "Input should be 'principal' or 'impersonation'"),
    ],
)
def test_invalid_workloads(tmp_path, setting, value, message):
    data = example_data()
    data["workloads"][setting] = value
    line = single_line(tmp_path, data)
    assert f"workloads.{setting} = {value!r}: {message}" in line


def test_unknown_registry_setting(tmp_path):
    data = example_data()
    data["artifact_registry"]["cleanup_dry_run"] = True
    lines = run_invalid(tmp_path, data)
    assert any("artifact_registry.cleanup_dry_run: unknown setting. Did you mean 'cleanup_policy_dry_run'?" in line for line in lines)


def test_iam_admin_role_rejected(tmp_path):
    data = example_data()
    data["team_access"][0]["roles"] = ["roles/resourcemanager.projectIamAdmin"]
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert "team_access[0].roles[0] = 'roles/resourcemanager.projectIamAdmin': role rejected: " in lines[0]
    assert "could grant themselves any role" in lines[0]
