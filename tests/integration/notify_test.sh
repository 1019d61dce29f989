#!/usr/bin/env bash
# Automatic notifications end to end, from the CLI, against a real SMTP server on loopback
# and real GnuPG: a Shadowserver report whose addresses fall in several organisations'
# networks (one nested in another), a peer team's and nobody's becomes one signed mail per
# recipient, in its language and format, with only its own events; nothing goes to the
# address outside; a second run sends nothing; the same findings the next day are not sent
# again until the re-notification interval (a moved clock), unless something changed; an
# inhibition holds a finding back; a 5xx for one recipient does not stop the others; a
# crash between sending and recording sends nothing twice; a bounce (DSN to the VERP
# address) marks the recipient failing and takes its events back.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
SMTP_PID=
RUN=
cleanup() {
  [ -n "$RUN" ] && kill "$RUN" 2>/dev/null
  [ -n "$SMTP_PID" ] && kill "$SMTP_PID" 2>/dev/null
  gpgconf --homedir "$T/gnupg" --kill gpg-agent 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
# A throw-away GnuPG home: the team's ed25519 key, and the ministry's key (to encrypt to).
export GNUPGHOME="$T/gnupg"
mkdir -m 700 "$GNUPGHOME"
G() { gpg --batch --pinentry-mode loopback --passphrase '' "$@" 2>/dev/null; }
G --quick-gen-key 'Example CERT <cert@example.be>' ed25519 sign never
G --quick-gen-key 'Example Ministry CSIRT <csirt@ministry.example>' future-default default never
TEAM_FPR=$(gpg --batch --with-colons --list-secret-keys cert@example.be | awk -F: '/^fpr/ {print $10; exit}')
MIN_FPR=$(gpg --batch --with-colons --list-keys csirt@ministry.example | awk -F: '/^fpr/ {print $10; exit}')

. "$HERE/lib/smtp_server.sh"
start_smtp_server

cat > "$T/belfry.toml" <<CONF
[store]
url = "sqlite://$T/data/belfry.db"
[constituency]
countries = ["BE"]
languages = ["nl", "fr"]
[mail]
from = "cert@example.be"
from_name = "Example CERT"
starttls = "required"
ca_file = "$T/cert.pem"
[notify]
signing_key = "cert@example.be"
max_age = "30d"
renotify = "7d"
period = "1d"
per_domain_per_minute = 0
CONF
B() { "$BELFRY" --config "$T/belfry.toml" "$@"; }
received() { ls "$T/received" | grep -c '\.json$' || true; }

# The constituency: the examples, with real keys and each format once. The hospital reads
# semicolon CSV with an inline signature, the university's lab network (nested in the
# university's) wants X-ARF, the ministry JSON encrypted to its key; one organisation's
# abuse desk answers 5xx.
sed -e "s/0123456789ABCDEF0123456789ABCDEF01234567/$MIN_FPR/" \
    -e 's/soc@hospital.example,security,fr,csv/soc@hospital.example,security,fr,csv-semicolon+pgp-inline/' \
    -e 's/labs-abuse@university.example,abuse,nl,csv/labs-abuse@university.example,abuse,nl,xarf/' \
    "$ROOT/examples/constituency/organisations.csv" > "$T/orgs.csv"
echo 'ORG-REJECT,Example Rejecting Hosting,BE,digital-infrastructure,none,,198.51.100.224/28,,,reject-desk@example.org,abuse,en,csv,,' >> "$T/orgs.csv"
B constituency import ripe "$ROOT/examples/constituency/ripe-sample.db" >/dev/null 2>&1
B constituency import csv "$T/orgs.csv" >/dev/null 2>&1 || fail "constituency import"
B constituency import ti "$ROOT/examples/constituency/peer-teams.json" >/dev/null 2>&1

# report DAYS_FROM_NOW NAME "ip port [asn geo [banner]]"...: a Shadowserver scan_telnet report.
report() {
  local days=$1 name=$2; shift 2
  local ts; ts=$(date -u -d "@$(( $(date +%s) + days * 86400 - 3600 ))" '+%Y-%m-%d %H:%M:%S')
  mkdir -p "$T/in-$name"
  local f="$T/in-$name/2026-11-28-scan_telnet-belgium-asn.csv"
  echo '"timestamp","severity","ip","protocol","port","hostname","tag","asn","geo","region","city","naics","hostname_source","sector","banner"' > "$f"
  for row in "$@"; do
    set -- $row
    echo "\"$ts\",\"medium\",\"$1\",\"tcp\",\"$2\",\"\",\"telnet\",\"${3:-64496}\",\"${4:-BE}\",\"\",\"\",\"\",\"\",\"\",\"${5:-login:}\"" >> "$f"
  done
  B ingest --feed shadowserver "$T/in-$name" >/dev/null 2>&1 || fail "ingest $name"
}
FIRST=(
  "192.0.2.15 23" "192.0.2.97 2323"                      # the ministry (192.0.2.0/25)
  "198.51.100.10 23 64496 BE =HYPERLINK(\"http://x.example\")"  # the university: a formula
  "198.51.100.70 23"                                     # its lab network, nested /27
  "198.51.100.200 23"                                    # the hospital
  "198.51.100.230 23"                                    # the organisation whose desk rejects
  "192.0.2.200 23 64520 DE"                              # the research network's CERT (peer)
  "198.18.0.1 23 64999 US"                               # nobody's
)
report 0 day1 "${FIRST[@]}"

# 1. A dry run lists the mails and sends nothing.
B notify run --dry-run --json > "$T/dry.json"
[ "$(received)" = 0 ] || fail "the dry run sent mail"
python3 - "$T/dry.json" <<'PY' || fail "dry run"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["dry_run"] and s["mails"] == 0, s
got = {m["recipient"]: m for m in s["mail"]}
want = {"csirt@ministry.example", "cert@university.example", "labs-abuse@university.example",
        "soc@hospital.example", "reject-desk@example.org", "cert@nren.example"}
assert set(got) == want, sorted(got)
assert got["cert@nren.example"]["route"] == "peer" and got["csirt@ministry.example"]["nis2"]
assert got["csirt@ministry.example"]["encrypted"] and got["soc@hospital.example"]["signed"]
assert s["waiting_for_officer"]["unrouted"] + s["waiting_for_officer"]["triage"] >= 1, s
PY
pass "notify run --dry-run: six mails planned, nothing sent"

# 2. The run: one mail per recipient, a 5xx for one does not stop the others.
rc=0; B notify run --smtp "$SMTP" --json > "$T/run1.json" 2> "$T/run1.err" || rc=$?
[ "$rc" = 1 ] || fail "the rejected recipient must fail the command visibly (rc=$rc): $(cat "$T/run1.err")"
grep -q 'reject-desk@example.org: failed' "$T/run1.err" || fail "5xx not reported: $(cat "$T/run1.err")"
[ "$(received)" = 5 ] || fail "want 5 mails delivered, got $(received)"
mkdir -p "$T/x"
python3 - "$T/received" "$T/run1.json" "$T/x" "$ROOT" "$TEAM_FPR" <<'PY' || fail "the mails"
import base64, email, glob, io, json, os, re, subprocess, sys, zipfile
from email import policy
recv, summary, tmp, root, team = sys.argv[1:]
run = json.load(open(summary))
mails = {}
for f in sorted(glob.glob(os.path.join(recv, "*.json"))):
    m = json.load(open(f))
    assert len(m["to"]) == 1
    mails[m["to"][0]] = m
want_ips = {
    "csirt@ministry.example": {"192.0.2.15", "192.0.2.97"},
    "cert@university.example": {"198.51.100.10"},
    "labs-abuse@university.example": {"198.51.100.70"},
    "soc@hospital.example": {"198.51.100.200"},
    "cert@nren.example": {"192.0.2.200"},
}
assert set(mails) == set(want_ips), sorted(mails)
by_rcpt = {m["recipient"]: m for m in run["mail"]}
def gpg(*args, data=None):
    return subprocess.run(["gpg", "--batch", "--status-fd", "1", *args], input=data,
                          capture_output=True)
for rcpt, m in mails.items():
    raw = m["data"]
    assert "198.18.0.1" not in raw, rcpt
    n = by_rcpt[rcpt]["notification"]
    assert m["from"] == "bounces+%d@example.be" % n, (m["from"], n)
    msg = email.message_from_string(raw, policy=policy.default)
    t = by_rcpt[rcpt]["ticket"]
    assert re.match(r"\[BELFRY #%d\] \[TLP:AMBER\] " % t, msg["Subject"]), msg["Subject"]
    path = os.path.join(tmp, rcpt + ".eml")
    open(path, "w").write(raw)
    if rcpt == "csirt@ministry.example":
        # Encrypted to the ministry's key, signed inside by the team's.
        assert msg.get_content_type() == "multipart/encrypted", msg.get_content_type()
        armored = re.search(r"-----BEGIN PGP MESSAGE-----.*?-----END PGP MESSAGE-----", raw, re.S).group(0)
        r = gpg("--decrypt", data=armored.encode())
        assert r.returncode == 0 and b"GOODSIG" in r.stdout and team.encode() in r.stdout, r.stdout
        plain = subprocess.run(["gpg", "--batch", "--decrypt"], input=armored.encode(),
                               capture_output=True).stdout.decode()
        inner = email.message_from_string(plain, policy=policy.default)
        body = inner.get_body(("plain",)).get_content()
        assert "Beste" in body and "Madame" not in body, "ministry: Dutch only"
        assert "essential" in body, "NIS2 entity said so"
        data = json.loads(next(p for p in inner.iter_attachments() if p.get_filename() == "events.json").get_content())
        ips = {e["source.ip"] for e in data}
    elif rcpt == "soc@hospital.example":
        # Inline PGP: a cleartext-signed body, a detached signature per attachment.
        body = msg.get_body(("plain",)).get_content()
        assert body.startswith("-----BEGIN PGP SIGNED MESSAGE-----"), body[:80]
        r = gpg("--verify", data=body.encode())
        assert r.returncode == 0 and b"GOODSIG" in r.stdout, r.stdout
        assert "Madame" in body and "Beste" not in body, "hospital: French"
        att = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
        csv = att["events.csv"]
        csv = csv.decode() if isinstance(csv, bytes) else csv
        sig = att["events.csv.asc"]
        sig = sig.decode() if isinstance(sig, bytes) else sig
        open(os.path.join(tmp, "h.csv"), "wb").write(csv.encode())
        open(os.path.join(tmp, "h.asc"), "w").write(sig)
        r = gpg("--verify", os.path.join(tmp, "h.asc"), os.path.join(tmp, "h.csv"))
        assert r.returncode == 0 and b"GOODSIG" in r.stdout, r.stdout
        lines = csv.strip().splitlines()
        assert ";" in lines[0] and "source.ip" in lines[0], lines[0]
        col = lines[0].split(";").index("source.ip")
        ips = {l.split(";")[col] for l in lines[1:]}
    else:
        r = subprocess.run(["python3", os.path.join(root, "tests/integration/lib/verify_pgp.py"), path],
                           capture_output=True, text=True)
        assert r.returncode == 0 and r.stdout.strip() == team, (rcpt, r.stdout, r.stderr)
        assert msg.get_content_type() == "multipart/signed", msg.get_content_type()
        inner = msg.get_payload(0)
        body = inner.get_body(("plain",)).get_content()
        att = {p.get_filename(): p.get_content() for p in inner.iter_attachments()}
        if rcpt == "labs-abuse@university.example":
            reports = [json.loads(v) for k, v in att.items() if k.startswith("xarf-")]
            for i, rep in enumerate(reports):
                json.dump(rep, open(os.path.join(tmp, "xarf-%d.json" % i), "w"))
            ips = {r["source_identifier"] for r in reports}
            assert all(r["category"] == "vulnerability" and r["type"] == "open_service" for r in reports)
            assert "Beste" in body
        else:
            csv = att["events.csv"]
            csv = csv.decode() if isinstance(csv, bytes) else csv
            rows = csv.strip().splitlines()
            col = rows[0].split(",").index("source.ip")
            ips = {l.split(",")[col] for l in rows[1:]}
            if rcpt == "cert@university.example":
                assert "Beste" in body and "Madame" in body, "language unknown: nl + fr"
                assert "\"'=HYPERLINK(" in csv, "formula injection not escaped: " + csv
            if rcpt == "cert@nren.example":
                assert "Dear colleagues" in body, "peer template"
    assert ips == want_ips[rcpt], (rcpt, ips)
PY
python3 "$ROOT/tests/integration/lib/validate_xarf.py" "$ROOT/tests/data/standards/xarf/v4" "$T"/x/xarf-*.json \
  || fail "X-ARF reports do not validate against the official schema"
pass "five recipients, each its own events only, in its language and format; signatures and encryption verify with gpg; X-ARF validates"

# 3. A second run sends nothing new.
before=$(received)
B notify run --smtp "$SMTP" --json > "$T/run2.json" 2>/dev/null || true
[ "$(received)" = "$before" ] || fail "a second run sent mail"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["mails"] == 0, s' "$T/run2.json" || fail "second run"
pass "a second run sends nothing"

# 4. The next day Shadowserver reports the same hosts (one ministry host with a new port):
# only the change is news; an inhibited finding stays quiet.
B notify inhibit --organisation ORG-EH1-RIPE --network 198.51.100.200 --classification vulnerable-system \
  --until 2099-03-01 --reason "telnet honeypot, known" >/dev/null || fail "inhibit"
B notify inhibitions | grep -q 'telnet honeypot' || fail "inhibitions not listed"
report 1 day2 "192.0.2.15 23" "192.0.2.15 2323" "198.51.100.10 23" "198.51.100.70 23" "198.51.100.200 2323"
export BELFRY_TEST_NOW=$(date -u -d '+1 day' '+%Y-%m-%dT%H:%M:%SZ')
before=$(received)
B notify run --smtp "$SMTP" --json > "$T/run3.json" 2>/dev/null || true
python3 - "$T/run3.json" "$T/received" <<'PY' || fail "next day"
import glob, json, os, sys
s = json.load(open(sys.argv[1]))
assert s["mails"] == 1 and s["mail"][0]["recipient"] == "csirt@ministry.example", s["mail"]
assert s["mail"][0]["events"] == 2, "the new port makes the host news"
assert s["skipped"]["repeats"] == 2 and s["skipped"]["inhibited"] == 1, s["skipped"]
PY
[ "$(received)" = "$((before + 1))" ] || fail "next day: $(( $(received) - before )) mails"
pass "the next day: repeats held back, the changed host told again, the inhibited one not"

# 5. Eight days later the same findings are due again.
report 8 day9 "198.51.100.10 23" "198.51.100.70 23"
export BELFRY_TEST_NOW=$(date -u -d '+8 day' '+%Y-%m-%dT%H:%M:%SZ')
before=$(received)
B notify run --smtp "$SMTP" --json > "$T/run4.json" 2>/dev/null || true
python3 - "$T/run4.json" <<'PY' || fail "re-notification"
import json, sys
s = json.load(open(sys.argv[1]))
got = sorted(m["recipient"] for m in s["mail"])
assert got == ["cert@university.example", "labs-abuse@university.example"], got
PY
[ "$(received)" = "$((before + 2))" ] || fail "re-notification mails"
pass "after the re-notification interval the open findings are told again"

# 6. A crash between handing a notification to the server and recording it.
report 9 day10 "198.51.100.75 23"
export BELFRY_TEST_NOW=$(date -u -d '+9 day' '+%Y-%m-%dT%H:%M:%SZ')
before=$(received)
rc=0; BELFRY_TEST_CRASH_AFTER_SEND=1 B notify run --smtp "$SMTP" >/dev/null 2>&1 || rc=$?
[ "$rc" = 9 ] || fail "the crash hook did not fire (rc=$rc)"
[ "$(received)" = "$((before + 1))" ] || fail "the mail did not reach the server before the crash"
B notify run --smtp "$SMTP" >/dev/null 2>&1 || true
B outbox send --all --smtp "$SMTP" >/dev/null 2>&1 || true
[ "$(received)" = "$((before + 1))" ] || fail "sent twice after the crash"
pass "a crash after sending: the notification is not sent again"

# 7. A bounce: the DSN to the VERP address marks the recipient failing and takes the events back.
N=$(python3 -c 'import json,sys; print([m for m in json.load(open(sys.argv[1]))["mail"] if m["recipient"]=="cert@university.example"][0]["notification"])' "$T/run4.json")
cat > "$T/dsn.eml" <<DSN
From: MAILER-DAEMON@mx.university.example
To: bounces+$N@example.be
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-$N@mx.university.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

This is the mail system at host mx.university.example. The mail could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.university.example

Final-Recipient: rfc822; cert@university.example
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <cert@university.example>: Recipient address
    rejected: User unknown

--b1--
DSN
out=$(B mail-gateway < "$T/dsn.eml") || fail "gateway: $out"
case "$out" in bounce*) ;; *) fail "the bounce was not recognised: $out" ;; esac
B notify failing | grep -q 'cert@university.example' || fail "notify failing does not list it"
before=$(received)
B notify run --smtp "$SMTP" --json > "$T/run5.json" 2>/dev/null || true
python3 - "$T/run5.json" "$T/received" "$before" <<'PY' || fail "after the bounce"
import glob, json, os, sys
s = json.load(open(sys.argv[1]))
assert all(m["recipient"] != "cert@university.example" for m in s["mail"]), s["mail"]
held = s["held"]["recipient_failing"]
others = [m for m in s["mail"] if m["organisation"] == "ORG-EU1-RIPE"]
assert held >= 1 or others, ("the events went nowhere", s)
PY
pass "a bounce marks the recipient failing; its events wait for another contact or the officer"

