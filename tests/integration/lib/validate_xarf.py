#!/usr/bin/env python3
"""Validates X-ARF v4 reports against the official schema: validate_xarf.py SCHEMA_DIR FILE...

SCHEMA_DIR holds xarf-v4-master.json, xarf-core.json and types/*.json (copied from the
specification, tests/data/standards/xarf/v4). Every $ref is resolved from those files;
nothing is fetched."""
import glob
import json
import os
import sys
import urllib.parse
import warnings

import jsonschema

warnings.simplefilter("ignore", DeprecationWarning)


def absolute_refs(node, base):
    """Makes every $ref absolute against its document's $id (resolvers differ on scopes)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and not v.startswith("#"):
                node[k] = urllib.parse.urljoin(base, v)
            else:
                absolute_refs(v, base)
    elif isinstance(node, list):
        for v in node:
            absolute_refs(v, base)

schema_dir = sys.argv[1]
store = {}
for path in glob.glob(os.path.join(schema_dir, "*.json")) + glob.glob(
        os.path.join(schema_dir, "types", "*.json")):
    doc = json.load(open(path))
    absolute_refs(doc, doc["$id"])
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
