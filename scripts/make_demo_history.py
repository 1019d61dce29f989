#!/usr/bin/env python3
"""Writes the demo's sinkhole history: make_demo_history.py OUT.csv

Sixty days (2026-09-23 to 2026-11-21) of a Shadowserver event4_sinkhole_http report about
infected hosts in the sample constituency's networks (192.0.2.0/25, 198.51.100.0/24), with
about 300 infected addresses a day until a national awareness campaign on 2026-10-26, then
a decline to about 130: the before/after the dashboard's infection chart shows (the shape
of the DNSChanger clean-up, 4,000 -> 1,700, at a tenth of the scale). Invented data, fixed
seed: every demo writes the same file."""
import datetime
import random
import sys

rng = random.Random(2026)
start = datetime.date(2026, 9, 23)
campaign = datetime.date(2026, 10, 26)
pool = [f"192.0.2.{i}" for i in range(1, 127)] + [f"198.51.100.{i}" for i in range(1, 255)]
families = [("dnschanger", 0.55), ("mirai", 0.25), ("andromeda", 0.12), ("qakbot", 0.08)]
family_of = {}
for ip in pool:
    x, acc = rng.random(), 0.0
    for name, share in families:
        acc += share
        if x <= acc:
            family_of[ip] = name
            break
    else:
        family_of[ip] = families[-1][0]
header = ('"timestamp","protocol","src_ip","src_port","src_asn","src_geo","src_region","src_city",'
          '"src_hostname","src_naics","src_sector","device_vendor","device_type","device_model",'
          '"severity","dst_ip","dst_port","dst_asn","dst_geo","dst_region","dst_city","dst_hostname",'
          '"dst_naics","dst_sector","public_source","infection","family","tag","application","version",'
          '"event_id","http_url","http_host","http_agent","forwarded_by","ssl_cipher","http_referer",'
          '"ssl_servername","machine_name"\n')
with open(sys.argv[1], "w") as f:
    f.write(header)
    for d in range(60):
        day = start + datetime.timedelta(days=d)
        after = (day - campaign).days
        level = 300 if after < 0 else 130 + 170 * (0.8 ** after)
        n = min(len(pool), max(0, int(rng.gauss(level, level * 0.04))))
        for ip in rng.sample(pool, n):
            t = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(seconds=rng.randrange(86400))
            fam = family_of[ip]
            asn = "64496" if ip.startswith("192.") else "64500"
            f.write(f'"{t:%Y-%m-%d %H:%M:%S}","tcp","{ip}","{rng.randrange(1024, 65535)}","{asn}","BE","","",'
                    f'"","","","","","","medium","203.0.113.53","80","64511","BE","","","","","","",'
                    f'"{fam}","{fam}","","http","","","/","sinkhole.example","","","","","",""\n')
