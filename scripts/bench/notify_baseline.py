#!/usr/bin/env python3
"""The notification benchmark's baseline: what a team scripts around IntelMQ's smtp_batch
output, the simplest honest way. Reads the same Shadowserver report and the same
constituency CSV as `belfry notify run`, finds each row's organisation (longest network
match), groups rows per contact, and for each contact builds a mail with the rows as a CSV
attachment, signs it PGP/MIME with `gpg --detach-sign` (one gpg process per mail, as
python-gnupg and shell scripts do), and sends it over one reused SMTP connection.

Usage: notify_baseline.py REPORT.csv ORGANISATIONS.csv SMTP_PORT GNUPGHOME KEY_UID USER PASS CA"""
import csv
import email.policy
import ipaddress
import smtplib
import ssl
import subprocess
import sys
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.base import MIMEBase

report, orgs_csv, port, home, uid, user, password, ca = sys.argv[1:9]

nets = []
for row in csv.DictReader(open(orgs_csv)):
    for n in filter(None, row["networks"].split(";")):
        nets.append((ipaddress.ip_network(n), row["email"], row["language"] or "nl+fr"))
nets.sort(key=lambda x: -x[0].prefixlen)
by_prefix = {}
for net, mail, lang in nets:
    by_prefix.setdefault(net.prefixlen, {})[int(net.network_address)] = (mail, lang)

groups = {}
reader = csv.DictReader(open(report))
for row in reader:
    ip = int(ipaddress.ip_address(row["ip"]))
    for plen, table in by_prefix.items():
        key = ip & ((0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF)
        if key in table:
            groups.setdefault(table[key], []).append(row)
            break

smtp = smtplib.SMTP("127.0.0.1", int(port))
smtp.starttls(context=ssl.create_default_context(cafile=ca))
smtp.login(user, password)
sent = 0
for (rcpt, lang), rows in groups.items():
    inner = MIMEMultipart("mixed")
    inner.attach(MIMEText(
        "Dear security contact,\n\nWe received %d report(s) about hosts on your network.\n"
        "They are attached as events.csv.\n\nKind regards,\nExample CERT\n" % len(rows),
        "plain", "utf-8"))
    lines = [",".join(reader.fieldnames)]
    for r in rows:
        lines.append(",".join('"%s"' % r[f].replace('"', '""') for f in reader.fieldnames))
    att = MIMEApplication("\r\n".join(lines).encode(), "csv", name="events.csv")
    att.add_header("Content-Disposition", "attachment", filename="events.csv")
    inner.attach(att)
    signed_bytes = inner.as_bytes(policy=email.policy.SMTP)
    sig = subprocess.run(["gpg", "--homedir", home, "--batch", "--armor", "--detach-sign",
                          "--local-user", uid], input=signed_bytes, capture_output=True,
                         check=True).stdout
    outer = MIMEMultipart("signed", micalg="pgp-sha256", protocol="application/pgp-signature")
    outer.attach(inner)
    s = MIMEBase("application", "pgp-signature", name="signature.asc")
    s.set_payload(sig)
    outer.attach(s)
    outer["From"] = "cert@example.be"
    outer["To"] = rcpt
    outer["Subject"] = "[CERT] %d event(s) concerning your network" % len(rows)
    smtp.sendmail("bounces@example.be", [rcpt], outer.as_bytes(policy=email.policy.SMTP))
    sent += 1
smtp.quit()
print(sent)
