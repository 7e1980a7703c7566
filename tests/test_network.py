"""The network stack of the example environment, read from the synthesized JSON."""

import ipaddress

from conftest import address, reference, resource, resources


def test_primary_vpc_custom_subnet_mode(infra):
    network = resource(infra, "google_compute_network", "network/primary-network")
    assert network["name"] == "oasis-gke"
    assert network["auto_create_subnetworks"] is False
    assert network["mtu"] == 8896
    assert "network_profile" not in network


def test_primary_subnet_ranges(infra):
    subnet = resource(infra, "google_compute_subnetwork", "network/primary-subnet")
    assert subnet["region"] == "europe-west1"
    assert subnet["ip_cidr_range"] == "10.0.0.0/20"
    assert subnet["private_ip_google_access"] is True
    assert subnet["secondary_ip_range"] == [
        {"range_name": "pods", "ip_cidr_range": "10.64.0.0/14"},
        {"range_name": "services", "ip_cidr_range": "10.68.0.0/20"},
    ]


def test_primary_router_and_nat(infra):
    router = resource(infra, "google_compute_router", "network/primary-router")
    assert router["network"] == reference(infra, "google_compute_network", "network/primary-network", "id")
    nat = resource(infra, "google_compute_router_nat", "network/primary-nat")
    assert nat["router"] == reference(infra, "google_compute_router", "network/primary-router", "name")
    assert nat["source_subnetwork_ip_ranges_to_nat"] == "ALL_SUBNETWORKS_ALL_IP_RANGES"
    assert nat["nat_ip_allocate_option"] == "AUTO_ONLY"
    assert nat["log_config"] == {"enable": True, "filter": "ERRORS_ONLY"}


def test_internal_firewalls(infra):
    primary = resource(infra, "google_compute_firewall", "network/primary-allow-internal")
    assert primary["direction"] == "INGRESS"
    assert primary["source_ranges"] == ["10.0.0.0/20", "10.64.0.0/14"]
    assert [rule["protocol"] for rule in primary["allow"]] == ["tcp", "udp", "icmp"]

    gvnic = resource(infra, "google_compute_firewall", "network/gvnic-allow-internal")
    assert gvnic["source_ranges"] == ["10.1.0.0/20"]
    assert gvnic["network"] == reference(infra, "google_compute_network", "network/gvnic-network", "id")


def test_gvnic_vpc(infra):
    network = resource(infra, "google_compute_network", "network/gvnic-network")
    assert network["name"] == "oasis-gvnic"
    assert network["mtu"] == 8896
    assert network["auto_create_subnetworks"] is False
    subnet = resource(infra, "google_compute_subnetwork", "network/gvnic-subnet")
    assert subnet["ip_cidr_range"] == "10.1.0.0/20"


def test_rdma_vpc_roce_profile(infra):
    network = resource(infra, "google_compute_network", "network/rdma-network")
    assert network["network_profile"] == "projects/example-ml-project/global/networkProfiles/europe-west1-b-vpc-roce"
    assert network["mtu"] == 8896
    assert network["auto_create_subnetworks"] is False


def test_rdma_vpc_eight_subnets(infra):
    subnets = {
        path: body
        for path, body in resources(infra, "google_compute_subnetwork").items()
        if path.startswith("network/rdma-subnet-")
    }
    assert len(subnets) == 8
    for index in range(8):
        subnet = subnets[f"network/rdma-subnet-{index}"]
        assert subnet["name"] == f"oasis-rdma-subnet-{index}"
        assert subnet["region"] == "europe-west1"
        assert subnet["ip_cidr_range"] == f"192.168.{index}.0/24"
        assert subnet["network"] == reference(infra, "google_compute_network", "network/rdma-network", "id")


def test_rdma_vpc_no_firewall_router_nat(infra):
    rdma_network = address(infra, "google_compute_network", "network/rdma-network")
    for resource_type in ("google_compute_firewall", "google_compute_router", "google_compute_router_nat"):
        for path, body in resources(infra, resource_type).items():
            assert rdma_network not in str(body.get("network", "")), f"{resource_type} {path} is on the RDMA VPC"
    assert len(resources(infra, "google_compute_router")) == 1
    assert len(resources(infra, "google_compute_firewall")) == 2


def test_networks_wait_for_compute_api(infra):
    for role in ("primary", "gvnic", "rdma"):
        network = resource(infra, "google_compute_network", f"network/{role}-network")
        assert network["depends_on"] == [address(infra, "google_project_service", "services/compute")]


def test_subnet_ranges_disjoint(infra):
    ranges = []
    for body in resources(infra, "google_compute_subnetwork").values():
        ranges.append(ipaddress.ip_network(body["ip_cidr_range"]))
        ranges.extend(ipaddress.ip_network(r["ip_cidr_range"]) for r in body.get("secondary_ip_range", []))
    for index, first in enumerate(ranges):
        for second in ranges[index + 1 :]:
            assert not first.overlaps(second), f"{first} overlaps {second}"


def test_provider_project_and_labels(infra):
    provider = infra["provider"]["google"][0]
    assert provider["project"] == "example-ml-project"
    assert provider["region"] == "europe-west1"
    assert provider["default_labels"] == {"environment": "example", "team": "ml-platform", "managed-by": "oasis"}


def test_local_state_outside_outdir(infra):
    assert infra["terraform"]["backend"]["local"]["path"] == "../../../terraform.example-infra.tfstate"


def test_network_outputs(infra):
    outputs = infra["output"]
    assert outputs["rdma_network_name"]["value"] == reference(infra, "google_compute_network", "network/rdma-network", "name")
    assert len(outputs["rdma_subnet_names"]["value"]) == 8
    for name in ("primary_network_name", "primary_subnet_name", "gvnic_network_name", "gvnic_subnet_name"):
        assert name in outputs
