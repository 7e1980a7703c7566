"""Identity settings of the Ray pods: their Kubernetes service account and its Workload Identity mode."""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator

from oasis.config.types import ConfigModel

# Kubernetes namespaces are DNS-1123 labels, and service account names are DNS-1123 subdomains
# (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/).
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
MAX_DNS1123_LABEL = 63
MAX_DNS1123_SUBDOMAIN = 253


def _check_namespace(value: str) -> str:
    if len(value) > MAX_DNS1123_LABEL or not DNS1123_LABEL.match(value):
        raise ValueError(
            f"invalid Kubernetes namespace: use at most {MAX_DNS1123_LABEL} lowercase letters, digits and "
            "hyphens, starting and ending with a letter or digit."
        )
    return value


def _check_service_account_name(value: str) -> str:
    if len(value) > MAX_DNS1123_SUBDOMAIN or not DNS1123_SUBDOMAIN.match(value):
        raise ValueError(
            f"invalid Kubernetes service account name: use at most {MAX_DNS1123_SUBDOMAIN} lowercase letters, "
            "digits, hyphens and dots, starting and ending with a letter or digit."
        )
    return value


KubernetesNamespace = Annotated[str, AfterValidator(_check_namespace)]
KubernetesServiceAccountName = Annotated[str, AfterValidator(_check_service_account_name)]


class Workloads(ConfigModel):
    """The Kubernetes service account that Ray pods run as, and how it reaches Google Cloud."""

    # Default: ray.
    namespace: KubernetesNamespace = "ray"
    # Default: ray.
    service_account: KubernetesServiceAccountName = "ray"
    # principal: grants name the Kubernetes service account directly as a Workload Identity
    # Federation principal. impersonation: grants go to a Google service account
    # `<name_prefix>-workload`, which the Kubernetes service account may impersonate. Annotate the
    # Kubernetes service account with iam.gke.io/gcp-service-account=<its email>. Default: principal.
    identity_mode: Literal["principal", "impersonation"] = "principal"
