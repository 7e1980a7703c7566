"""Registry, workload identity, team access, secrets and data bucket of the example environment."""

import json

from conftest import address, reference, resource, resources
from oasis.config.iam import BASIC_ROLES

PROJECT = "example-ml-project"
PRINCIPAL = (
    "principal://iam.googleapis.com/projects/${data.google_project.%s.number}/locations/global/"
    "workloadIdentityPools/example-ml-project.svc.id.goog/subject/ns/ray/sa/ray"
)


def workload_principal(infra):
    (logical_id,) = infra["data"]["google_project"]
    return PRINCIPAL % logical_id


def service_dependency(infra, name):
    return address(infra, "google_project_service", f"services/{name}")


def all_iam_members(infra):
    found = []
    for resource_type, bodies in infra["resource"].items():
        if resource_type.endswith("_iam_member"):
            found.extend((resource_type, body) for body in bodies.values())
    return found


def test_no_basic_roles_anywhere(infra):
    text = json.dumps(infra)
    for role in BASIC_ROLES:
        assert f'"{role}"' not in text


def test_only_additive_iam_resources(infra):
    for resource_type in infra["resource"]:
        assert not resource_type.endswith("_iam_binding"), resource_type
        assert not resource_type.endswith("_iam_policy"), resource_type
    assert "google_iam_policy" not in infra.get("data", {})


def test_no_secret_versions_or_values(infra):
    assert "google_secret_manager_secret_version" not in infra["resource"]
    assert "google_secret_manager_secret_version" not in infra.get("data", {})
    assert "secret_data" not in json.dumps(infra)


def test_project_number_from_data_source(infra):
    project = infra["data"]["google_project"]
    (body,) = project.values()
    assert body["project_id"] == PROJECT
    assert service_dependency(infra, "cloudresourcemanager") in body["depends_on"]


def test_principal_format(infra):
    principal = workload_principal(infra)
    assert infra["output"]["workload_identity_principal"]["value"] == principal
    assert infra["output"]["workload_identity_member"]["value"] == principal


def test_repository_settings(infra):
    repository = resource(infra, "google_artifact_registry_repository", "registry/repository")
    assert repository["repository_id"] == "oasis-training"
    assert repository["format"] == "DOCKER"
    assert repository["mode"] == "STANDARD_REPOSITORY"
    assert repository["location"] == "europe-west1"
    assert repository["cleanup_policy_dry_run"] is True
    assert repository["depends_on"] == [service_dependency(infra, "artifactregistry")]


def test_cleanup_policies_in_seconds(infra):
    repository = resource(infra, "google_artifact_registry_repository", "registry/repository")
    assert repository["cleanup_policies"] == [
        {"id": "keep-recent", "action": "KEEP", "most_recent_versions": {"keep_count": 10}},
        {
            "id": "delete-untagged",
            "action": "DELETE",
            "condition": {"tag_state": "UNTAGGED", "older_than": "1209600s"},
        },
    ]


def test_docker_hub_cache(infra):
    cache = resource(infra, "google_artifact_registry_repository", "registry/docker-hub-cache")
    assert cache["repository_id"] == "oasis-docker-hub"
    assert cache["mode"] == "REMOTE_REPOSITORY"
    assert cache["remote_repository_config"]["docker_repository"] == {"public_repository": "DOCKER_HUB"}
    assert cache["depends_on"] == [service_dependency(infra, "artifactregistry")]


def test_node_reads_repositories_only(infra):
    node_member = "serviceAccount:" + reference(infra, "google_service_account", "node-identity/account", "email")
    grants = resources(infra, "google_artifact_registry_repository_iam_member")
    readers = {path: body for path, body in grants.items() if body["member"] == node_member}

    assert sorted(readers) == ["registry/docker-hub-cache-reader-0", "registry/repository-reader-0"]
    repository = reference(infra, "google_artifact_registry_repository", "registry/repository", "name")
    assert readers["registry/repository-reader-0"]["repository"] == repository
    for body in readers.values():
        assert body["role"] == "roles/artifactregistry.reader"

    project_roles = [body["role"] for body in resources(infra, "google_project_iam_member").values() if body["member"] == node_member]
    assert "roles/artifactregistry.reader" not in project_roles


def test_repository_url_output(infra):
    repository_id = reference(infra, "google_artifact_registry_repository", "registry/repository", "repository_id")
    assert infra["output"]["repository_url"]["value"] == f"europe-west1-docker.pkg.dev/{PROJECT}/{repository_id}"


