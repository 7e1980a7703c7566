"""IAM members and roles that the environment file may name, and the team access grants."""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from oasis.config.types import ConfigModel

# Basic roles are the highly permissive roles that predate IAM
# (https://cloud.google.com/iam/docs/understanding-roles#basic).
BASIC_ROLES = ("roles/owner", "roles/editor", "roles/viewer")
# Roles that can change the project's IAM policy, so a member could grant itself any role, basic ones included.
IAM_ADMIN_ROLES = ("roles/resourcemanager.projectIamAdmin", "roles/iam.securityAdmin")

# Predefined roles are `roles/<service>.<role>`, for example roles/container.developer.
PREDEFINED_ROLE = re.compile(r"^roles/[a-z][a-zA-Z0-9]*\.[a-zA-Z0-9.]*[a-zA-Z0-9]$")

EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
# Every Google service account email ends with this domain, including service agents.
SERVICE_ACCOUNT_DOMAIN = ".gserviceaccount.com"

MEMBER_TYPES = ("user", "group", "serviceAccount", "domain")
PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")


def check_member(value: str) -> str:
    """Accept `user:`, `group:`, `serviceAccount:` and `domain:` members, and reject public or untyped ones."""
    if value in PUBLIC_MEMBERS:
        raise ValueError(f"invalid member: {value} makes the resource public. Name a user:, group: or serviceAccount: member.")

    member_type, separator, identity = value.partition(":")
    if not separator:
        if EMAIL.match(value):
            raise ValueError(
                f"invalid member: the principal type is missing. Write user:{value}, group:{value} "
                f"or serviceAccount:{value}."
            )
        raise ValueError(f"invalid member: write <type>:<identity> with type one of {', '.join(MEMBER_TYPES)}, for example group:ml-team@example.com.")
    if member_type not in MEMBER_TYPES:
        raise ValueError(f"invalid member type {member_type!r}: use one of {', '.join(MEMBER_TYPES)}.")

    if member_type == "domain":
        if not DOMAIN.match(identity):
            raise ValueError("invalid member: write domain:<domain name> in lowercase, for example domain:example.com.")
        return value
    if not EMAIL.match(identity):
        raise ValueError(f"invalid member: {member_type}: must be followed by an email address, for example {member_type}:name@example.com.")
    if member_type == "serviceAccount" and not identity.endswith(SERVICE_ACCOUNT_DOMAIN):
        raise ValueError(
            f"invalid member: service account emails end with {SERVICE_ACCOUNT_DOMAIN}, for example "
            "serviceAccount:ci@my-project.iam.gserviceaccount.com. Use user: or group: for other addresses."
        )
    return value


def check_predefined_role(value: str) -> str:
    """Accept predefined roles such as roles/container.developer, and reject basic or malformed roles."""
    if value in BASIC_ROLES:
        raise ValueError(
            f"basic role rejected: {value} grants access to every resource in the project. "
            "Use a predefined role such as roles/container.developer or roles/artifactregistry.writer."
        )
    if value in IAM_ADMIN_ROLES:
        raise ValueError(
            f"role rejected: {value} can change the project's IAM policy, so its members could grant themselves "
            "any role. Grant it outside Oasis to the few administrators who need it."
        )
    if not PREDEFINED_ROLE.match(value):
        raise ValueError("invalid role: write a predefined role as roles/<service>.<role>, for example roles/container.developer.")
    return value


Member = Annotated[str, AfterValidator(check_member)]
PredefinedRole = Annotated[str, AfterValidator(check_predefined_role)]

# Scope of a team grant: the whole project, the training image repository or the data bucket.
GrantScope = Literal["project", "repository", "bucket"]

# Role prefixes that a grant on one resource can use. A project grant can use any predefined role.
SCOPE_ROLE_PREFIXES = {
    "repository": "roles/artifactregistry.",
    "bucket": "roles/storage.",
}


class TeamGrant(ConfigModel):
    """Predefined roles for one user, group, service account or domain, on one scope."""

    member: Member
    roles: list[PredefinedRole] = Field(min_length=1)
    # project, repository (the training image repository) or bucket (the data bucket). Default: project.
    scope: GrantScope = "project"
