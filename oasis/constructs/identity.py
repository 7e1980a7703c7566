"""Service account of the GKE nodes and its project roles."""

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_google.project_iam_member import ProjectIamMember
from cdktf_cdktf_provider_google.service_account import ServiceAccount
from constructs import Construct

from oasis.config import Environment

# The minimum roles of a node service account
# (https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa).
NODE_ROLES = (
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
)


class NodeServiceAccount(Construct):
    """A dedicated service account for every node pool, in place of the Compute Engine default one."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        environment: Environment,
        depends_on: list[ITerraformDependable] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.account = ServiceAccount(
            self,
            "account",
            project=environment.project_id,
            account_id=environment.node_service_account_id,
            display_name=f"GKE nodes of {environment.name_prefix}",
            depends_on=depends_on,
        )
        self.member = f"serviceAccount:{self.account.email}"

        # Additive grants: *_iam_member keeps every grant that was made outside Oasis.
        for role in NODE_ROLES:
            ProjectIamMember(
                self,
                role.removeprefix("roles/").replace(".", "-"),
                project=environment.project_id,
                role=role,
                member=self.member,
            )

    @property
    def email(self) -> str:
        return self.account.email
