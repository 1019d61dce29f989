#!/usr/bin/env python3
"""A loopback server that speaks the MISP REST calls Belfry uses, for tests (no MISP instance
runs offline): misp_server.py PORT KEY SCHEMA_DIR STATE_DIR [EVENTS_DIR]

- POST /events/add: the body must be a MISP event valid against MISP's schema.json (or
  schema-lax.json when it has objects); an event whose UUID is known gets MISP's 403
  "Event already exists". Answers {"Event": {..., "id": N}}.
- POST /events/edit/<uuid>: the same validation; 404 for an unknown UUID.
- POST /events/restSearch: {"tags": [...], "timestamp": N, "org": [...]} -> {"response":
  [{"Event": ...}]}, the stored events carrying one of the tags (event or attribute level),
  newer than N, created by one of the orgs (or not by a "!NAME" one).
- Every call needs "Authorization: KEY" (else 403). Preloaded events: EVENTS_DIR/*.json.
- Test controls: POST /_fail?n=N answers the next N calls with 503; GET /_state lists the
  stored events (uuid, id, attribute values) and the count of calls per path; every event
  body received is kept in STATE_DIR/<uuid>.<n>.json."""
import glob
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

import jsonschema

port, key, schema_dir, state_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
strict = json.load(open(os.path.join(schema_dir, "schema.json")))
lax = json.load(open(os.path.join(schema_dir, "schema-lax.json")))
lock = threading.Lock()
events, calls, failures, received = {}, {}, [0], [0]
if len(sys.argv) > 5:
    for path in sorted(glob.glob(os.path.join(sys.argv[5], "*.json"))):
        e = json.load(open(path))
        if "Event" in e and "uuid" in e["Event"]:
            e["Event"]["id"] = str(len(events) + 1)
            events[e["Event"]["uuid"]] = e


def tags_of(event):
    names = {t.get("name") for t in event.get("Tag", [])}
    for a in event.get("Attribute", []):
        names |= {t.get("name") for t in a.get("Tag", [])}
    return names


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def reply(self, status, doc):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_state":
            with lock:
                self.reply(200, {"calls": calls, "events": [
                    {"uuid": u, "id": e["Event"]["id"], "info": e["Event"].get("info"),
                     "distribution": e["Event"].get("distribution"),
                     "values": sorted(a["value"] for a in e["Event"].get("Attribute", []))}
                    for u, e in events.items()]})
            return
        self.reply(404, {"message": "not found"})

    def do_POST(self):
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        with lock:
            if url.path == "/_fail":
                failures[0] = int(parse_qs(url.query).get("n", ["1"])[0])
                return self.reply(200, {"ok": True})
            calls[url.path.rsplit("/", 1)[0] if url.path.startswith("/events/edit/") else url.path] = \
                calls.get(url.path.rsplit("/", 1)[0] if url.path.startswith("/events/edit/") else url.path, 0) + 1
            if self.headers.get("Authorization") != key:
                return self.reply(403, {"message": "Authentication failed."})
            if failures[0] > 0:
                failures[0] -= 1
                return self.reply(503, {"message": "Service unavailable"})
            try:
                body = json.loads(raw)
            except ValueError:
                return self.reply(400, {"message": "not JSON"})
            if url.path == "/events/restSearch":
                want = set(body.get("tags") or [])
                since = int(body.get("timestamp") or 0)
                orgs = body.get("org") or []
                keep = {o for o in orgs if not o.startswith("!")}
                drop = {o[1:] for o in orgs if o.startswith("!")}
                out = [e for e in events.values()
                       if (not want or tags_of(e["Event"]) & want) and int(e["Event"].get("timestamp", 0)) > since
                       and (not keep or e["Event"].get("Orgc", {}).get("name") in keep)
                       and e["Event"].get("Orgc", {}).get("name") not in drop]
                return self.reply(200, {"response": out})
            if url.path == "/events/add" or url.path.startswith("/events/edit/"):
                schema = lax if "Object" in body.get("Event", {}) else strict
                try:
                    jsonschema.validate(body, schema)
                except jsonschema.ValidationError as e:
                    return self.reply(400, {"message": "invalid event: " + e.message})
                uuid = body["Event"]["uuid"]
                received[0] += 1
                json.dump(body, open(os.path.join(state_dir, f"{uuid}.{received[0]}.json"), "w"))
                if url.path == "/events/add":
                    if uuid in events:
                        return self.reply(403, {"name": "Event already exists, if you would like to edit it, use the url in the location header.",
                                                "message": "Event already exists", "url": f"/events/view/{uuid}"})
                    body["Event"]["id"] = str(len(events) + 1)
                else:
                    if url.path.rsplit("/", 1)[1] != uuid or uuid not in events:
                        return self.reply(404, {"message": "Invalid event"})
                    body["Event"]["id"] = events[uuid]["Event"]["id"]
                events[uuid] = body
                return self.reply(200, body)
        self.reply(404, {"message": "not found"})


server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
print("listening", flush=True)
server.serve_forever()
