#!/usr/bin/env python3
"""Loopback HTTP(S) server for the collector tests.

Serves feed files the way providers do and implements Shadowserver's Reports API protocol:

  GET  /files/NAME        a file from --files, with ETag and Last-Modified; 304 when the
                          request's If-None-Match or If-Modified-Since says it is unchanged
  GET  /status/CODE       always answers CODE
  GET  /flaky/N/NAME      answers 500 to the first N requests, then serves NAME
  GET  /slow/S/NAME       waits S seconds before answering
  POST /api2/reports/list      {"apikey", "report": [...], "date": "FROM:TO"}  -> [{id, file, ...}]
  POST /api2/reports/download  {"apikey", "id"}                              -> the report's bytes
       Both check the HMAC2 header: hex HMAC-SHA256 of the body under the secret, as
       Shadowserver documents; a bad key or signature gets {"error": ...}.
  GET  /_stats            request counts per path, as JSON

Reports for the API are the files in --reports; a file's mailing list is its third
dash-separated part ("2026-11-21-scan_http-belgium-geo.csv" -> "belgium"), its date the first.
A report whose name contains "-expired-" is listed but its download is refused (404).
The listening port is written to --port-file.
"""
import argparse
import email.utils
import hashlib
import hmac
import http.server
import json
import os
import ssl
import sys
import threading
import time

STATS = {}
LOCK = threading.Lock()


def count(key):
    with LOCK:
        STATS[key] = STATS.get(key, 0) + 1
        return STATS[key]


def report_id(name):
    return hashlib.sha1(name.encode()).hexdigest()[:24]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body=b"", headers=None):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def serve_file(self, name):
        path = os.path.join(self.server.files, os.path.basename(name))
        if not os.path.isfile(path):
            return self.send(404, b"not found")
        data = open(path, "rb").read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        mtime = email.utils.formatdate(int(os.path.getmtime(path)), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            count("304:" + name)
            return self.send(304, b"", {"ETag": etag})
        count("200:" + name)
        self.send(200, data, {"ETag": etag, "Last-Modified": mtime,
                              "Content-Type": "application/octet-stream"})

    def do_GET(self):
        count(self.path)
        parts = self.path.split("/")
        if self.path == "/_stats":
            with LOCK:
                body = json.dumps(STATS).encode()
            return self.send(200, body, {"Content-Type": "application/json"})
        if len(parts) == 3 and parts[1] == "files":
            return self.serve_file(parts[2])
        if len(parts) == 3 and parts[1] == "status":
            return self.send(int(parts[2]), b"status")
        if len(parts) == 4 and parts[1] == "flaky":
            if count("flaky-attempt:" + parts[3]) <= int(parts[2]):
                return self.send(500, b"try again")
            return self.serve_file(parts[3])
        if len(parts) == 4 and parts[1] == "slow":
            time.sleep(float(parts[2]))
            return self.serve_file(parts[3])
        self.send(404, b"not found")

    def api_error(self, message, code=200):
        self.send(code, json.dumps({"error": message}).encode(),
                  {"Content-Type": "application/json"})

    def do_POST(self):
        count(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            request = json.loads(body)
        except ValueError:
            return self.api_error("request body is not JSON", 400)
        if request.get("apikey") != self.server.api_key:
            return self.api_error("unknown API key", 401)
        expected = hmac.new(self.server.secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(self.headers.get("HMAC2", ""), expected):
            count("bad-signature")
            return self.api_error("signature mismatch", 401)
        reports = sorted(os.listdir(self.server.reports)) if self.server.reports else []
        if self.path == "/api2/reports/list":
            lists = request.get("report") or []
            lo, _, hi = str(request.get("date", "")).partition(":")
            hi = hi or lo
            out = []
            for name in reports:
                fields = name.split("-")
                day = "-".join(fields[:3])
                mailing_list = fields[4] if len(fields) > 4 else ""
                if lists and mailing_list not in lists:
                    continue
                if lo and not (lo <= day <= hi):
                    continue
                out.append({"id": report_id(name), "report": mailing_list, "file": name,
                            "timestamp": day, "type": fields[3] if len(fields) > 3 else ""})
            return self.send(200, json.dumps(out).encode(), {"Content-Type": "application/json"})
        if self.path == "/api2/reports/download":
            for name in reports:
                if report_id(name) == request.get("id"):
                    count("download:" + name)
                    if "-expired-" in name:  # listed, but no longer downloadable
                        return self.api_error("report expired", 404)
                    data = open(os.path.join(self.server.reports, name), "rb").read()
                    return self.send(200, data, {"Content-Type": "text/csv"})
            return self.api_error("no such report", 404)
        self.send(404, b"not found")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", default=".")
    ap.add_argument("--reports", default="")
    ap.add_argument("--api-key", default="test-key")
    ap.add_argument("--secret", default="test-secret")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--tls-cert", default="")
    ap.add_argument("--tls-key", default="")
    args = ap.parse_args()
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.files, httpd.reports = args.files, args.reports
    httpd.api_key, httpd.secret = args.api_key, args.secret
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(httpd.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
