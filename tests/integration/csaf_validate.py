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
import warnings

import jsonschema

# RefResolver works with Debian 12's jsonschema (4.10) and later ones (deprecated there).
warnings.simplefilter("ignore", DeprecationWarning)


def store(schema_dir):
    out = {}
    for path in glob.glob(os.path.join(schema_dir, "json_schema", "*.json")):
        schema = json.load(open(path, encoding="utf-8"))
        out[schema["$id"]] = schema
    for path in glob.glob(os.path.join(schema_dir, "referenced_schema", "*.json")):
        schema = json.load(open(path, encoding="utf-8"))
        out["https://www.first.org/cvss/" + os.path.basename(path)] = schema
        # FIRST's schemas name themselves with a date ("...cvss-v3.0.json?20170531").
        for key in ("$id", "id"):
            if key in schema:
                out[schema[key]] = schema
    return out


def make_validator(schema, schemas):
    """jsonschema >= 4.18 resolves through `referencing`; Debian 12's 4.10 through RefResolver."""
    checker = jsonschema.FormatChecker()
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7
    except ImportError:
        def offline(uri):
            raise RuntimeError(f"csaf_validate: {uri} is not a local schema (nothing is fetched)")
        resolver = jsonschema.RefResolver(schema["$id"], schema, store=schemas,
                                          handlers={"http": offline, "https": offline})
        return jsonschema.Draft202012Validator(schema, resolver=resolver, format_checker=checker)
    registry = Registry().with_resources(
        (uri, Resource.from_contents(doc, default_specification=DRAFT7))
        for uri, doc in schemas.items())
    return jsonschema.Draft202012Validator(schema, registry=registry, format_checker=checker)


def main(argv):
    schema_dir, files = argv[1], argv[2:]
    which = "csaf_json_schema.json"
    if files and files[0] == "--provider":
        which, files = "provider_json_schema.json", files[1:]
    schema = json.load(open(os.path.join(schema_dir, "json_schema", which), encoding="utf-8"))
    validator = make_validator(schema, store(schema_dir))
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
