"""The IAM member that Ray pods act as, through Workload Identity Federation for GKE."""

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_google.data_google_project import DataGoogleProject
from cdktf_cdktf_provider_google.service_account import ServiceAccount
from cdktf_cdktf_provider_google.service_account_iam_member import ServiceAccountIamMember
from constructs import Construct

from oasis.config import Environment

WORKLOAD_IDENTITY_USER_ROLE = "roles/iam.workloadIdentityUser"


class WorkloadIdentity(Construct):
    """The member to grant roles to, for the Kubernetes service account of the Ray pods.

    In principal mode `member` is the Workload Identity Federation principal of the Kubernetes
    service account, built from the project number that the google_project data source reads. In
    impersonation mode it is a Google service account that the Kubernetes service account may
    impersonate through roles/iam.workloadIdentityUser
    (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity).

    IAM rejects grants to members of the pool `<project>.svc.id.goog` until a cluster with Workload
    Identity Federation exists ("Identity Pool does not exist"), so every grant to `member` must
    depend on `grant_depends_on`: pass the cluster as pool_depends_on.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        environment: Environment,
        depends_on: list[ITerraformDependable] | None = None,
        pool_depends_on: list[ITerraformDependable] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        workloads = environment.workloads
        pool = environment.workload_identity_pool
        self.grant_depends_on = list(pool_depends_on or []) or None

        self.project = DataGoogleProject(self, "project", project_id=environment.project_id, depends_on=depends_on)
        self.principal = (
            f"principal://iam.googleapis.com/projects/{self.project.number}/locations/global/"
            f"workloadIdentityPools/{pool}/subject/ns/{workloads.namespace}/sa/{workloads.service_account}"
        )
        self.kubernetes_member = f"serviceAccount:{pool}[{workloads.namespace}/{workloads.service_account}]"

        self.service_account: ServiceAccount | None = None
        self.member = self.principal
        if workloads.identity_mode == "impersonation":
            self.service_account = ServiceAccount(
                self,
                "account",
                project=environment.project_id,
                account_id=environment.workload_service_account_id,
                display_name=f"Ray workloads of {environment.name_prefix}",
                depends_on=depends_on,
            )
            # Additive grant on this one service account: it keeps every grant made outside Oasis.
            ServiceAccountIamMember(
                self,
                "workload-identity-user",
                service_account_id=self.service_account.name,
                role=WORKLOAD_IDENTITY_USER_ROLE,
                member=self.kubernetes_member,
                depends_on=self.grant_depends_on,
            )
            self.member = f"serviceAccount:{self.service_account.email}"
