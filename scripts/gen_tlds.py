#!/usr/bin/env python3
"""Writes data/publicsuffix/tlds.txt from the Public Suffix List (ICANN section)."""
import sys

tlds = set()
icann = False
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        line = line.strip()
        if line.startswith("// ===BEGIN ICANN DOMAINS==="):
            icann = True
        if line.startswith("// ===END ICANN DOMAINS==="):
            icann = False
        if not icann or not line or line.startswith("//"):
            continue
        label = line.split(".")[-1].lstrip("!*")
        try:
            label = label.encode("idna").decode("ascii")
        except UnicodeError:
            continue
        tlds.add(label.lower())
out = sys.argv[2] if len(sys.argv) > 2 else "data/publicsuffix/tlds.txt"
with open(out, "w", encoding="ascii") as fh:
    fh.write("\n".join(sorted(tlds)) + "\n")
