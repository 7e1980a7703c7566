"""Secret Manager secrets without versions, readable by the workload identity."""

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_google.secret_manager_secret import (
    SecretManagerSecret,
    SecretManagerSecretReplication,
    SecretManagerSecretReplicationAuto,
    SecretManagerSecretReplicationUserManaged,
    SecretManagerSecretReplicationUserManagedReplicas,
)
from cdktf_cdktf_provider_google.secret_manager_secret_iam_member import SecretManagerSecretIamMember
from constructs import Construct

from oasis.config import Environment
from oasis.config.secrets import Secret
from oasis.constructs.workload_identity import WorkloadIdentity

ACCESSOR_ROLE = "roles/secretmanager.secretAccessor"


class Secrets(Construct):
    """One google_secret_manager_secret per configured secret, and secretAccessor on each for the
    workload identity.

    Oasis never creates a secret version, because Terraform would store its value in plain text in
    the state. Operators add versions with `gcloud secrets versions add`.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        environment: Environment,
        workload: WorkloadIdentity,
        depends_on: list[ITerraformDependable] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.secrets: dict[str, SecretManagerSecret] = {}
        for secret in environment.secrets:
            resource = SecretManagerSecret(
                self,
                secret.name,
                project=environment.project_id,
                secret_id=environment.secret_id(secret),
                replication=_replication(secret),
                labels=dict(secret.labels) or None,
                depends_on=depends_on,
            )
            # Additive grant on this secret only.
            SecretManagerSecretIamMember(
                self,
                f"{secret.name}-accessor",
                project=resource.project,
                secret_id=resource.secret_id,
                role=ACCESSOR_ROLE,
                member=workload.member,
                depends_on=workload.grant_depends_on,
            )
            self.secrets[secret.name] = resource


def _replication(secret: Secret) -> SecretManagerSecretReplication:
    if not secret.replica_locations:
        return SecretManagerSecretReplication(auto=SecretManagerSecretReplicationAuto())
    replicas = [SecretManagerSecretReplicationUserManagedReplicas(location=location) for location in secret.replica_locations]
    return SecretManagerSecretReplication(user_managed=SecretManagerSecretReplicationUserManaged(replicas=replicas))
