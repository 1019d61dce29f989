#!/usr/bin/env python3
"""Validates CSAF 2.0 documents (and provider metadata) against the official JSON schemas.

Usage: csaf_validate.py SCHEMA_DIR [--provider] FILE...
SCHEMA_DIR is tests/data/standards/csaf20 (the OASIS schemas and FIRST's CVSS schemas,
resolved locally: nothing is fetched). Exits 1 naming each file and error.
"""
import glob
import json
import os
import sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7


def registry(schema_dir):
    resources = []
    for path in glob.glob(os.path.join(schema_dir, "json_schema", "*.json")):
        schema = json.load(open(path, encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    for path in glob.glob(os.path.join(schema_dir, "referenced_schema", "*.json")):
        schema = json.load(open(path, encoding="utf-8"))
        url = "https://www.first.org/cvss/" + os.path.basename(path)
        resources.append((url, Resource.from_contents(schema, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


def main(argv):
    schema_dir, files = argv[1], argv[2:]
    which = "csaf_json_schema.json"
    if files and files[0] == "--provider":
        which, files = "provider_json_schema.json", files[1:]
    schema = json.load(open(os.path.join(schema_dir, "json_schema", which), encoding="utf-8"))
    validator = Draft202012Validator(schema, registry=registry(schema_dir))
    bad = 0
    for path in files:
        doc = json.load(open(path, encoding="utf-8"))
        for err in validator.iter_errors(doc):
            bad += 1
            print(f"{path}: /{'/'.join(str(p) for p in err.absolute_path)}: {err.message}")
    if not files:
        print("csaf_validate: no files", file=sys.stderr)
        return 2
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
