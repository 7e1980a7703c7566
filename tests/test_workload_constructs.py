"""Registry, identity, secret and bucket constructs with settings the example environment does not use."""

import json
import tempfile
from pathlib import Path

from cdktf import App, TerraformStack
from cdktf_cdktf_provider_google.project_service import ProjectService

from conftest import address, example_data, reference, resource, resources
from oasis.config.models import Environment
from oasis.constructs.secrets import Secrets
from oasis.constructs.storage import DataBucket
from oasis.constructs.workload_identity import WorkloadIdentity
from oasis.stacks.infra import InfraStack


def synth_stack(build) -> dict:
    """Synthesize the stack that `build(app)` creates, keeping the construct paths that the helpers read.

    cdktf.Testing.synth drops the `//` metadata with the construct paths, so a real App synthesizes.
    """
    with tempfile.TemporaryDirectory() as outdir:
        app = App(outdir=outdir, skip_validation=True)
        stack = build(app)
        app.synth()
        return json.loads((Path(outdir) / "stacks" / stack.node.id / "cdk.tf.json").read_text())


def synth_infra(data: dict) -> dict:
    environment = Environment.model_validate({**data, "name": "unit"})
    return synth_stack(lambda app: InfraStack(app, environment))


def test_impersonation_mode():
    data = example_data()
    data["workloads"] = {"namespace": "training", "service_account": "ray-head", "identity_mode": "impersonation"}
    stack = synth_infra(data)

    account = resource(stack, "google_service_account", "workload-identity/account")
    assert account["account_id"] == "oasis-workload"
    assert account["depends_on"] == [
        address(stack, "google_project_service", "services/cloudresourcemanager"),
        address(stack, "google_project_service", "services/iam"),
    ]

    user = resource(stack, "google_service_account_iam_member", "workload-identity/workload-identity-user")
    assert user["role"] == "roles/iam.workloadIdentityUser"
    assert user["member"] == "serviceAccount:example-ml-project.svc.id.goog[training/ray-head]"
    assert user["service_account_id"] == reference(stack, "google_service_account", "workload-identity/account", "name")

    member = "serviceAccount:" + reference(stack, "google_service_account", "workload-identity/account", "email")
    assert resource(stack, "google_storage_bucket_iam_member", "data-bucket/workload")["member"] == member
    for grant in resources(stack, "google_secret_manager_secret_iam_member").values():
        assert grant["member"] == member
    assert stack["output"]["workload_identity_member"]["value"] == member
    assert stack["output"]["workload_service_account_email"]["value"] == reference(
        stack, "google_service_account", "workload-identity/account", "email"
    )


def test_principal_mode_has_no_service_account():
    stack = synth_infra(example_data())
    assert "workload-identity/account" not in resources(stack, "google_service_account")
    assert "google_service_account_iam_member" not in stack["resource"]
    assert "workload_service_account_email" not in stack["output"]


def test_principal_uses_namespace_and_account():
    data = example_data()
    data["workloads"] = {"namespace": "team-a", "service_account": "trainer"}
    stack = synth_infra(data)
    member = resource(stack, "google_storage_bucket_iam_member", "data-bucket/workload")["member"]
    assert member.endswith("/workloadIdentityPools/example-ml-project.svc.id.goog/subject/ns/team-a/sa/trainer")


def test_bucket_options():
    data = example_data()
    data["data_bucket"] = {
        "name": "team-a_training-data",
        "versioning": False,
        "soft_delete_retention": "0s",
        "hierarchical_namespace": True,
        "workload_access": "read-only",
    }
    stack = synth_infra(data)

    bucket = resource(stack, "google_storage_bucket", "data-bucket/bucket")
    assert bucket["name"] == "team-a_training-data"
    assert bucket["versioning"] == {"enabled": False}
    assert bucket["soft_delete_policy"] == {"retention_duration_seconds": 0}
    assert bucket["hierarchical_namespace"] == {"enabled": True}
    assert bucket["uniform_bucket_level_access"] is True
    assert "labels" not in bucket
    grant = resource(stack, "google_storage_bucket_iam_member", "data-bucket/workload")
    assert grant["role"] == "roles/storage.objectViewer"


def test_secret_replicas_and_labels():
    data = example_data()
    data["secrets"] = [
        {"name": "hf-token", "replica_locations": ["europe-west1", "europe-west4"], "labels": {"cost-center": "ml-platform"}},
    ]
    stack = synth_infra(data)
    secret = resource(stack, "google_secret_manager_secret", "secrets/hf-token")
    assert secret["secret_id"] == "oasis-hf-token"
    assert secret["replication"] == {
        "user_managed": {"replicas": [{"location": "europe-west1"}, {"location": "europe-west4"}]}
    }
    assert secret["labels"] == {"cost-center": "ml-platform"}


