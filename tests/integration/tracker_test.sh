#!/usr/bin/env bash
# The tracker's story end to end, from the CLI, against a real SMTP server on loopback (the
# `smtp-server` npm package: STARTTLS, AUTH, per-recipient 4xx/5xx): a peer's log mail
# becomes a report; `ticket investigate` opens one investigation per responsible party and
# mails each only its own masked lines under [BELFRY #N]; the address outside the
# constituency reaches no constituent; replies thread back; `stats` counts it. Then the
# outages: 4xx, 5xx, server down, a crash between handing a mail over and recording it.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
SMTP_PID=
cleanup() {
  [ -n "$SMTP_PID" ] && kill "$SMTP_PID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
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
[tickets]
subject_tag = "BELFRY"
CONF
B() { "$BELFRY" --config "$T/belfry.toml" "$@"; }
received() { ls "$T/received" | grep -c '\.json$' || true; }

B constituency import ripe "$ROOT/examples/constituency/ripe-sample.db" >/dev/null 2>&1
B constituency import csv "$ROOT/examples/constituency/organisations.csv" >/dev/null 2>&1
B constituency import ti "$ROOT/examples/constituency/peer-teams.json" >/dev/null 2>&1

# 1. The peer's mail becomes an Incident Report.
cp "$ROOT/examples/mail/peer-ftp-accounts.eml" "$T/peer.eml"
out=$(B mail-gateway < "$T/peer.eml")
[ "$out" = "new-report [BELFRY #1]" ] || fail "gateway said: $out"
out=$(B mail-gateway < "$T/peer.eml")
case "$out" in duplicate*) ;; *) fail "the same mail twice: $out" ;; esac
pass "a forwarded log mail opens report #1, once"

# 2. A dry run sends nothing and shows who would get what.
B ticket investigate 1 --dry-run --json > "$T/plan.json"
[ "$(received)" = 0 ] || fail "the dry run sent mail"
python3 - "$T/plan.json" <<'PY' || fail "dry run plan"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["dry_run"] and p["incident"] is None, p
by = {t["email"] or t["route"]: t for t in p["targets"]}
assert "csirt@ministry.example" in by and "unrouted" in by, by.keys()
PY
pass "investigate --dry-run shows the parties and sends nothing"

# 3. Investigate: one investigation and one mail per party.
B ticket investigate 1 --smtp "$SMTP" --json > "$T/inv.json" || fail "investigate failed"
python3 - "$T/inv.json" "$T/received" <<'PY' || fail "the mails the server received"
import base64, email, glob, json, os, re, sys
from email import policy
plan = json.load(open(sys.argv[1]))
mails = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(sys.argv[2], "*.json")))]
targets = [t for t in plan["targets"] if t["email"]]
assert len(mails) == len(targets), (len(mails), [t["email"] for t in targets])
constituents = {t["email"] for t in plan["targets"] if t["route"] == "constituent"}
assert {"csirt@ministry.example", "labs-abuse@university.example"} <= constituents, constituents
for m in mails:
    assert m["tls"] and m["user"] == "belfry", "STARTTLS and AUTH"
    assert len(m["to"]) == 1, m["to"]
    rcpt = m["to"][0]
    t = next(t for t in targets if t["email"] == rcpt)
    msg = email.message_from_string(m["data"], policy=policy.default)
    assert re.match(r"\[BELFRY #%d\] " % t["investigation"], msg["Subject"]), msg["Subject"]
    assert msg["Message-Id"] and msg["X-Belfry-Ticket"] == str(t["investigation"])
    body = msg.get_body(("plain",)).get_content()
    att = [p for p in msg.iter_attachments() if p.get_filename() == "evidence.txt"]
    assert len(att) == 1
    lines = att[0].get_content().splitlines()
    # Only its own lines: every line names one of its own observables.
    for l in lines:
        plain = l.replace("[.]", ".")  # defanged in the source, matched all the same
        if "," in l and not any(o in plain for o in t["observables"]):
            continue  # the source's header line
        assert any(re.search(r"(?<![\d.])%s(?![\d])" % re.escape(o), plain) for o in t["observables"]), (rcpt, l)
        assert "S3cret" not in l and "hunter2" not in l and "letmein" not in l, l
    if t["route"] == "constituent":
        assert all("8.8.8.8" not in l for l in lines), "an unrouted address reached a constituent"
    if rcpt == "csirt@ministry.example":
        assert "Beste" in body and "Madame" not in body, "ministry: Dutch"
        assert any("192.0.2.15/" in l for l in lines)
        assert not any("192.0.2.150" in l for l in lines), "token boundary"
        assert "geen betrouwbare tijdstippen" in body, "undated lines said plainly"
    if rcpt == "cert@university.example":
        assert "Beste" in body and "Madame" in body, "unknown language: nl + fr"
        assert "2025-06-01" in body, "stale evidence dated in the mail"
