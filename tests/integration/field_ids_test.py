#!/usr/bin/env python3
"""Stored field ids survive a field added to harmonization.conf.

Runs scripts/gen_fields.py on the real harmonization.conf with one field added whose name
sorts first (it moves every in-memory FieldId): the generator must refuse until the field is
appended to the id table, and then give every existing field the stored id it had.
Usage: field_ids_test.py SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

src = sys.argv[1]
gen = os.path.join(src, "scripts", "gen_fields.py")
conf_path = os.path.join(src, "data", "intelmq", "harmonization.conf")
ids_path = os.path.join(src, "data", "intelmq", "field_ids.tsv")


def run(conf, ids, tmp):
    outs = [os.path.join(tmp, n) for n in ("table.inc", "ids.inc", "stored.inc")]
    p = subprocess.run([sys.executable, gen, conf, ids, *outs], capture_output=True, text=True)
    return p, outs


def stored_ids(table_inc, stored_inc):
    names = re.findall(r'^\{"([^"]+)"', open(table_inc).read(), re.M)
    arr = re.search(r"kStoredIdOfField\[\] = \{([^}]*)\}", open(stored_inc).read()).group(1)
    return dict(zip(names, map(int, arr.split(","))))


with tempfile.TemporaryDirectory() as tmp:
    p, outs = run(conf_path, ids_path, tmp)
    assert p.returncode == 0, p.stderr
    before = stored_ids(outs[0], outs[2])

    conf = json.load(open(conf_path))
    conf["event"]["aaa.added_field"] = {"type": "String", "description": "test"}
    new_conf = os.path.join(tmp, "harmonization.conf")
    json.dump(conf, open(new_conf, "w"))
    p, _ = run(new_conf, ids_path, tmp)
    assert p.returncode != 0, "a field without a stored id was accepted"
    assert "aaa.added_field" in p.stderr and "append" in p.stderr, p.stderr

    new_ids = os.path.join(tmp, "field_ids.tsv")
    text = open(ids_path).read()
    next_id = max(before.values()) + 1
    open(new_ids, "w").write(text + f"{next_id}\taaa.added_field\n")
    p, outs = run(new_conf, new_ids, tmp)
    assert p.returncode == 0, p.stderr
    after = stored_ids(outs[0], outs[2])
    for name, sid in before.items():
        assert after[name] == sid, f"{name}: stored id {sid} became {after[name]}"
    assert after["aaa.added_field"] == next_id

    # Editing a released line is refused (ids out of order).
    bad = os.path.join(tmp, "bad.tsv")
    open(bad, "w").write(text.replace("0\tclassification.identifier", "1\tclassification.identifier"))
    p, _ = run(conf_path, bad, tmp)
    assert p.returncode != 0 and "out of order" in p.stderr, p.stderr
print("ok: stored field ids stable when a field is added")
