"""Bad environment files: one line per problem that names file, setting, value and fix, and exit code 2."""

import pytest

from conftest import EXAMPLE, example_data, run_main, write_environment
from oasis.cli import EXIT_INVALID_CONFIG


def run_invalid(tmp_path, data=None, text=None, name="test"):
    """Run main.py on a bad file and return its stderr lines after checking the common contract."""
    if text is not None:
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
    else:
        path = write_environment(tmp_path, data, name)
    outdir = tmp_path / "out"
    result = run_main("--config", path, "--out", outdir)

    assert result.returncode == EXIT_INVALID_CONFIG, result.stderr
    assert "Traceback" not in result.stderr
    assert not outdir.exists()
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == f"invalid environment file {path}: nothing was synthesized"
    for line in lines[:-1]:
        assert line.startswith(f"{path}"), line
    return lines[:-1]


def test_missing_file(tmp_path):
    path = tmp_path / "absent.yaml"
    result = run_main("--config", path, "--out", tmp_path / "out")
    assert result.returncode == EXIT_INVALID_CONFIG
    assert "Traceback" not in result.stderr
    assert f"{path}: file not found" in result.stderr


def test_yaml_syntax_error_line(tmp_path):
    text = "project_id: example-ml-project\nregion: [europe-west1\nzone: europe-west1-b\n"
    lines = run_invalid(tmp_path, text=text)
    assert len(lines) == 1
    # file:line: first, so that editors and CI annotations can jump to it.
    assert lines[0].startswith(f"{tmp_path / 'test.yaml'}:3: invalid YAML at column 5: ")
    assert lines[0].endswith("Fix the syntax on this line.")


def test_duplicate_key(tmp_path):
    source = EXAMPLE.read_text()
    lines = run_invalid(tmp_path, text=source + "region: europe-west4\n")
    assert len(lines) == 1
    assert ": region: duplicate key on line" in lines[0]


def test_unknown_key_suggests_name(tmp_path):
    data = example_data()
    data["network"]["primary"]["subnet_cdir"] = data["network"]["primary"].pop("subnet_cidr")
    lines = run_invalid(tmp_path, data)
    assert any("network.primary.subnet_cdir: unknown setting. Did you mean 'subnet_cidr'?" in line for line in lines)
    assert any("network.primary.subnet_cidr: required setting is missing" in line for line in lines)


def test_wrong_type(tmp_path):
    data = example_data()
    data["network"]["mtu"] = "jumbo"
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert "network.mtu = 'jumbo': Input should be a valid integer" in lines[0]


def test_mtu_out_of_range(tmp_path):
    data = example_data()
    data["network"]["mtu"] = 9000
    lines = run_invalid(tmp_path, data)
    assert "network.mtu = 9000: Input should be less than or equal to 8896" in lines[0]


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("project_id", "My_Project", "invalid project id"),
        ("project_id", "abc", "invalid project id"),
        ("region", "europe west1", "invalid region"),
        ("zone", "europe-west1", "invalid zone"),
        ("name_prefix", "Oasis", "invalid name"),
    ],
)
def test_invalid_identifier(tmp_path, setting, value, message):
    data = example_data()
    data[setting] = value
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert f": {setting} = {value!r}: {message}" in lines[0]


def test_zone_outside_region(tmp_path):
    data = example_data()
    data["zone"] = "us-central1-b"
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert "zone = 'us-central1-b': the GPU zone must lie in region europe-west1" in lines[0]


def test_cidr_host_bits(tmp_path):
    data = example_data()
    data["network"]["gvnic"]["subnet_cidr"] = "10.1.0.1/20"
    lines = run_invalid(tmp_path, data)
    assert "network.gvnic.subnet_cidr = '10.1.0.1/20': invalid CIDR range: host bits are set. Use the network address, 10.1.0.0/20." in lines[0]


