"""Environment configuration: pydantic models loaded from one YAML file per environment.

Nothing in this package imports cdktf, so that bad input is reported without starting jsii.
"""

from oasis.config.errors import ConfigError, ConfigProblem
from oasis.config.loader import load_environment
from oasis.config.models import Environment

__all__ = ["ConfigError", "ConfigProblem", "Environment", "load_environment"]
