#!/usr/bin/env python3
"""Writes one MISP event with N attributes for the import benchmark (docs/PERFORMANCE.md):
make_misp_event.py N OUT. Invented data: ip-dst addresses in 198.51.100.0/24 and
203.0.113.0/24 with ports as ip-dst|port, domains and URLs under example.net, SHA-256
hashes; a tlp:amber tag and an rsit class per attribute kind."""
import hashlib
import json
import sys
import uuid

n, out = int(sys.argv[1]), sys.argv[2]
ts = "1796025600"
kinds = [("ip-dst", "rsit:malicious-code=\"c2-server\""), ("ip-dst|port", "rsit:malicious-code=\"c2-server\""),
         ("domain", "rsit:fraud=\"phishing\""), ("url", "rsit:fraud=\"phishing\""),
         ("sha256", "rsit:malicious-code=\"malware-distribution\"")]
attributes = []
for i in range(n):
    kind, tag = kinds[i % len(kinds)]
    net = "198.51.100" if i % 2 else "203.0.113"
    ip = f"{net}.{i % 254 + 1}"
    value = {"ip-dst": ip, "ip-dst|port": f"{ip}|{1024 + i % 60000}",
             "domain": f"host{i}.example.net", "url": f"http://host{i}.example.net/login/{i}",
             "sha256": hashlib.sha256(str(i).encode()).hexdigest()}[kind]
    attributes.append({"uuid": str(uuid.UUID(int=i + 1, version=4)), "type": kind,
                       "category": "Payload delivery" if kind == "sha256" else "Network activity",
                       "value": value, "to_ids": True, "timestamp": ts, "distribution": "5",
                       "deleted": False, "comment": "", "Tag": [{"name": tag}]})
event = {"Event": {"uuid": "5b7d6c1e-3f2a-4b8c-9d0e-1f2a3b4c5d6e", "info": f"Benchmark event, {n} attributes",
                   "date": "2026-11-28", "timestamp": ts, "published": True, "publish_timestamp": ts,
                   "distribution": "1", "threat_level_id": "2", "analysis": "2",
                   "Orgc": {"name": "CERT-EX", "uuid": "8c5e1d2a-4f3b-4c6d-9e7f-0a1b2c3d4e5f"},
                   "Tag": [{"name": "tlp:amber"}], "Attribute": attributes}}
json.dump(event, open(out, "w"))
