"""The infra stack: project services, networks, identity and (in later modules) GKE."""

from cdktf import GcsBackend, LocalBackend, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_google.provider import GoogleProvider
from constructs import Construct

from oasis.config import Environment
from oasis.constructs.artifact_registry import ArtifactRegistry
from oasis.constructs.cluster import GkeCluster
from oasis.constructs.identity import NodeServiceAccount
from oasis.constructs.network import Networks
from oasis.constructs.node_pools import GpuPool, SystemPool
from oasis.constructs.project_services import ProjectServices
from oasis.constructs.secrets import Secrets
from oasis.constructs.storage import DataBucket
from oasis.constructs.team_access import TeamAccess
from oasis.constructs.workload_identity import WorkloadIdentity


class InfraStack(TerraformStack):
    """Google Cloud resources of one environment, in the stack `<environment>-infra`."""

    def __init__(self, scope: Construct, environment: Environment) -> None:
        super().__init__(scope, environment.infra_stack_name)
        self.environment = environment

        self._configure_state(environment)
        provider = GoogleProvider(
            self,
            "google",
            project=environment.project_id,
            region=environment.region,
            zone=environment.zone,
        )
        # cdktf 0.21.0 rewrites the keys of provider map attributes to snake_case (managed-by would
        # become managed_by), so the labels go in through an override, which is written as is.
        provider.add_override("default_labels", dict(environment.labels))

        self.services = ProjectServices(self, "services", environment)
        self.networks = Networks(
            self,
            "network",
            environment,
            depends_on=[self.services.service("compute.googleapis.com")],
        )
        self.node_identity = NodeServiceAccount(
            self,
            "node-identity",
            environment,
            depends_on=[self.services.service("iam.googleapis.com")],
        )

        self._add_network_outputs()

        self.cluster = GkeCluster(
            self,
            "cluster",
            environment,
            self.networks,
            self.node_identity,
            depends_on=[self.services.service("container.googleapis.com")],
        )
        self.system_pool = SystemPool(self, "system-pool", environment, self.cluster, self.node_identity)
        # Construct ids use the pool name, so reordering the list does not replace pools.
        self.gpu_pools = [
            GpuPool(self, f"gpu-pool-{pool.name}", environment, pool, self.cluster, self.networks, self.node_identity)
            for pool in environment.gpu_node_pools
        ]
        self._add_cluster_outputs(environment)

        # Registry, workload identity, secrets, data bucket and team access.
        self.workload_identity = WorkloadIdentity(
            self,
            "workload-identity",
            environment,
            depends_on=[self.services.service("cloudresourcemanager.googleapis.com"), self.services.service("iam.googleapis.com")],
            # IAM rejects grants to the pool <project>.svc.id.goog until a cluster with Workload
            # Identity Federation exists, so the grants wait for the cluster.
            pool_depends_on=[self.cluster.cluster],
        )
        self.registry = ArtifactRegistry(
            self,
            "registry",
            environment,
            reader_members=[self.node_identity.member],
            depends_on=[self.services.service("artifactregistry.googleapis.com")],
        )
        self.secrets = Secrets(
            self,
            "secrets",
            environment,
            self.workload_identity,
            depends_on=[self.services.service("secretmanager.googleapis.com")],
        )
        self.data_bucket = DataBucket(
            self,
            "data-bucket",
            environment,
            self.workload_identity,
            depends_on=[self.services.service("storage.googleapis.com")],
        )
        self.team_access = TeamAccess(
            self,
            "team-access",
            environment,
            repository=self.registry.repository,
            bucket=self.data_bucket.bucket,
            depends_on=[self.services.service("cloudresourcemanager.googleapis.com")],
        )
        self._add_workload_outputs()

    def _configure_state(self, environment: Environment) -> None:
        backend = environment.state_backend
        if backend is None:
            # Terraform runs in <outdir>/stacks/<stack>, and every synth replaces <outdir>, so the
            # state file lives next to <outdir> instead: ../../../ leads there.
            LocalBackend(self, path=f"../../../terraform.{environment.infra_stack_name}.tfstate")
            return
        GcsBackend(self, bucket=backend.bucket, prefix=f"{backend.prefix}/{environment.infra_stack_name}")

    def _add_network_outputs(self) -> None:
        networks = self.networks
        outputs = {
            "primary_network_name": (networks.primary_network.name, "Name of the primary VPC (GKE nodes' first NIC)."),
            "primary_subnet_name": (networks.primary_subnet.name, "Name of the primary subnet with the pod and service ranges."),
            "gvnic_network_name": (networks.gvnic_network.name, "Name of the VPC of the nodes' second gVNIC NIC."),
            "gvnic_subnet_name": (networks.gvnic_subnet.name, "Name of the gVNIC VPC's subnet."),
            "rdma_network_name": (networks.rdma_network.name, "Name of the RDMA VPC with the zone's RoCE network profile."),
            "rdma_subnet_names": (
                [subnet.name for subnet in networks.rdma_subnets],
                "Names of the eight RDMA subnets, in GPU NIC order.",
            ),
            "node_service_account_email": (self.node_identity.email, "Service account of every GKE node pool."),
        }
        for output_id, (value, description) in outputs.items():
            TerraformOutput(self, output_id, value=value, description=description)

    def _add_cluster_outputs(self, environment: Environment) -> None:
        TerraformOutput(self, "cluster_name", value=self.cluster.name, description="Name of the GKE cluster.")
        TerraformOutput(
            self,
            "cluster_location",
            value=self.cluster.location,
            description="Region or zone of the GKE control plane.",
        )
        # NOTE: whether google 6.50.0 marks `endpoint` sensitive was not checked. A sensitive output works
        # in both cases, but a plain one would fail the plan if the attribute were sensitive.
        TerraformOutput(
            self,
            "cluster_endpoint",
            value=self.cluster.endpoint,
            description="Public IP address of the GKE control plane endpoint.",
            sensitive=True,
        )
        TerraformOutput(
            self,
            "get_credentials_command",
            value=(
                f"gcloud container clusters get-credentials {environment.cluster_name} "
                f"--location {environment.cluster_location} --project {environment.project_id}"
            ),
            description="Command that writes a kubeconfig entry for the cluster.",
        )

    def _add_workload_outputs(self) -> None:
        identity = self.workload_identity
        outputs = {
            "repository_url": (self.registry.url, "Docker repository of training images: docker push <url>/<image>:<tag>."),
            "data_bucket_name": (self.data_bucket.bucket.name, "Bucket of training data and checkpoints."),
            "secret_ids": (
                [secret.secret_id for secret in self.secrets.secrets.values()],
                "Secret Manager secret ids. Add values with gcloud secrets versions add.",
            ),
            "workload_identity_member": (
                identity.member,
                "IAM member that holds the Ray pods' grants: the principal, or the Google service account in impersonation mode.",
            ),
            "workload_identity_principal": (
                identity.principal,
                "Workload Identity Federation principal of the Ray pods' Kubernetes service account.",
            ),
        }
        if self.registry.docker_hub_cache_url:
            outputs["docker_hub_cache_url"] = (
                self.registry.docker_hub_cache_url,
                "Docker Hub cache: pull <url>/<image> for docker.io/<image>, e.g. <url>/rayproject/ray.",
            )
        if identity.service_account is not None:
            outputs["workload_service_account_email"] = (
                identity.service_account.email,
                "Annotate the Ray pods' Kubernetes service account with iam.gke.io/gcp-service-account=<email>.",
            )
        for output_id, (value, description) in outputs.items():
            TerraformOutput(self, output_id, value=value, description=description)
