"""Predefined roles for the team members and groups listed in the environment file."""

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_google.artifact_registry_repository import ArtifactRegistryRepository
from cdktf_cdktf_provider_google.artifact_registry_repository_iam_member import ArtifactRegistryRepositoryIamMember
from cdktf_cdktf_provider_google.project_iam_member import ProjectIamMember
from cdktf_cdktf_provider_google.storage_bucket import StorageBucket
from cdktf_cdktf_provider_google.storage_bucket_iam_member import StorageBucketIamMember
from constructs import Construct

from oasis.config import Environment


class TeamAccess(Construct):
    """One additive *_iam_member grant per member, role and scope in team_access.

    Construct ids are `<scope> <member> <role without roles/>`, so that reordering team_access
    never replaces a grant, and two different grants never share an id.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        environment: Environment,
        repository: ArtifactRegistryRepository,
        bucket: StorageBucket,
        depends_on: list[ITerraformDependable] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        for grant in environment.team_access:
            for role in grant.roles:
                # Construct ids cannot contain "/", and every role starts with roles/.
                grant_id = f"{grant.scope} {grant.member} {role.removeprefix('roles/')}"
                if grant.scope == "repository":
                    ArtifactRegistryRepositoryIamMember(
                        self,
                        grant_id,
                        project=repository.project,
                        location=repository.location,
                        repository=repository.name,
                        role=role,
                        member=grant.member,
                    )
                elif grant.scope == "bucket":
                    StorageBucketIamMember(self, grant_id, bucket=bucket.name, role=role, member=grant.member)
                else:
                    ProjectIamMember(
                        self,
                        grant_id,
                        project=environment.project_id,
                        role=role,
                        member=grant.member,
                        depends_on=depends_on,
                    )