PY
pass "each party got one mail under [BELFRY #N] with only its own masked lines, in its language"

B ticket show 2 --json > "$T/incident.json"
python3 - "$T/incident.json" <<'PY' || fail "incident"
import json, sys
t = json.load(open(sys.argv[1]))
assert t["queue"] == "incidents" and t["status"] == "open"
acts = [h["action"] for h in t["history"]]
assert "unrouted" in acts and acts.count("investigate") >= 3, acts
PY
B ticket list --all --ip 192.0.2.0/24 --json | grep -q '"id": 1,' || fail "ticket list --ip did not find report 1"
[ -z "$(B ticket list --all --ip 10.0.0.0/8 --json)" ] || fail "ticket list --ip found tickets about nothing"
pass "the incident records every investigation and the unrouted observable; list --ip finds by network"

# 4. Replies thread back: one by In-Reply-To alone (the tag lost), one by the tag alone.
MINISTRY=$(python3 - "$T/received" <<'PY'
import glob, json, os, sys
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    m = json.load(open(f))
    if m["to"] == ["csirt@ministry.example"]:
        import email
        msg = email.message_from_string(m["data"])
        print(msg["Message-Id"].strip("<>"), msg["X-Belfry-Ticket"])
PY
)
MID=${MINISTRY% *}; INV=${MINISTRY#* }
printf 'From: csirt@ministry.example\nTo: cert@example.be\nSubject: Re: FTP accounts\nMessage-ID: <r1@ministry.example>\nIn-Reply-To: <%s>\nContent-Type: text/plain\n\nThe server was reinstalled last year; closing.\n' "$MID" > "$T/reply1.eml"
out=$(B mail-gateway < "$T/reply1.eml")
[ "$out" = "added [BELFRY #$INV]" ] || fail "reply by In-Reply-To: $out (want #$INV)"
printf 'From: csirt@ministry.example\nTo: cert@example.be\nSubject: AW: [BELFRY #%s] more\nMessage-ID: <r2@ministry.example>\nContent-Type: text/plain\n\nAnd one more thing.\n' "$INV" > "$T/reply2.eml"
out=$(B mail-gateway < "$T/reply2.eml")
[ "$out" = "added [BELFRY #$INV]" ] || fail "reply by tag: $out"
pass "replies thread into investigation #$INV by In-Reply-To and by tag"

# 5. The year's counts.
B stats --json > "$T/stats.json"
python3 - "$T/stats.json" <<'PY' || fail "stats"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["incident_reports"] == 1 and s["incidents"] == 1 and s["investigations"] >= 3, s
PY
pass "stats counts 1 report, 1 incident, $(python3 -c "import json;print(json.load(open('$T/stats.json'))['investigations'])") investigations"

# 6. Outages: every mail ends delivered once or failed visibly.
before=$(received)
B ticket reply 1 --smtp "$SMTP" --to tempfail-1@example.org --text "4xx test" >/dev/null 2>&1 || fail "a 4xx is not a failure"
B outbox list --json --state pending | grep -q '451' || fail "4xx not kept pending with its reason"
rc=0; B ticket reply 1 --smtp "$SMTP" --to reject-1@example.org --text "5xx test" >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a 5xx must fail the command (rc=$rc)"
B outbox list --json --state failed | grep -q 'reject-1@example.org' || fail "5xx not listed as failed"
[ "$(received)" = "$before" ] || fail "4xx/5xx recipients received something"
OID=$(B outbox list --json --state failed | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
rc=0; B outbox retry "$OID" --to reject-1@example.org --smtp "$SMTP" >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a retried 5xx fails again (rc=$rc)"
B outbox list --json --state failed | grep -q '"attempts": 2' || fail "outbox retry did not try again"
pass "4xx stays queued with back-off, 5xx fails visibly, outbox retry tries again"

touch "$T/down"
B ticket reply 1 --smtp "$SMTP" --to outage@example.org --text "server down" >/dev/null 2>&1 || fail "server down is a deferral"
[ "$(received)" = "$before" ] || fail "delivered while down"
rm "$T/down"
B outbox send --smtp "$SMTP" >/dev/null 2>&1 || true
[ "$(received)" = "$before" ] || fail "the back-off was not respected"
B outbox send --all --smtp "$SMTP" >/dev/null 2>&1 || true
[ "$(received)" = "$((before + 1))" ] || fail "not delivered after the outage ($(received))"
B outbox send --all --smtp "$SMTP" >/dev/null 2>&1 || true
[ "$(received)" = "$((before + 1))" ] || fail "delivered twice"
pass "server down: queued, then delivered exactly once"

# Two deliverers at once (a `belfry run` tick and a command): each mail still goes once.
before=$(received)
touch "$T/down"
for i in $(seq 1 12); do
  B ticket reply 1 --smtp "$SMTP" --to "parallel-$i@example.org" --text "parallel $i" >/dev/null 2>&1 || fail "queue $i"
done
rm "$T/down"
B outbox send --all --smtp "$SMTP" >/dev/null 2>&1 & P1=$!
B outbox send --all --smtp "$SMTP" >/dev/null 2>&1 & P2=$!
wait $P1 || true; wait $P2 || true
[ "$(received)" = "$((before + 12))" ] || fail "two deliverers: $(( $(received) - before )) mails for 12"
python3 - "$T/received" <<'PY' || fail "a recipient got a mail twice"
import glob, json, os, sys, collections
c = collections.Counter(tuple(json.load(open(f))["to"]) for f in glob.glob(os.path.join(sys.argv[1], "*.json")))
dup = [k for k, n in c.items() if n > 1 and k[0].startswith("parallel-")]
assert not dup, dup
PY
pass "two deliverers at once: 12 queued mails, each delivered once"

before=$(received)
rc=0; BELFRY_TEST_CRASH_AFTER_SEND=1 B ticket reply 1 --smtp "$SMTP" --to crash@example.org --text "crash test" >/dev/null 2>&1 || rc=$?
[ "$rc" = 9 ] || fail "the crash hook did not fire (rc=$rc)"
[ "$(received)" = "$((before + 1))" ] || fail "the server did not get the mail before the crash"
rc=0; B outbox send --all --smtp "$SMTP" >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "an uncertain delivery must be visible (rc=$rc)"
[ "$(received)" = "$((before + 1))" ] || fail "re-sent after the crash"
B outbox list --state uncertain | grep -q 'crash@example.org' || fail "uncertain not listed"
pass "a crash between sending and recording: not sent twice, shown as uncertain"

# 7. The embedded default: no SMTP configured, mail lands in the outbox Maildir; a crash
# there is recovered exactly (the Maildir can tell whether the file is there).
rc=0; BELFRY_TEST_CRASH_AFTER_SEND=1 B ticket reply 1 --to maildir@example.org --text "maildir" >/dev/null 2>&1 || rc=$?
[ "$rc" = 9 ] || fail "maildir crash hook (rc=$rc)"
B outbox send >/dev/null 2>&1 || fail "maildir recovery"
n=$(grep -l 'maildir@example.org' "$T/data/outbox/new/"* 2>/dev/null | wc -l)
[ "$n" = 1 ] || fail "Maildir delivery after a crash: $n copies"
pass "no SMTP: mail lands in belfry-data/outbox exactly once, even across a crash"

# 8. Hostile and broken mail is kept, never lost; a temporary failure tells the MTA to retry.
printf 'garbage without headers\n' | B mail-gateway >/dev/null 2>&1 || fail "a broken mail must not bounce"
ls "$T/data/mail-failed/"*.eml >/dev/null 2>&1 || fail "the broken mail was not kept"
ls "$T/data/mail-failed/"*.error >/dev/null 2>&1 || fail "no reason kept beside it"
rc=0; "$BELFRY" --db /proc/belfry-nowhere/belfry.db mail-gateway < "$T/reply1.eml" >/dev/null 2>&1 || rc=$?
[ "$rc" = 75 ] || fail "an unavailable database must exit 75 (rc=$rc)"
pass "a broken mail is kept with its reason; an unavailable store exits 75 for the MTA"

# 9. A Maildir batch.
mkdir -p "$T/inbox/new" "$T/inbox/cur" "$T/inbox/tmp"
for i in $(seq 1 20); do
  printf 'From: citizen%d@example.net\nSubject: phishing\nMessage-ID: <c%d@example.net>\nContent-Type: text/plain\n\nSee hxxps://bank.example.com.phish[.]example/login\n' "$i" "$i" > "$T/inbox/new/$i.eml"
done
# Two gateway runs on the same Maildir at once: every mail taken once between them.
B mail-gateway --maildir "$T/inbox" --json > "$T/batch1.txt" & G1=$!
B mail-gateway --maildir "$T/inbox" --json > "$T/batch2.txt" & G2=$!
wait $G1 || fail "gateway run 1"; wait $G2 || fail "gateway run 2"
python3 - "$T/batch1.txt" "$T/batch2.txt" <<'PY' || fail "batch: $(cat "$T/batch1.txt" "$T/batch2.txt")"
import json, sys, collections
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.strip()]
taken = collections.Counter(r["action"] for r in rows)
# Each of the 20 mails once as new-report/grouped; a mail both runs read is a duplicate.
assert taken["new-report"] == 1 and taken["grouped"] == 19, taken
assert set(taken) <= {"new-report", "grouped", "duplicate"}, taken
PY
[ "$(ls "$T/inbox/new" | wc -l)" = 0 ] || fail "taken mail left in new/"
ls "$T/data/mail-failed/" | grep -c '\.eml$' | grep -qx 1 || fail "a mail taken by the other run was kept as broken"
pass "a Maildir batch of a phishing wave, two gateway runs at once: 1 report, 19 grouped"
# 10. Abuse reports in mail (XARF v4 here) become events linked to their report.
out=$(B mail-gateway < "$ROOT/tests/golden/mail/xarf-v4-json.eml")
XT=${out##*#}; XT=${XT%]*}
B ticket show "$XT" --json > "$T/xarf.json"
python3 - "$T/xarf.json" <<'PY' || fail "XARF events"
import json, sys
t = json.load(open(sys.argv[1]))
assert t["classification"] == "brute-force", t["classification"]
assert len(t["events"]) == 1, t["events"]
PY
B events search --feed "mail-gateway xarf" --json | grep -q '"source.ip": "198.51.100.23"' || fail "XARF event not stored"
pass "an XARF report becomes a brute-force event linked to its ticket"
# 12. Every verb from the command line, as an operator scripts it.
INC=$(B ticket new --queue incidents --subject "Wave of defacements" --classification defacement --json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
R1=$(B ticket new --subject "Defacement 1" --requestor a@example.net --text "see http://www.example.be" --json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
R2=$(B ticket new --subject "Defacement 2" --requestor b@example.net --json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
B ticket link "$INC" "$R1" "$R2" >/dev/null || fail "link"
B ticket unlink "$INC" "$R2" >/dev/null || fail "unlink"
B ticket merge "$R2" "$R1" >/dev/null || fail "merge"
B ticket show "$R2" --json | grep -q "\"id\": $R1," || fail "a merged id does not find its target"
B ticket unmerge "$R2" >/dev/null || fail "unmerge"
B ticket comment "$INC" "$R1" --text "called the webmasters" >/dev/null || fail "comment"
B ticket observable add "$R1" 'hxxp://www.example[.]be/hacked' >/dev/null || fail "observable add"
B ticket observable remove "$R1" 'www.example.be' >/dev/null || fail "observable remove"
B ticket set owner alice "$INC" "$R1" >/dev/null || fail "set owner (bulk)"
B ticket set tags +defacement "$R1" >/dev/null || fail "set tags"
CM=$(B ticket new --queue countermeasures --incident "$INC" --subject "Block the attacker" --json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
B ticket set status active "$CM" >/dev/null || fail "countermeasure active"
rc=0; B ticket resolve "$INC" --ask >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "resolve --ask with active children must exit 1 (rc=$rc)"
B ticket resolve "$INC" --json > "$T/resolve.json" || fail "resolve"
grep -q "\"ended\": \[$INC, $R1, $CM\]" "$T/resolve.json" || fail "cascade: $(cat "$T/resolve.json")"
B ticket show "$R1" --json > "$T/r1.json"
python3 - "$T/r1.json" <<'PY' || fail "show after the verbs"
import json, sys
t = json.load(open(sys.argv[1]))
assert t["status"] == "resolved" and t["owner"] == "alice" and t["tags"] == ["defacement"], t
assert "url:http://www.example.be/hacked" in t["observables"], t["observables"]
acts = [h["action"] for h in t["history"]]
for a in ("link", "merge", "unmerge", "comment", "observable-add", "observable-remove", "set"):
    assert a in acts, (a, acts)
PY
B ticket list --queue countermeasures --status removed --json | grep -q "\"id\": $CM," || fail "list by status"
pass "new, link, unlink, merge, unmerge, comment, observable, set, resolve --ask, resolve: all from the CLI"

# 11. `belfry run` takes the gateway Maildir and delivers the outbox on its own.
mkdir -p "$T/gw/new" "$T/gw/tmp"
cat "$T/belfry.toml" > "$T/run.toml"
sed -i "s|^from = \"cert@example.be\"|from = \"cert@example.be\"\ngateway_maildir = \"$T/gw\"\nsmtp_url = \"$SMTP\"|" "$T/run.toml"
printf 'From: citizen@example.net\nSubject: Defacement\nMessage-ID: <run-1@example.net>\nContent-Type: text/plain\n\nhttp://www.example.be shows a defacement\n' > "$T/gw/tmp/1.eml"
mv "$T/gw/tmp/1.eml" "$T/gw/new/1.eml"
before=$(B ticket list --queue reports --all --json | wc -l)
"$BELFRY" --config "$T/run.toml" run > "$T/run.log" 2>&1 & RUN=$!
for _ in $(seq 100); do [ -z "$(ls "$T/gw/new")" ] && break; sleep 0.1; done
kill -TERM $RUN; rc=0; wait $RUN || rc=$?
[ "$rc" = 0 ] || fail "belfry run exited $rc: $(tail -5 "$T/run.log")"
[ -z "$(ls "$T/gw/new")" ] || fail "belfry run did not take the gateway Maildir: $(tail -5 "$T/run.log")"
[ "$(B ticket list --queue reports --all --json | wc -l)" = "$((before + 1))" ] || fail "no report from belfry run"
grep -q "mail-gateway $T/gw: 1 new report" "$T/run.log" || fail "run log: $(tail -5 "$T/run.log")"
pass "belfry run takes [mail] gateway_maildir"
echo "tracker: all passed"