def test_no_secrets():
    data = example_data()
    data["secrets"] = []
    stack = synth_infra(data)
    assert "google_secret_manager_secret" not in stack["resource"]
    assert stack["output"]["secret_ids"]["value"] == []


def test_registry_without_cache_or_policies():
    data = example_data()
    data["artifact_registry"] = {"name": "images", "cleanup_policy_dry_run": False}
    stack = synth_infra(data)

    (repository,) = resources(stack, "google_artifact_registry_repository").values()
    assert repository["repository_id"] == "oasis-images"
    # False is written, not left to the provider default.
    assert repository["cleanup_policy_dry_run"] is False
    assert not repository.get("cleanup_policies")
    assert "docker_hub_cache_url" not in stack["output"]
    assert sorted(resources(stack, "google_artifact_registry_repository_iam_member")) == [
        "registry/repository-reader-0",
        "team-access/repository group:ml-platform@example.com artifactregistry.writer",
    ]


def test_cleanup_policy_prefixes():
    data = example_data()
    data["artifact_registry"]["cleanup_policies"] = [
        {"id": "keep-releases", "action": "KEEP", "tag_state": "TAGGED", "tag_prefixes": ["v", "release-"]},
        {"id": "keep-ray", "action": "KEEP", "keep_count": 3, "package_name_prefixes": ["ray"]},
        {"id": "delete-old-dev", "action": "DELETE", "package_name_prefixes": ["dev-"], "older_than": "36h"},
    ]
    stack = synth_infra(data)
    repository = resource(stack, "google_artifact_registry_repository", "registry/repository")
    assert repository["cleanup_policies"] == [
        {"id": "keep-releases", "action": "KEEP", "condition": {"tag_state": "TAGGED", "tag_prefixes": ["v", "release-"]}},
        {"id": "keep-ray", "action": "KEEP", "most_recent_versions": {"keep_count": 3, "package_name_prefixes": ["ray"]}},
        {
            "id": "delete-old-dev",
            "action": "DELETE",
            "condition": {"tag_state": "ANY", "package_name_prefixes": ["dev-"], "older_than": "129600s"},
        },
    ]


def test_team_access_scopes():
    data = example_data()
    data["team_access"] = [
        {"member": "user:alice@example.com", "roles": ["roles/storage.objectAdmin", "roles/storage.bucketViewer"], "scope": "bucket"},
        {"member": "serviceAccount:ci@example-ml-project.iam.gserviceaccount.com", "roles": ["roles/artifactregistry.writer"], "scope": "repository"},
        {"member": "domain:example.com", "roles": ["roles/logging.viewer"]},
    ]
    stack = synth_infra(data)

    bucket_grants = resources(stack, "google_storage_bucket_iam_member")
    admin = bucket_grants["team-access/bucket user:alice@example.com storage.objectAdmin"]
    assert admin["role"] == "roles/storage.objectAdmin"
    assert admin["bucket"] == reference(stack, "google_storage_bucket", "data-bucket/bucket", "name")
    assert "team-access/bucket user:alice@example.com storage.bucketViewer" in bucket_grants

    writer = resource(
        stack,
        "google_artifact_registry_repository_iam_member",
        "team-access/repository serviceAccount:ci@example-ml-project.iam.gserviceaccount.com artifactregistry.writer",
    )
    assert writer["member"] == "serviceAccount:ci@example-ml-project.iam.gserviceaccount.com"

    domain = resource(stack, "google_project_iam_member", "team-access/project domain:example.com logging.viewer")
    assert domain["role"] == "roles/logging.viewer"


def test_workload_grants_wait_for_pool():
    environment = Environment.model_validate({**example_data(), "name": "unit"})

    def build(app):
        stack = TerraformStack(app, "unit")
        # A project service takes the place of the cluster that creates the workload identity pool.
        cluster = ProjectService(stack, "cluster", service="container.googleapis.com")
        workload = WorkloadIdentity(stack, "workload-identity", environment, pool_depends_on=[cluster])
        Secrets(stack, "secrets", environment, workload)
        DataBucket(stack, "data-bucket", environment, workload)
        return stack

    synthesized = synth_stack(build)

    cluster_address = address(synthesized, "google_project_service", "cluster")
    assert resource(synthesized, "google_storage_bucket_iam_member", "data-bucket/workload")["depends_on"] == [cluster_address]
    for grant in resources(synthesized, "google_secret_manager_secret_iam_member").values():
        assert grant["depends_on"] == [cluster_address]
    for secret in resources(synthesized, "google_secret_manager_secret").values():
        assert "depends_on" not in secret
