#!/usr/bin/env python3
"""Validates STIX 2.1 bundles: validate_stix.py STANDARDS_DIR FILE...

STANDARDS_DIR is tests/data/standards/stix21: every object is checked against the official
JSON schema of its type (and the bundle against bundle.json), every indicator's pattern is
parsed by a parser generated from the official STIX pattern grammar (STIXPattern.g4), every
TLP 2.0 marking definition against the OASIS TLP 2.0 extension's schema, and every *_ref /
*_refs must name an object of the bundle. Prints one line per file: the count of objects
by type. Nothing is fetched."""
import contextlib
import glob
import io
import json
import os
import sys
import warnings

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_refs import load_schema  # noqa: E402

warnings.simplefilter("ignore", DeprecationWarning)
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stix_pattern"))
with contextlib.redirect_stdout(io.StringIO()):  # the runtime's version notice
    import antlr4
    from antlr4.error.ErrorListener import ErrorListener
    from STIXPatternLexer import STIXPatternLexer
    from STIXPatternParser import STIXPatternParser


class Raise(ErrorListener):
    def syntaxError(self, recognizer, symbol, line, column, msg, e):
        raise ValueError(f"column {column}: {msg}")


def check_pattern(pattern):
    with contextlib.redirect_stdout(io.StringIO()):
        lexer = STIXPatternLexer(antlr4.InputStream(pattern))
        lexer.removeErrorListeners()
        lexer.addErrorListener(Raise())
        parser = STIXPatternParser(antlr4.CommonTokenStream(lexer))
        parser.removeErrorListeners()
        parser.addErrorListener(Raise())
        parser.pattern()



root = sys.argv[1]
store, by_type = {}, {}
for path in glob.glob(os.path.join(root, "schemas", "*", "*.json")):
    doc = load_schema(path)
    store[doc["$id"]] = doc
    if os.path.basename(os.path.dirname(path)) != "common":
        by_type[os.path.basename(path)[:-5]] = doc
base = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/"
by_type["marking-definition"] = store[base + "common/marking-definition.json"]
tlp_schema = json.load(open(glob.glob(os.path.join(root, "tlp2", "extension-definition--*.json"))[0]))
tlp_ids = {m["id"] for m in json.load(open(os.path.join(root, "tlp2",
                                                       "DERIVED-all-five-tlp2-marking-definitions.json")))}


def validator(schema):
    resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver,
                                           format_checker=jsonschema.FormatChecker())


validators = {t: validator(s) for t, s in by_type.items()}
bundle_validator = validator(store[base + "common/bundle.json"])
tlp_validator = jsonschema.Draft7Validator(
    tlp_schema, resolver=jsonschema.RefResolver(tlp_schema["$id"], tlp_schema, store=store))


def refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k.endswith("_ref") and isinstance(v, str):
                yield k, v
            elif k.endswith("_refs") and isinstance(v, list):
                for x in v:
                    yield k, x
            else:
                yield from refs(v)


failed = False
for path in sys.argv[2:]:
    doc = json.load(open(path))
    counts, ids = {}, set()
    errors = []
    for o in doc.get("objects", []):
        ids.add(o.get("id"))
        counts[o["type"]] = counts.get(o["type"], 0) + 1
        v = validators.get(o["type"])
        if v is None:
            errors.append(f"{o.get('id')}: no schema for type {o['type']}")
            continue
        for e in v.iter_errors(o):
            errors.append(f"{o.get('id')}: {e.message} at {list(e.absolute_path)}")
        if o["type"] == "indicator":
            try:
                check_pattern(o["pattern"])
            except ValueError as e:
                errors.append(f"{o['id']}: pattern {o['pattern']!r}: {e}")
        if o["type"] == "marking-definition" and o["id"] in tlp_ids:
            for e in tlp_validator.iter_errors(o):
                errors.append(f"{o['id']}: TLP 2.0 extension: {e.message}")
    for o in doc.get("objects", []):
        for key, ref in refs(o):
            if ref not in ids and not ref.startswith("extension-definition--"):
                errors.append(f"{o['id']}: {key} names {ref}, not in the bundle")
    if not errors:
        # The envelope against bundle.json; its objects were checked one by one above, because
        # bundle.json's list of types lacks incident, grouping, location, note and opinion,
        # whose objects then match both arms of its custom-object oneOf.
        envelope = dict(doc, objects=[o for o in doc.get("objects", []) if o["type"] == "identity"])
        for e in bundle_validator.iter_errors(envelope):
            errors.append(f"bundle: {e.message[:300]}")
    if errors:
        failed = True
        print(f"{path}: INVALID", file=sys.stderr)
        for e in errors[:20]:
            print("  " + e, file=sys.stderr)
    else:
        print(" ".join(f"{t}={n}" for t, n in sorted(counts.items())))
sys.exit(1 if failed else 0)
