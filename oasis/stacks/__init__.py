"""Terraform stacks synthesized for one environment."""
