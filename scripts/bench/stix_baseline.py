#!/usr/bin/env python3
"""The baseline of the STIX export benchmark (docs/PERFORMANCE.md): the simplest script a
team would write, reading IntelMQ's eventdb view of a Belfry database with sqlite3 and
writing one STIX 2.1 bundle with json.dump: per event an ipv4-addr and an
autonomous-system (STIX's deterministic ids), an observed-data, an indicator and a sighting,
as the export writes them for the benchmark's events. No TLP policy (the view has no label).

Usage: stix_baseline.py DB OUT"""
import json
import sqlite3
import sys
import time
import uuid

SCO = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
TLP_AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
db, out = sys.argv[1], sys.argv[2]
now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
identity = f"identity--{uuid.uuid4()}"
common = {"spec_version": "2.1", "created_by_ref": identity, "created": now, "modified": now,
          "object_marking_refs": [TLP_AMBER]}
objects = [{"type": "identity", "spec_version": "2.1", "id": identity, "created": now,
            "modified": now, "name": "Example CERT", "identity_class": "organization"}]
con = sqlite3.connect(db)
for ip, asn, taxonomy, ctype, feed, when in con.execute(
        'SELECT "source.ip", "source.asn", "classification.taxonomy", "classification.type", '
        '"feed.name", "time.source" FROM events'):
    when = when.replace("+00:00", "Z")
    ip_id = "ipv4-addr--" + str(uuid.uuid5(SCO, json.dumps({"value": ip}, separators=(",", ":"))))
    refs = [ip_id]
    objects.append({"type": "ipv4-addr", "spec_version": "2.1", "id": ip_id, "value": ip,
                    "object_marking_refs": [TLP_AMBER]})
    if asn is not None:
        as_id = "autonomous-system--" + str(uuid.uuid5(SCO, json.dumps({"number": asn}, separators=(",", ":"))))
        refs.append(as_id)
        objects.append({"type": "autonomous-system", "spec_version": "2.1", "id": as_id,
                        "number": asn, "object_marking_refs": [TLP_AMBER]})
    od = f"observed-data--{uuid.uuid4()}"
    objects.append(dict(common, type="observed-data", id=od, first_observed=when,
                        last_observed=when, number_observed=1, object_refs=refs))
    ind = f"indicator--{uuid.uuid4()}"
    objects.append(dict(common, type="indicator", id=ind, indicator_types=["anomalous-activity"],
                        pattern_type="stix", pattern_version="2.1", valid_from=when,
                        labels=[f"rsit:{taxonomy}", f"rsit:{ctype}"], name=ctype,
                        description=f"RSIT {taxonomy}/{ctype}, reported by {feed}",
                        pattern=f"[ipv4-addr:value = '{ip}']"))
    objects.append(dict(common, type="sighting", id=f"sighting--{uuid.uuid4()}", first_seen=when,
                        last_seen=when, count=1, sighting_of_ref=ind, observed_data_refs=[od],
                        where_sighted_refs=[identity]))
with open(out, "w") as f:
    json.dump({"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}, f,
              separators=(",", ":"))
