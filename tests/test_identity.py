"""Project services and the node service account."""

from conftest import address, resource, resources
from oasis.constructs.identity import NODE_ROLES
from oasis.constructs.project_services import REQUIRED_SERVICES


def test_services_enabled_and_kept(infra):
    services = resources(infra, "google_project_service")
    assert sorted(body["service"] for body in services.values()) == sorted(REQUIRED_SERVICES)
    for body in services.values():
        assert body["disable_on_destroy"] is False
        assert body["project"] == "example-ml-project"


def test_node_service_account(infra):
    account = resource(infra, "google_service_account", "node-identity/account")
    assert account["account_id"] == "oasis-gke-nodes"
    assert account["depends_on"] == [address(infra, "google_project_service", "services/iam")]


def test_node_roles_additive(infra):
    members = resources(infra, "google_project_iam_member")
    node_member = "serviceAccount:${" + address(infra, "google_service_account", "node-identity/account") + ".email}"
    granted = sorted(body["role"] for body in members.values() if body["member"] == node_member)
    assert granted == sorted(NODE_ROLES)
    assert "google_project_iam_binding" not in infra["resource"]
    assert "google_project_iam_policy" not in infra["resource"]
