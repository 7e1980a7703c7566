"""Google Cloud APIs that the stacks use, enabled on the project."""

from cdktf_cdktf_provider_google.project_service import ProjectService
from constructs import Construct

from oasis.config import Environment

# Every API that a resource of the infra stack calls, in a stable order (the order sets construct ids).
REQUIRED_SERVICES = (
    "compute.googleapis.com",
    "container.googleapis.com",
    "artifactregistry.googleapis.com",
    "secretmanager.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "storage.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "serviceusage.googleapis.com",
)


class ProjectServices(Construct):
    """One google_project_service per API in REQUIRED_SERVICES.

    disable_on_destroy is false because other workloads in the project may use the same APIs.
    """

    def __init__(self, scope: Construct, construct_id: str, environment: Environment) -> None:
        super().__init__(scope, construct_id)
        self._services: dict[str, ProjectService] = {}
        for service in REQUIRED_SERVICES:
            self._services[service] = ProjectService(
                self,
                service.split(".")[0],
                project=environment.project_id,
                service=service,
                disable_on_destroy=False,
            )

    def service(self, name: str) -> ProjectService:
        """Return the resource that enables `name`, for use in depends_on."""
        return self._services[name]
