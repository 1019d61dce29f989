#!/usr/bin/env python3
"""The baseline of the MISP export benchmark (docs/PERFORMANCE.md): the simplest script a
team would write, reading IntelMQ's eventdb view of a Belfry database with sqlite3 and
writing one MISP event with json.dump. It applies no TLP policy (the view has no label) and
writes two attributes per event, as the export does for the benchmark's events.

Usage: misp_baseline.py DB OUT"""
import json
import sqlite3
import sys
import time
import uuid

db, out = sys.argv[1], sys.argv[2]
now = int(time.time())
con = sqlite3.connect(db)
attributes = []
tags = set()
for ip, asn, taxonomy, ctype, feed, when in con.execute(
        'SELECT "source.ip", "source.asn", "classification.taxonomy", "classification.type", '
        '"feed.name", "time.source" FROM events'):
    comment = f"{ctype} from {feed} at {when}"
    tags.add(f'rsit:{taxonomy}="{ctype}"')
    for mtype, value, to_ids in (("ip-src", ip, True), ("AS", asn, False)):
        if value is None:
            continue
        attributes.append({"uuid": str(uuid.uuid4()), "type": mtype, "category": "Network activity",
                           "value": str(value), "to_ids": to_ids, "distribution": "5",
                           "timestamp": str(now), "deleted": False, "comment": comment})
event = {"Event": {"uuid": str(uuid.uuid4()), "info": "baseline export", "date": time.strftime("%Y-%m-%d"),
                   "timestamp": str(now), "published": False, "publish_timestamp": "0",
                   "distribution": "0", "threat_level_id": "2", "analysis": "2",
                   "Orgc": {"name": "Example CERT", "uuid": str(uuid.uuid4())},
                   "Attribute": attributes, "Tag": [{"name": t} for t in sorted(tags)],
                   "attribute_count": str(len(attributes))}}
with open(out, "w") as f:
    json.dump(event, f)
