"""The parts of bench/ that decide what is measured and how the page is rewritten.

Nothing here runs a benchmark or checks a duration.
"""

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from import_profile import parse_self_times  # noqa: E402
from report import BEGIN_MARKER, END_MARKER, update_page  # noqa: E402
from scenarios import app_provider_imports, baseline_imports  # noqa: E402


def test_app_imports_google_submodules_only():
    imports = app_provider_imports(ROOT / "oasis")
    google = imports["cdktf_cdktf_provider_google"]
    assert "cdktf_cdktf_provider_google.compute_network" in google
    assert "cdktf_cdktf_provider_google.provider" in google
    # The project imports submodules only, never the package root.
    assert "cdktf_cdktf_provider_google" not in google


def test_baseline_covers_all_providers():
    imports = {
        "cdktf_cdktf_provider_google": ["cdktf_cdktf_provider_google.compute_network"],
        "cdktf_cdktf_provider_kubernetes": [],
        "cdktf_cdktf_provider_helm": ["cdktf_cdktf_provider_helm.release"],
    }
    assert baseline_imports(imports, all_providers=True) == [
        "cdktf",
        "cdktf_cdktf_provider_google.compute_network",
        "cdktf_cdktf_provider_kubernetes.provider",
        "cdktf_cdktf_provider_helm.release",
    ]
    assert baseline_imports(imports, all_providers=False) == [
        "cdktf",
        "cdktf_cdktf_provider_google.compute_network",
        "cdktf_cdktf_provider_helm.release",
    ]


def test_importtime_sums_repeated_modules():
    output = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:    221083 |     221083 |         constructs._jsii",
            "import time:      2122 |     223415 |       constructs",
            "import time:        41 |     223456 |     constructs._jsii",
            "unrelated line",
        ]
    )
    assert parse_self_times(output) == {"constructs._jsii": 221124, "constructs": 2122}


def test_page_keeps_text_outside_markers(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# Title\n\nFindings.\n\n{BEGIN_MARKER}\nold figures\n{END_MARKER}\n\nFooter.\n")

    update_page(page, f"{BEGIN_MARKER}\nnew figures\n{END_MARKER}\n")

    assert page.read_text() == f"# Title\n\nFindings.\n\n{BEGIN_MARKER}\nnew figures\n{END_MARKER}\n\nFooter.\n"


def test_page_without_markers_rejected(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text("# Title\n\nno generated section\n")
    with pytest.raises(ValueError, match="has no generated section"):
        update_page(page, f"{BEGIN_MARKER}\nnew figures\n{END_MARKER}\n")
    assert page.read_text() == "# Title\n\nno generated section\n"
