"""Constructs that make up the Oasis stacks. Each takes the validated Environment as its props.

Construct ids are part of the Terraform resource addresses: renaming one makes Terraform destroy
and recreate the resource, so treat them as a stable contract.
"""
