#!/usr/bin/env python3
"""Writes realistic, invented Shadowserver report samples for the golden tests.

Usage: make_shadowserver_samples.py OUT_DIR

Column lists come from Shadowserver's reports.json (data/shadowserver); values are invented
with documentation address ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
2001:db8::/32), private-use AS numbers (64496-64511) and example.* names. Deterministic.
"""
import csv
import io
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = json.load(open(os.path.join(HERE, "..", "data", "shadowserver", "reports.json")))

TYPES = {
    "scan_http": "Accessible HTTP servers with a banner and a CVE tag",
    "scan_telnet": "Accessible Telnet with a login banner",
    "scan_ntp": "NTP servers answering mode 6 queries (numeric extra fields)",
    "scan_rdp": "RDP with certificate details",
    "scan_smb": "SMB servers",
    "scan_ssl": "TLS servers with certificate dates (convert_date)",
    "scan6_dns": "Open resolvers over IPv6",
    "blocklist": "Blocklisted addresses with a network in the ip column",
    "device_id": "Device identification",
    "compromised_website": "Compromised websites: URL rebuilt from http_host + url",
    "event4_sinkhole_http": "Sinkholed HTTP bots: source and destination sides",
    "event4_sinkhole": "Sinkholed bots (malware family)",
    "event4_honeypot_brute_force": "Honeypot brute force with start/end times (convert_date_utc)",
    "event4_ip_spoofer": "IP spoofing with a source network",
    "scan_exchange": "Exchange servers: classification from the tag",
}

rng = random.Random(20261122)


def ip4():
    return rng.choice(["192.0.2.", "198.51.100.", "203.0.113."]) + str(rng.randint(1, 254))


def value(col, row_no, report):
    c = col.lower()
    if c == "timestamp":
        return "2026-11-21 %02d:%02d:%02d" % (rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    if c in ("ip", "src_ip"):
        if report == "scan6_dns":
            return "2001:db8:%x::%x" % (rng.randint(1, 0xffff), rng.randint(1, 0xffff))
        if report == "blocklist" and row_no == 1:
            return "198.51.100.0/28"
        return ip4()
    if c == "dst_ip":
        return ip4()
    if c in ("port", "src_port", "dst_port"):
        return str(rng.choice([23, 80, 123, 443, 445, 3389, 8080]))
    if c in ("asn", "src_asn", "dst_asn"):
        return str(rng.randint(64496, 64511))
    if c in ("geo", "src_geo", "dst_geo"):
        return rng.choice(["BE", "BE", "NL", "LU"])
    if c in ("region", "src_region", "dst_region"):
        return rng.choice(["BRUXELLES-CAPITALE", "ANTWERPEN", "LIEGE"])
    if c in ("city", "src_city", "dst_city"):
        return rng.choice(["BRUSSELS", "ANTWERPEN", "LIEGE"])
    if c in ("hostname", "src_hostname", "dst_hostname", "http_host", "servername"):
        return rng.choice(["", "www.example.be", "mail.example.net", "vpn.example.org"])
    if c in ("naics", "src_naics", "dst_naics"):
        return rng.choice(["0", "517311", "611310"])
    if c in ("sector", "src_sector", "dst_sector"):
        return rng.choice(["", "Communications, Service Provider, and Hosting Service", "Education"])
    if c == "protocol":
        return "udp" if report in ("scan_ntp", "scan6_dns") else "tcp"
    if c == "severity":
        return rng.choice(["info", "medium", "high", "critical"])
    if c == "tag":
        if report == "scan_exchange":
            return "exchange;webshell" if row_no == 2 else "exchange;cve-2021-26855"
        return rng.choice(["", "cve-2021-44228", "ssh;cve-2023-48795"]) if row_no else report.split("_")[-1]
    if c == "url":
        return "GET /wp-login.php HTTP/1.1" if report == "compromised_website" else "/owa/"
    if c in ("cert_issue_date", "cert_expiration_date"):
        return "Nov 21 00:00:00 2025 GMT"
    if c in ("start_time", "end_time"):
        return "2026-11-21 04:05:06"
    if c in ("infection", "family"):
        return rng.choice(["andromeda", "mirai", "qakbot"])
    if c == "application":
        return "http"
    if c in ("stratum", "version", "min_amplification", "cert_length", "http_code", "content_length", "count"):
        return str(rng.randint(1, 4096))
    if c in ("category",):
        return "" if row_no == 1 else "malicious-redirect"
    if c in ("detail",):
        return "injected JavaScript"
    if c in ("public_source",):
        return "CISPA"
    if c in ("network",):
        return "203.0.113.0/24"
    if c in ("subject_common_name", "issuer_common_name"):
        return "example.be"
    if c.endswith("fingerprint"):
        return "%040x" % rng.getrandbits(160)
    if c in ("banner",):
        return "Ubuntu 24.04 LTS\\r\\nlogin:"
    if c in ("handshake", "ssl_version", "smb_version_string"):
        return rng.choice(["TLSv1.2", "SMBv2", "RDP 10"])
    if c in ("device_vendor", "device_type", "device_model", "device_version"):
        return {"device_vendor": "ExampleNet", "device_type": "router", "device_model": "EX-100",
                "device_version": "1.2.3"}[c]
    return ""


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for report, about in TYPES.items():
        cols = REPORTS[report]["fields"]
        buf = io.StringIO()
        w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(cols)
        for i in range(3):
            w.writerow([value(c, i, report) for c in cols])
        name = "2026-11-21-%s-belgium-asn" % report
        with open(os.path.join(out_dir, name + ".input"), "w") as fh:
            fh.write(buf.getvalue())
        with open(os.path.join(out_dir, name + ".about"), "w") as fh:
            fh.write(about + "\n")


if __name__ == "__main__":
    main()
