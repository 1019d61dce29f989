#!/usr/bin/env python3
"""Writes a synthetic Shadowserver event4_sinkhole_http report for the web benchmarks:
make_sinkhole_report.py ROWS OUT.csv [--end YYYY-MM-DD] [--days N] [--seed S]

Infected hosts (infection families of real sinkhole reports) seen over the last N days.
Addresses: one in three from the IPv4 documentation ranges (192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24: few addresses, many events each, as a busy ISP's CGNAT looks), the rest
spread over 2001:db8::/32 (65,536 /48s, so a /48 holds what one customer's network would)."""
import argparse
import datetime
import random

p = argparse.ArgumentParser()
p.add_argument("rows", type=int)
p.add_argument("out")
p.add_argument("--end", default="2026-11-28")
p.add_argument("--days", type=int, default=30)
p.add_argument("--seed", type=int, default=7)
a = p.parse_args()
rng = random.Random(a.seed)
end = datetime.datetime.fromisoformat(a.end + "T23:59:59")
families = ["andromeda", "mirai", "qakbot", "emotet", "necurs", "conficker", "dnschanger", "avalanche"]
v4 = ["192.0.2.", "198.51.100.", "203.0.113."]
header = ("\"timestamp\",\"protocol\",\"src_ip\",\"src_port\",\"src_asn\",\"src_geo\",\"src_region\","
          "\"src_city\",\"src_hostname\",\"src_naics\",\"src_sector\",\"device_vendor\",\"device_type\","
          "\"device_model\",\"severity\",\"dst_ip\",\"dst_port\",\"dst_asn\",\"dst_geo\",\"dst_region\","
          "\"dst_city\",\"dst_hostname\",\"dst_naics\",\"dst_sector\",\"public_source\",\"infection\","
          "\"family\",\"tag\",\"application\",\"version\",\"event_id\",\"http_url\",\"http_host\","
          "\"http_agent\",\"forwarded_by\",\"ssl_cipher\",\"http_referer\",\"ssl_servername\",\"machine_name\"\n")
span = a.days * 86400
with open(a.out, "w") as f:
    f.write(header)
    out = []
    for i in range(a.rows):
        r = rng.getrandbits(64)
        t = end - datetime.timedelta(seconds=r % span)
        if (r >> 30) % 3 == 0:
            ip = v4[(r >> 32) % 3] + str(1 + (r >> 34) % 254)
        else:
            ip = "2001:db8:%x:%x::%x" % ((r >> 32) & 0xFFFF, (r >> 48) & 0xFFF, 1 + (i & 0xFFFF))
        fam = families[(r >> 20) % len(families)]
        out.append(f"\"{t:%Y-%m-%d %H:%M:%S}\",\"tcp\",\"{ip}\",\"{1024 + (r >> 8) % 60000}\",\"6449{(r >> 4) % 7}\","
                   f"\"BE\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"medium\",\"198.51.100.1\",\"80\",\"64511\","
                   f"\"BE\",\"\",\"\",\"\",\"\",\"\",\"\",\"{fam}\",\"{fam}\",\"\",\"http\",\"\",\"\",\"/\","
                   f"\"sinkhole.example\",\"\",\"\",\"\",\"\",\"\",\"\"\n")
        if len(out) == 100000:
            f.writelines(out)
            out.clear()
    f.writelines(out)
