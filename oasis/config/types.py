"""Constrained value types shared by the configuration models.

Each validator raises ValueError with a message that states what is allowed, because the loader
shows that message next to the file, the setting and the value.
"""

import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

# Project ids: 6 to 30 characters, lowercase letters, digits and hyphens, starting with a letter and
# not ending with a hyphen (https://cloud.google.com/resource-manager/docs/creating-managing-projects).
PROJECT_ID = re.compile(r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")
REGION = re.compile(r"^[a-z]+-[a-z]+[0-9]+$")
ZONE = re.compile(r"^([a-z]+-[a-z]+[0-9]+)-[a-z]$")

# Compute Engine resource names follow RFC 1035: a lowercase letter, then lowercase letters, digits
# or hyphens, not ending with a hyphen, at most 63 characters.
RFC1035_NAME = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
MAX_RESOURCE_NAME = 63
# Service account ids are 6 to 30 characters of the same alphabet.
MAX_SERVICE_ACCOUNT_ID = 30

# Label keys and values (https://cloud.google.com/compute/docs/labeling-resources#requirements).
LABEL_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
LABEL_VALUE = re.compile(r"^[a-z0-9_-]{0,63}$")
MAX_LABELS = 64

# The smallest subnet range that Compute Engine accepts is a /29.
MAX_SUBNET_PREFIX = 29


class ConfigModel(BaseModel):
    """Base of every configuration model: unknown settings are errors and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_project_id(value: str) -> str:
    if not PROJECT_ID.match(value):
        raise ValueError(
            "invalid project id: use 6 to 30 lowercase letters, digits or hyphens, starting with a letter "
            "and not ending with a hyphen, for example my-training-project."
        )
    if "google" in value:
        raise ValueError("invalid project id: it must not contain 'google'. Use the id shown by `gcloud projects list`.")
    return value


def _check_region(value: str) -> str:
    if not REGION.match(value):
        raise ValueError("invalid region: use a Google Cloud region name such as us-central1 or europe-west4.")
    return value


def _check_zone(value: str) -> str:
    if not ZONE.match(value):
        raise ValueError("invalid zone: use a Google Cloud zone name such as us-central1-b.")
    return value


def _check_name(value: str) -> str:
    if not RFC1035_NAME.match(value):
        raise ValueError(
            "invalid name: use lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
        )
    if len(value) > MAX_RESOURCE_NAME:
        raise ValueError(f"invalid name: {len(value)} characters, at most {MAX_RESOURCE_NAME} are allowed.")
    return value


def _parse_cidr(value: object) -> object:
    if not isinstance(value, str):
        return value
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ipaddress.NetmaskValueError:
        raise ValueError("invalid CIDR range: the prefix length must be 0 to 32, as in 10.0.0.0/20.") from None
    except ValueError as error:
        if "host bits set" in str(error):
            network = ipaddress.IPv4Network(value, strict=False)
            raise ValueError(f"invalid CIDR range: host bits are set. Use the network address, {network}.") from None
        raise ValueError("invalid CIDR range: write an IPv4 range such as 10.0.0.0/20.") from None


def _check_subnet_size(value: ipaddress.IPv4Network) -> ipaddress.IPv4Network:
    if value.prefixlen > MAX_SUBNET_PREFIX:
        raise ValueError(f"range too small: Compute Engine subnets must be /{MAX_SUBNET_PREFIX} or larger.")
    return value


def _check_label_key(value: str) -> str:
    if not LABEL_KEY.match(value):
        raise ValueError(
            "invalid label key: start with a lowercase letter, then use at most 62 lowercase letters, digits, "
            "underscores or hyphens."
        )
    return value


def _check_label_value(value: str) -> str:
    if not LABEL_VALUE.match(value):
        raise ValueError("invalid label value: use at most 63 lowercase letters, digits, underscores or hyphens.")
    return value


def _check_label_count(value: dict[str, str]) -> dict[str, str]:
    if len(value) > MAX_LABELS:
        raise ValueError(f"too many labels: {len(value)}, at most {MAX_LABELS} are allowed.")
    return value


ProjectId = Annotated[str, AfterValidator(_check_project_id)]
Region = Annotated[str, AfterValidator(_check_region)]
Zone = Annotated[str, AfterValidator(_check_zone)]
ResourceName = Annotated[str, AfterValidator(_check_name)]
Cidr = Annotated[ipaddress.IPv4Network, BeforeValidator(_parse_cidr)]
SubnetCidr = Annotated[ipaddress.IPv4Network, BeforeValidator(_parse_cidr), AfterValidator(_check_subnet_size)]
LabelKey = Annotated[str, AfterValidator(_check_label_key)]
LabelValue = Annotated[str, AfterValidator(_check_label_value)]
# Each key and value is checked on its own, so that an error points at the line of that label.
Labels = Annotated[dict[LabelKey, LabelValue], AfterValidator(_check_label_count)]