def test_secrets_without_values(infra):
    secrets = resources(infra, "google_secret_manager_secret")
    assert sorted(body["secret_id"] for body in secrets.values()) == ["oasis-conda-channel-token", "oasis-wandb-api-key"]
    for body in secrets.values():
        assert body["replication"] == {"auto": {}}
        assert body["depends_on"] == [service_dependency(infra, "secretmanager")]


def test_secret_accessor_per_secret(infra):
    grants = resources(infra, "google_secret_manager_secret_iam_member")
    assert sorted(grants) == ["secrets/conda-channel-token-accessor", "secrets/wandb-api-key-accessor"]
    grant = grants["secrets/wandb-api-key-accessor"]
    assert grant["role"] == "roles/secretmanager.secretAccessor"
    assert grant["member"] == workload_principal(infra)
    assert grant["secret_id"] == reference(infra, "google_secret_manager_secret", "secrets/wandb-api-key", "secret_id")


def test_secret_ids_output(infra):
    assert infra["output"]["secret_ids"]["value"] == [
        reference(infra, "google_secret_manager_secret", "secrets/conda-channel-token", "secret_id"),
        reference(infra, "google_secret_manager_secret", "secrets/wandb-api-key", "secret_id"),
    ]


def test_bucket_safety_settings(infra):
    bucket = resource(infra, "google_storage_bucket", "data-bucket/bucket")
    assert bucket["name"] == "example-ml-project-oasis-data"
    assert bucket["location"] == "EUROPE-WEST1"
    assert bucket["uniform_bucket_level_access"] is True
    assert bucket["public_access_prevention"] == "enforced"
    assert bucket["force_destroy"] is False
    assert bucket["lifecycle"] == {"prevent_destroy": True}
    assert bucket["depends_on"] == [service_dependency(infra, "storage")]


def test_bucket_versioning_and_soft_delete(infra):
    bucket = resource(infra, "google_storage_bucket", "data-bucket/bucket")
    assert bucket["versioning"] == {"enabled": True}
    assert bucket["soft_delete_policy"] == {"retention_duration_seconds": 604800}
    assert "hierarchical_namespace" not in bucket


def test_bucket_labels_keep_keys(infra):
    bucket = resource(infra, "google_storage_bucket", "data-bucket/bucket")
    assert bucket["labels"] == {"data-class": "training"}


def test_workload_role_on_bucket_only(infra):
    grant = resource(infra, "google_storage_bucket_iam_member", "data-bucket/workload")
    assert grant["role"] == "roles/storage.objectUser"
    assert grant["member"] == workload_principal(infra)
    assert grant["bucket"] == reference(infra, "google_storage_bucket", "data-bucket/bucket", "name")
    project_members = [body["member"] for body in resources(infra, "google_project_iam_member").values()]
    assert workload_principal(infra) not in project_members


def test_bucket_name_output(infra):
    assert infra["output"]["data_bucket_name"]["value"] == reference(infra, "google_storage_bucket", "data-bucket/bucket", "name")


def test_team_access_grants(infra):
    project_grant = resource(
        infra, "google_project_iam_member", "team-access/project group:ml-researchers@example.com container.developer"
    )
    assert project_grant["role"] == "roles/container.developer"
    assert project_grant["member"] == "group:ml-researchers@example.com"
    assert project_grant["project"] == PROJECT
    assert project_grant["depends_on"] == [service_dependency(infra, "cloudresourcemanager")]

    repository_grant = resource(
        infra,
        "google_artifact_registry_repository_iam_member",
        "team-access/repository group:ml-platform@example.com artifactregistry.writer",
    )
    assert repository_grant["role"] == "roles/artifactregistry.writer"
    assert repository_grant["repository"] == reference(infra, "google_artifact_registry_repository", "registry/repository", "name")


def test_every_iam_member_is_typed(infra):
    prefixes = ("user:", "group:", "serviceAccount:", "domain:", "principal://")
    for resource_type, body in all_iam_members(infra):
        assert body["member"].startswith(prefixes), (resource_type, body["member"])


def test_principal_grants_wait_for_cluster(infra):
    # The pool <project>.svc.id.goog exists only once a cluster with Workload Identity does.
    cluster = address(infra, "google_container_cluster", "cluster/cluster")
    principal_grants = [body for _, body in all_iam_members(infra) if body["member"].startswith("principal://")]
    assert len(principal_grants) == 3
    for body in principal_grants:
        assert body["depends_on"] == [cluster]
