"""The data bucket for training data and checkpoints, which Ray pods mount with GCS Fuse."""

from cdktf import ITerraformDependable, TerraformResourceLifecycle
from cdktf_cdktf_provider_google.storage_bucket import (
    StorageBucket,
    StorageBucketHierarchicalNamespace,
    StorageBucketSoftDeletePolicy,
    StorageBucketVersioning,
)
from cdktf_cdktf_provider_google.storage_bucket_iam_member import StorageBucketIamMember
from constructs import Construct

from oasis.config import Environment
from oasis.constructs.workload_identity import WorkloadIdentity

WORKLOAD_ROLES = {
    "read-write": "roles/storage.objectUser",
    "read-only": "roles/storage.objectViewer",
}


class DataBucket(Construct):
    """A regional bucket that Terraform never deletes, with the workload identity's role on it.

    Uniform bucket-level access turns object ACLs off, so IAM alone controls access, and public
    access prevention is enforced. Terraform refuses to plan the bucket's destruction
    (prevent_destroy), and force_destroy is false, so even without that lifecycle setting Terraform
    cannot delete the bucket while it contains objects.
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
        config = environment.data_bucket

        self.bucket = StorageBucket(
            self,
            "bucket",
            project=environment.project_id,
            name=environment.data_bucket_name,
            location=environment.region.upper(),
            storage_class="STANDARD",
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            force_destroy=False,
            versioning=StorageBucketVersioning(enabled=config.versioning),
            soft_delete_policy=StorageBucketSoftDeletePolicy(retention_duration_seconds=config.soft_delete_retention),
            # Left out when off, as in buckets created without it.
            hierarchical_namespace=StorageBucketHierarchicalNamespace(enabled=True) if config.hierarchical_namespace else None,
            labels=dict(config.labels) or None,
            lifecycle=TerraformResourceLifecycle(prevent_destroy=True),
            depends_on=depends_on,
        )

        self.workload_role = WORKLOAD_ROLES[config.workload_access]
        # Additive grant on this bucket only.
        StorageBucketIamMember(
            self,
            "workload",
            bucket=self.bucket.name,
            role=self.workload_role,
            member=workload.member,
            depends_on=workload.grant_depends_on,
        )
