#!/usr/bin/env python3
"""Writes report mails into a Maildir's new/ folder, as Shadowserver sends them.

  write_report_mails.py MAILDIR GOLDEN_DIR ID_PREFIX

Four mails: a report zipped as .csv.zip (scan_http, 3 events), a plain .csv report
(scan_ntp, 3 events), a report mail without attachment, and a mail that is not a report
(its subject does not mention Shadowserver; it has a notes.txt attachment).
"""
import io
import os
import sys
import zipfile
from email.message import EmailMessage


def main():
    maildir, golden, prefix = sys.argv[1], sys.argv[2], sys.argv[3]

    def mail(n, subject, attachments):
        m = EmailMessage()
        m["From"] = "autoreports@shadowserver.example"
        m["To"] = "reports@cert.example.be"
        m["Subject"] = subject
        m["Message-ID"] = "<%s-%d@shadowserver.example>" % (prefix, n)
        m.set_content("Attached are today's reports.")
        for name, data, maintype, subtype in attachments:
            m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        with open(os.path.join(maildir, "new", "17000000%02d.M1P1.%s" % (n, prefix)), "wb") as f:
            f.write(bytes(m))

    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(os.path.join(golden, "shadowserver/2026-11-21-scan_http-belgium-asn.input"),
                 "2026-11-21-scan_http-belgium-asn.csv")
    ntp = os.path.join(golden, "recipes/shadowserver-imap/2026-11-21-scan_ntp-belgium-asn.input")
    mail(1, "[belgium] Shadowserver belgium Accessible-HTTP Report: 2026-11-21",
         [("2026-11-21-scan_http-belgium-asn.csv.zip", z.getvalue(), "application", "zip")])
    mail(2, "[belgium] Shadowserver belgium NTP-Version Report: 2026-11-21",
         [("2026-11-21-scan_ntp-belgium-asn.csv", open(ntp, "rb").read(), "text", "csv")])
    mail(3, "[belgium] Shadowserver belgium Report: no data", [])
    mail(4, "Meeting notes", [("notes.txt", b"not a report", "text", "plain")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
