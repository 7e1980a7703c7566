"""Oasis: a cdktf app that synthesizes Terraform JSON for GPU training on GKE."""

from oasis.node_runtime import use_packaged_node

# jsii starts its Node.js process on the first cdktf import, so JSII_NODE has to be set before that.
use_packaged_node()