def test_cidr_not_a_range(tmp_path):
    data = example_data()
    data["network"]["primary"]["pods_range"]["cidr"] = "10.64.0.0/40"
    lines = run_invalid(tmp_path, data)
    assert "network.primary.pods_range.cidr = '10.64.0.0/40': invalid CIDR range" in lines[0]


def test_cidr_overlap_secondary(tmp_path):
    data = example_data()
    data["network"]["primary"]["services_range"]["cidr"] = "10.64.16.0/20"
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert "network.primary.pods_range.cidr = '10.64.0.0/14': overlaps network.primary.services_range.cidr = 10.64.16.0/20" in lines[0]


def test_cidr_overlap_rdma(tmp_path):
    data = example_data()
    data["network"]["rdma"]["subnet_cidrs"][7] = "192.168.0.0/24"
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert "network.rdma.subnet_cidrs[0] = '192.168.0.0/24': overlaps network.rdma.subnet_cidrs[7]" in lines[0]


def test_rdma_subnet_count(tmp_path):
    data = example_data()
    data["network"]["rdma"]["subnet_cidrs"] = data["network"]["rdma"]["subnet_cidrs"][:7]
    lines = run_invalid(tmp_path, data)
    assert "network.rdma.subnet_cidrs = " in lines[0]
    assert "exactly 8 subnets" in lines[0]


def test_generated_name_too_long(tmp_path):
    data = example_data()
    data["network"]["rdma"]["name"] = "r" * 50
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert "network.rdma.name = " in lines[0]
    assert "characters, but at most 63 are allowed. Shorten name_prefix or network.rdma.name." in lines[0]


def test_prefix_too_long_for_service_account(tmp_path):
    data = example_data()
    data["name_prefix"] = "a-very-long-team-prefix"
    lines = run_invalid(tmp_path, data)
    expected = (
        ": name_prefix = 'a-very-long-team-prefix': the generated name 'a-very-long-team-prefix-gke-nodes' has 33 "
        "characters, but at most 30 are allowed. Shorten name_prefix."
    )
    assert any(expected in line for line in lines), lines


def test_invalid_label(tmp_path):
    data = example_data()
    data["labels"]["Team"] = "ml"
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert ": labels.Team = 'Team': invalid label key: start with a lowercase letter" in lines[0]


def test_invalid_label_value_line(tmp_path):
    source = EXAMPLE.read_text().replace("team: ml-platform", "team: ML Platform")
    line_number = next(i for i, line in enumerate(source.splitlines(), 1) if "team: ML Platform" in line)
    lines = run_invalid(tmp_path, text=source)
    assert len(lines) == 1
    assert lines[0].startswith(f"{tmp_path / 'test.yaml'}:{line_number}: labels.team = 'ML Platform': invalid label value")


def test_unquoted_time_hint(tmp_path):
    source = EXAMPLE.read_text().replace('start_time: "01:00"', "start_time: 1:00")
    lines = run_invalid(tmp_path, text=source)
    assert len(lines) == 1
    assert 'maintenance_window.start_time = 60: Input should be a valid string. Write the time in quotes, for example "01:00".' in lines[0]


def test_state_bucket_url_rejected(tmp_path):
    data = example_data()
    data["state_backend"] = {"bucket": "gs://example-tfstate"}
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert "state_backend.bucket = 'gs://example-tfstate': write the bucket name without gs://, for example 'example-tfstate'." in lines[0]


def test_problems_sorted_by_line(tmp_path):
    data = example_data()
    data["network"]["mtu"] = "big"
    # Moved to the end of the file, so that pydantic reports it first but the file has it last.
    del data["region"]
    data["region"] = "not a region"
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 2
    assert ": network.mtu = 'big': " in lines[0]
    assert ": region = 'not a region': " in lines[1]


def test_duplicate_network_names(tmp_path):
    data = example_data()
    data["network"]["gvnic"]["name"] = "gke"
    lines = run_invalid(tmp_path, data)
    assert any("network.gvnic.name = 'gke': the same name as network.primary.name" in line for line in lines)