B notify list --json > "$T/list.json"
grep -q '"state": "bounced"' "$T/list.json" || fail "notify list does not show the bounce"
B notify runs --json > "$T/runs.json"
[ "$(grep -c '"summary"' "$T/runs.json")" -ge 5 ] || fail "notify runs: $(cat "$T/runs.json")"
B notify failing --clear cert@university.example >/dev/null || fail "notify failing --clear"
[ "$(B notify failing)" = "no failing recipients" ] || fail "still failing after --clear"
pass "notify list shows the bounce, notify runs every run's summary, failing --clear"
# 8. Inside `belfry run`: a report dropped in a watched folder is stored, then notified on
# the run's schedule and delivered, without any command.
unset BELFRY_TEST_NOW
mkdir -p "$T/watch"
sed -e "s|sqlite://$T/data/belfry.db|sqlite://$T/rundata/belfry.db|" "$T/belfry.toml" > "$T/run.toml"
cat >> "$T/run.toml" <<CONF
[[feeds]]
name = "dropbox"
parser = "shadowserver"
source = "dir:$T/watch"
schedule = "every 1s"
CONF
sed -i "s|^ca_file = |smtp_url = \"$SMTP\"\nca_file = |" "$T/run.toml"
R() { "$BELFRY" --config "$T/run.toml" "$@"; }
R constituency import csv "$T/orgs.csv" >/dev/null 2>&1 || fail "run: constituency"
report 0 run "192.0.2.77 23"
cp "$T/in-run/"*.csv "$T/watch/"
before=$(received)
"$BELFRY" --config "$T/run.toml" run 2> "$T/run.log" &
RUN=$!  # belfry itself (not a subshell), so that TERM reaches it
for _ in $(seq 300); do [ "$(received)" -gt "$before" ] && break; sleep 0.1; done
kill -TERM $RUN; wait $RUN || true
RUN=
[ "$(received)" = "$((before + 1))" ] || fail "belfry run did not notify: $(tail -5 "$T/run.log")"
grep -q "notify: 1 mail(s) queued" "$T/run.log" || fail "run log: $(tail -5 "$T/run.log")"
pass "belfry run stores a dropped report, notifies on its schedule and delivers"

echo "all notification tests passed"
