"""The Docker repository of training images and the optional Docker Hub cache."""

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_google.artifact_registry_repository import (
    ArtifactRegistryRepository,
    ArtifactRegistryRepositoryCleanupPolicies,
    ArtifactRegistryRepositoryCleanupPoliciesCondition,
    ArtifactRegistryRepositoryCleanupPoliciesMostRecentVersions,
    ArtifactRegistryRepositoryRemoteRepositoryConfig,
    ArtifactRegistryRepositoryRemoteRepositoryConfigDockerRepository,
)
from cdktf_cdktf_provider_google.artifact_registry_repository_iam_member import ArtifactRegistryRepositoryIamMember
from constructs import Construct

from oasis.config import Environment
from oasis.config.durations import format_seconds
from oasis.config.registry import CleanupPolicy

READER_ROLE = "roles/artifactregistry.reader"


class ArtifactRegistry(Construct):
    """A standard Docker repository with the configured cleanup policies, the Docker Hub cache if
    configured, and roles/artifactregistry.reader for `reader_members` on each repository.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        environment: Environment,
        reader_members: list[str],
        depends_on: list[ITerraformDependable] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        config = environment.artifact_registry

        self.repository = ArtifactRegistryRepository(
            self,
            "repository",
            project=environment.project_id,
            location=environment.region,
            repository_id=environment.repository_id,
            format="DOCKER",
            mode="STANDARD_REPOSITORY",
            description="Training images.",
            # Written even when false, so that the plan always shows whether cleanup deletes images.
            cleanup_policy_dry_run=config.cleanup_policy_dry_run,
            cleanup_policies=[_cleanup_policy(policy) for policy in config.cleanup_policies],
            depends_on=depends_on,
        )
        self.url = _docker_url(environment, self.repository)
        self._grant_readers("repository-reader", self.repository, reader_members)

        self.docker_hub_cache: ArtifactRegistryRepository | None = None
        self.docker_hub_cache_url: str | None = None
        if environment.docker_hub_cache_id:
            self.docker_hub_cache = ArtifactRegistryRepository(
                self,
                "docker-hub-cache",
                project=environment.project_id,
                location=environment.region,
                repository_id=environment.docker_hub_cache_id,
                format="DOCKER",
                mode="REMOTE_REPOSITORY",
                description="Cache of images pulled from Docker Hub.",
                remote_repository_config=ArtifactRegistryRepositoryRemoteRepositoryConfig(
                    description="Docker Hub",
                    docker_repository=ArtifactRegistryRepositoryRemoteRepositoryConfigDockerRepository(
                        public_repository="DOCKER_HUB",
                    ),
                ),
                depends_on=depends_on,
            )
            self.docker_hub_cache_url = _docker_url(environment, self.docker_hub_cache)
            self._grant_readers("docker-hub-cache-reader", self.docker_hub_cache, reader_members)

    def _grant_readers(self, construct_id: str, repository: ArtifactRegistryRepository, members: list[str]) -> None:
        # Additive grants on the repository only, never on the project.
        for index, member in enumerate(members):
            ArtifactRegistryRepositoryIamMember(
                self,
                f"{construct_id}-{index}",
                project=repository.project,
                location=repository.location,
                repository=repository.name,
                role=READER_ROLE,
                member=member,
            )


def _docker_url(environment: Environment, repository: ArtifactRegistryRepository) -> str:
    # Docker repositories are addressed as LOCATION-docker.pkg.dev/PROJECT-ID/REPOSITORY
    # (https://cloud.google.com/artifact-registry/docs/docker/names).
    return f"{environment.region}-docker.pkg.dev/{environment.project_id}/{repository.repository_id}"


def _cleanup_policy(policy: CleanupPolicy) -> ArtifactRegistryRepositoryCleanupPolicies:
    if policy.keep_count is not None:
        return ArtifactRegistryRepositoryCleanupPolicies(
            id=policy.id,
            action=policy.action,
            most_recent_versions=ArtifactRegistryRepositoryCleanupPoliciesMostRecentVersions(
                keep_count=policy.keep_count,
                package_name_prefixes=policy.package_name_prefixes or None,
            ),
        )

    # The API returns durations in seconds, so any other unit would show as a change in every plan.
    return ArtifactRegistryRepositoryCleanupPolicies(
        id=policy.id,
        action=policy.action,
        condition=ArtifactRegistryRepositoryCleanupPoliciesCondition(
            tag_state=policy.tag_state,
            tag_prefixes=policy.tag_prefixes or None,
            package_name_prefixes=policy.package_name_prefixes or None,
            older_than=format_seconds(policy.older_than) if policy.older_than else None,
            newer_than=format_seconds(policy.newer_than) if policy.newer_than else None,
        ),
    )