def test_invalid_environment_file_name(tmp_path):
    lines = run_invalid(tmp_path, example_data(), name="Prod_EU")
    assert "invalid environment file name" in lines[0]


def test_error_names_line(tmp_path):
    source = EXAMPLE.read_text().replace("zone: europe-west1-b", "zone: us-east4-b")
    line_number = next(i for i, line in enumerate(source.splitlines(), 1) if line.startswith("zone:"))
    lines = run_invalid(tmp_path, text=source)
    assert lines[0].startswith(f"{tmp_path / 'test.yaml'}:{line_number}: zone = 'us-east4-b'")


def test_several_problems_reported_together(tmp_path):
    data = example_data()
    data["zone"] = "us-central1-b"
    data["network"]["gvnic"]["subnet_cidr"] = "10.0.0.0/20"
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 2


def test_check_flag_writes_nothing(tmp_path):
    outdir = tmp_path / "out"
    result = run_main("--check", "--out", outdir)
    assert result.returncode == 0
    assert "is valid" in result.stderr
    assert not outdir.exists()


def test_environment_name_key_rejected(tmp_path):
    data = example_data()
    data["name"] = "prod"
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert ": name = 'prod': unknown setting: the environment name comes from the file name" in lines[0]


def test_out_folder_not_from_synth(tmp_path):
    outdir = tmp_path / "src"
    outdir.mkdir()
    (outdir / "keep.py").write_text("print('user code')\n")
    result = run_main("--out", outdir)
    assert result.returncode == EXIT_INVALID_CONFIG
    assert "Traceback" not in result.stderr
    assert f"output folder {outdir} contains keep.py, which synth did not write" in result.stderr
    assert (outdir / "keep.py").read_text() == "print('user code')\n"


def test_out_path_is_file(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("notes")
    result = run_main("--out", target)
    assert result.returncode == EXIT_INVALID_CONFIG
    assert f"output path {target} exists and is not a folder" in result.stderr
    assert target.read_text() == "notes"


def test_out_folder_with_foreign_manifest(tmp_path):
    # A web app's build folder also has a manifest.json, next to files that synth must not delete.
    outdir = tmp_path / "webapp"
    (outdir / "src").mkdir(parents=True)
    (outdir / "manifest.json").write_text('{"name": "webapp"}')
    (outdir / "src" / "app.js").write_text("console.log('user code')\n")
    result = run_main("--out", outdir)
    assert result.returncode == EXIT_INVALID_CONFIG
    assert f"output folder {outdir} contains src, which synth did not write" in result.stderr
    assert (outdir / "src" / "app.js").read_text() == "console.log('user code')\n"


def test_out_folder_manifest_not_from_cdktf(tmp_path):
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "manifest.json").write_text('{"name": "webapp"}')
    result = run_main("--out", outdir)
    assert result.returncode == EXIT_INVALID_CONFIG
    assert f"output folder {outdir} has no cdktf manifest.json from an earlier synth" in result.stderr
    assert (outdir / "manifest.json").read_text() == '{"name": "webapp"}'


def test_check_flag_rejects_unsafe_out(tmp_path):
    outdir = tmp_path / "src"
    outdir.mkdir()
    (outdir / "keep.py").write_text("")
    result = run_main("--check", "--out", outdir)
    assert result.returncode == EXIT_INVALID_CONFIG
    assert "which synth did not write" in result.stderr


def test_pod_range_too_small(tmp_path):
    data = example_data()
    data["network"]["primary"]["pods_range"]["cidr"] = "10.64.0.0/28"
    lines = run_invalid(tmp_path, data)
    assert len(lines) == 1
    assert "network.primary.pods_range.cidr = '10.64.0.0/28': the pod range is smaller than the /24 that GKE assigns" in lines[0]
