#!/usr/bin/env python3
"""The baseline of the MISP import benchmark (docs/PERFORMANCE.md): the simplest script a
team would write to take a peer's MISP event into an IntelMQ-style events table: json.load,
the same type mapping (ip-dst, ip-dst|port, domain, url, sha256), the attribute's rsit tag as
classification and the event's tlp tag, then sqlite3 inserts in one transaction. No
validation of the values, no enrichment, routing or deduplication (Belfry does all three).

Usage: misp_import_baseline.py EVENT.json DB"""
import json
import sqlite3
import sys

doc = json.load(open(sys.argv[1]))
con = sqlite3.connect(sys.argv[2])
con.execute('CREATE TABLE IF NOT EXISTS events ("source.ip" TEXT, "destination.ip" TEXT, '
            '"destination.port" INTEGER, "source.fqdn" TEXT, "source.url" TEXT, '
            '"malware.hash.sha256" TEXT, "classification.type" TEXT, "tlp" TEXT, '
            '"misp.event_uuid" TEXT, "misp.attribute_uuid" TEXT, "event_description.text" TEXT)')
ev = doc["Event"]
tlp = next((t["name"][4:].upper() for t in ev.get("Tag", []) if t["name"].startswith("tlp:")), "AMBER")
rows = []
for a in ev["Attribute"]:
    row = {"destination.ip": None, "destination.port": None, "source.fqdn": None,
           "source.url": None, "malware.hash.sha256": None}
    t, v = a["type"], a["value"]
    if t == "ip-dst":
        row["destination.ip"] = v
    elif t == "ip-dst|port":
        row["destination.ip"], port = v.split("|")
        row["destination.port"] = int(port)
    elif t == "domain":
        row["source.fqdn"] = v
    elif t == "url":
        row["source.url"] = v
    elif t == "sha256":
        row["malware.hash.sha256"] = v
    else:
        continue
    ctype = next((x["name"].split("=", 1)[1].strip('"') for x in a.get("Tag", [])
                  if x["name"].startswith("rsit:")), "undetermined")
    rows.append((None, row["destination.ip"], row["destination.port"], row["source.fqdn"],
                 row["source.url"], row["malware.hash.sha256"], ctype, tlp, ev["uuid"], a["uuid"],
                 ev["info"]))
with con:
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
print(len(rows))
