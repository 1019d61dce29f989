#!/usr/bin/env python3
"""Validates X-ARF v4 reports against the official schema: validate_xarf.py SCHEMA_DIR FILE...

SCHEMA_DIR holds xarf-v4-master.json, xarf-core.json and types/*.json (copied from the
specification, tests/data/standards/xarf/v4). Every $ref is resolved from those files;
nothing is fetched."""
import glob
import json
import os
import sys
import warnings

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_refs import load_schema  # noqa: E402

warnings.simplefilter("ignore", DeprecationWarning)

schema_dir = sys.argv[1]
store = {}
for path in glob.glob(os.path.join(schema_dir, "*.json")) + glob.glob(
        os.path.join(schema_dir, "types", "*.json")):
    doc = load_schema(path)
    store[doc["$id"]] = doc
master = store["https://xarf.org/schemas/v4/xarf-v4-master.json"]
resolver = jsonschema.RefResolver(master["$id"], master, store=store)
validator = jsonschema.Draft202012Validator(
    master, resolver=resolver, format_checker=jsonschema.FormatChecker())
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors:
        bad += 1
        print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
sys.exit(1 if bad else 0)
