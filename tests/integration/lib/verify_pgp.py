#!/usr/bin/env python3
"""Verifies a PGP/MIME signed mail (RFC 3156) with gpg: verify_pgp.py MAIL [GNUPGHOME].

Cuts the signed part out byte for byte (not through a MIME library, which could re-encode
it), turns its line ends into CRLF, and runs `gpg --verify`. Prints the signer's
fingerprint; exits non-zero when the signature is bad or missing."""
import os
import re
import subprocess
import sys
import tempfile

raw = open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n")
head, _, body = raw.partition(b"\n\n")
unfolded = re.sub(rb"\n[ \t]+", b" ", head)
m = re.search(rb'^Content-Type:\s*multipart/signed;.*?boundary="?([^";\n]+)"?', unfolded,
              re.I | re.M)
if not m:
    sys.exit("not a multipart/signed mail")
b = b"--" + m.group(1)
parts = body.split(b"\n" + b)
first = body.index(b + b"\n") + len(b) + 1
end = body.index(b"\n" + b, first)
signed = body[first:end]
rest = body[end + len(b) + 2:]
sig_start = rest.index(b"-----BEGIN PGP SIGNATURE-----")
sig_end = rest.index(b"-----END PGP SIGNATURE-----") + len(b"-----END PGP SIGNATURE-----")
with tempfile.TemporaryDirectory() as d:
    open(os.path.join(d, "data"), "wb").write(signed.replace(b"\n", b"\r\n"))
    open(os.path.join(d, "sig.asc"), "wb").write(rest[sig_start:sig_end] + b"\n")
    cmd = ["gpg", "--batch", "--status-fd", "1", "--verify", os.path.join(d, "sig.asc"),
           os.path.join(d, "data")]
    if len(sys.argv) > 2:
        cmd[1:1] = ["--homedir", sys.argv[2]]
    r = subprocess.run(cmd, capture_output=True, text=True)
    good = [l for l in r.stdout.splitlines() if l.startswith("[GNUPG:] VALIDSIG")]
    if r.returncode != 0 or not good:
        sys.exit("bad signature: " + r.stdout + r.stderr)
    print(good[0].split()[2])
