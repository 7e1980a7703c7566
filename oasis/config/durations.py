"""Durations written as a whole number with a unit, such as 14d or 604800s."""

import re
from typing import Annotated

from pydantic import BeforeValidator

DURATION = re.compile(r"^([0-9]+)([smhd])$")
SECONDS_PER_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}
SECONDS_PER_DAY = SECONDS_PER_UNIT["d"]


def parse_duration(value: object) -> object:
    """Convert `<n>s`, `<n>m`, `<n>h` or `<n>d` to whole seconds, and pass other types on to int validation."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return value
    match = DURATION.match(str(value).strip())
    if not match:
        raise ValueError(
            "invalid duration: write a whole number followed by s, m, h or d, for example 14d or 1209600s "
            "(a bare number has no unit, so it is rejected too)."
        )
    amount, unit = match.groups()
    return int(amount) * SECONDS_PER_UNIT[unit]


def format_seconds(seconds: int) -> str:
    """Write seconds as the API returns them (`<n>s`), so that Terraform plans show no change."""
    return f"{seconds}s"


# A duration in whole seconds, parsed from text.
Duration = Annotated[int, BeforeValidator(parse_duration)]
