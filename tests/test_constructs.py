"""Constructs built alone in a test stack, with settings the example environment does not use."""

import json

import pytest
import cdktf  # used as cdktf.Testing: pytest would try to collect a bare `Testing` class
from cdktf import TerraformStack

from conftest import example_data
from oasis.config.models import Environment
from oasis.constructs.network import Networks


def synth_networks(data: dict) -> dict:
    environment = Environment.model_validate({**data, "name": "unit"})
    app = cdktf.Testing.app()
    stack = TerraformStack(app, "unit")
    Networks(stack, "network", environment)
    return json.loads(cdktf.Testing.synth(stack))


def test_networks_custom_mtu_and_names():
    data = example_data()
    data["name_prefix"] = "team-a"
    data["network"]["mtu"] = 1460
    data["network"]["gvnic"]["name"] = "second"
    stack = synth_networks(data)
    networks = {body["name"]: body for body in stack["resource"]["google_compute_network"].values()}

    assert networks["team-a-gke"]["mtu"] == 1460
    assert networks["team-a-second"]["mtu"] == 1460
    # The RDMA VPC keeps 8896 whatever the gVNIC MTU is.
    assert networks["team-a-rdma"]["mtu"] == 8896


def test_networks_nat_log_filter():
    data = example_data()
    data["network"]["primary"]["nat_log_filter"] = "ALL"
    stack = synth_networks(data)
    nat = next(iter(stack["resource"]["google_compute_router_nat"].values()))
    assert nat["log_config"] == {"enable": True, "filter": "ALL"}


def test_networks_no_depends_on_without_services():
    stack = synth_networks(example_data())
    for body in stack["resource"]["google_compute_network"].values():
        assert "depends_on" not in body


def test_gcs_state_backend():
    from oasis.stacks.infra import InfraStack

    data = example_data()
    data["state_backend"] = {"bucket": "example-tfstate", "prefix": "platform"}
    environment = Environment.model_validate({**data, "name": "unit"})
    stack = InfraStack(cdktf.Testing.app(), environment)
    backend = json.loads(cdktf.Testing.synth(stack))["terraform"]["backend"]
    assert backend == {"gcs": {"bucket": "example-tfstate", "prefix": "platform/unit-infra"}}


def write_previous_output(outdir, stacks):
    """Create what an earlier synth leaves: manifest.json and one cdk.tf.json per stack."""
    manifest = {"version": "0.21.0", "stacks": {name: {"synthesizedStackPath": f"stacks/{name}/cdk.tf.json"} for name in stacks}}
    (outdir / "stacks").mkdir(parents=True)
    (outdir / "manifest.json").write_text(json.dumps(manifest))
    for name, text in stacks.items():
        (outdir / "stacks" / name).mkdir()
        (outdir / "stacks" / name / "cdk.tf.json").write_text(text)


def test_failed_synth_keeps_previous_output(tmp_path, monkeypatch, example_environment):
    import oasis.app

    outdir = tmp_path / "cdktf.out"
    write_previous_output(outdir, {"example-infra": "previous synth"})

    class BrokenApp:
        def synth(self):
            raise RuntimeError("synth failed on purpose")

    monkeypatch.setattr(oasis.app, "build_app", lambda environment, staging: BrokenApp())
    with pytest.raises(RuntimeError):
        oasis.app.synth_environment(example_environment, outdir)

    assert (outdir / "stacks" / "example-infra" / "cdk.tf.json").read_text() == "previous synth"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cdktf.out"]


def test_synth_replaces_previous_output(tmp_path, example_environment):
    from oasis.app import synth_environment

    outdir = tmp_path / "cdktf.out"
    write_previous_output(outdir, {"removed-infra": "from an older synth"})

    stacks = synth_environment(example_environment, outdir)

    assert [path.parent.name for path in stacks] == ["example-infra"]
    assert not (outdir / "stacks" / "removed-infra").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cdktf.out"]


def test_synth_keeps_terraform_files(tmp_path, example_environment):
    from oasis.app import synth_environment

    outdir = tmp_path / "cdktf.out"
    write_previous_output(outdir, {"example-infra": "previous synth"})
    stack = outdir / "stacks" / "example-infra"
    (stack / ".terraform.lock.hcl").write_text("# provider locks\n")
    (stack / ".terraform" / "providers").mkdir(parents=True)
    (stack / "plan.tfplan").write_text("saved plan")

    synth_environment(example_environment, outdir)

    assert (stack / "cdk.tf.json").read_text() != "previous synth"
    assert (stack / ".terraform.lock.hcl").read_text() == "# provider locks\n"
    assert (stack / ".terraform" / "providers").is_dir()
    assert (stack / "plan.tfplan").read_text() == "saved plan"


def test_synth_keeps_folder_mode(tmp_path, example_environment):
    from oasis.app import synth_environment

    outdir = tmp_path / "cdktf.out"
    outdir.mkdir(mode=0o750)
    outdir.chmod(0o750)

    synth_environment(example_environment, outdir)

    assert outdir.stat().st_mode & 0o777 == 0o750
