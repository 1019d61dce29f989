#!/usr/bin/env bash
# The newsletter end to end, against `belfry serve` over real HTTP and a real SMTP server on
# loopback: a citizen subscribes through the web form, receives the confirmation mail and
# confirms through its link (a GET alone confirms nothing); an operator adds a subscriber;
# an analyst writes the editorial; `newsletter send` mails each confirmed subscriber of each
# edition once, HTML + text, with that subscriber's own one-click unsubscribe link
# (RFC 8058) and VERP envelope sender, and nobody else; the link's one-click POST
# unsubscribes; the archive page shows the issue without anyone's token; bounces (DSN to
# the VERP address) suspend a subscriber at the bounce limit; an empty period sends nothing;
# the schedule inside `belfry run` sends the next issue; the annual report counts issues.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
SMTP_PID=
SERVE=
RUN=
cleanup() {
  [ -n "$SERVE" ] && kill "$SERVE" 2>/dev/null || true
  [ -n "$RUN" ] && kill "$RUN" 2>/dev/null || true
  [ -n "$SMTP_PID" ] && kill "$SMTP_PID" 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$T/serve.err" ] && tail -5 "$T/serve.err" >&2; exit 1; }
pass() { echo "ok: $*"; }

. "$HERE/lib/smtp_server.sh"
start_smtp_server
WPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$WPORT"

cat > "$T/belfry.toml" <<CONF
[store]
url = "sqlite://$T/data/belfry.db"
[mail]
from = "cert@example.be"
from_name = "Example CERT"
smtp_url = "$SMTP"
starttls = "required"
ca_file = "$T/cert.pem"
[team]
name = "Example CERT"
short_name = "EXCERT"
[publish]
base_url = "$URL"
[newsletter]
languages = ["nl", "fr", "en"]
bounce_limit = 2
CONF
B() { "$BELFRY" --config "$T/belfry.toml" "$@"; }
received() { ls "$T/received" | grep -c '\.json$' || true; }
# mail.py FILE.json FIELD: a received mail's envelope or parsed parts.
cat > "$T/mail.py" <<'PY'
import email, email.policy, json, re, sys
sys.stdout.reconfigure(encoding="utf-8")
m = json.load(open(sys.argv[1]))
msg = email.message_from_string(m["data"], policy=email.policy.default)
what = sys.argv[2]
if what == "from": print(m["from"])
elif what == "to": print(" ".join(m["to"]))
elif what in ("subject", "list-unsubscribe", "list-unsubscribe-post", "list-id", "content-type"):
    print(msg[what] or "")
elif what == "text": print(msg.get_body(preferencelist=("plain",)).get_content())
elif what == "html": print(msg.get_body(preferencelist=("html",)).get_content())
elif what == "confirm-url":
    print(re.search(r"https?://\S+/newsletter/confirm\?token=[0-9a-f]+", msg.get_body(preferencelist=("plain",)).get_content()).group(0))
PY
M() { python3 "$T/mail.py" "$@"; }
# grep that reads all its input: `grep -q` would close the pipe early, and under pipefail
# the writer's broken pipe would fail the test.
has() { grep "$@" > /dev/null; }
mail_to() {  # the newest received mail to $1
  for f in $(ls -r "$T"/received/*.json 2>/dev/null); do
    [ "$(M "$f" to)" = "$1" ] && { echo "$f"; return; }
  done
}

mkdir -p "$T/data"
B advisory new "$ROOT/examples/advisories/parcel-sms-fr.md" > /dev/null
B advisory new "$ROOT/examples/advisories/parcel-sms-nl.md" --translation-of 1 > /dev/null
B advisory new "$ROOT/examples/advisories/vpn-en.md" > /dev/null
for id in 1 2 3; do B advisory publish $id > /dev/null 2>&1 || fail "publish $id"; done

B serve --listen "127.0.0.1:$WPORT" > "$T/serve.out" 2> "$T/serve.err" &
SERVE=$!
for _ in $(seq 100); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$T/serve.out" || fail "serve did not start"

# 1. The subscription page offers each edition; a citizen subscribes in French.
curl -sf "$URL/newsletter/?lang=fr" > "$T/home.html" || fail "GET /newsletter/"
grep -q 'value="citizen-fr"' "$T/home.html" || fail "the form does not offer citizen-fr"
grep -q 'abonner</button>' "$T/home.html" || fail "the page is not in French"
code=$(curl -s -o "$T/sub.html" -w '%{http_code}' -d 'email=Alice@Example.org&edition=citizen-fr' "$URL/newsletter/subscribe")
[ "$code" = 200 ] || fail "subscribe: HTTP $code"
grep -q "Consultez votre boîte mail" "$T/sub.html" || fail "no French check-your-mail page"
for _ in $(seq 50); do [ "$(received)" -ge 1 ] && break; sleep 0.1; done
[ "$(received)" = 1 ] || fail "no confirmation mail received ($(received))"
CONF_MAIL=$(mail_to alice@example.org)
M "$CONF_MAIL" subject | has "Confirmez votre abonnement" || fail "confirmation subject: $(M "$CONF_MAIL" subject)"
M "$CONF_MAIL" from | has -E '^bounces\+news-[0-9]+@example.be$' || fail "confirmation envelope sender: $(M "$CONF_MAIL" from)"
CONFIRM=$(M "$CONF_MAIL" confirm-url)
case "$CONFIRM" in "$URL"/newsletter/confirm?token=*) ;; *) fail "confirm link: $CONFIRM" ;; esac
pass "web subscription: a French confirmation mail with its link, over SMTP"

# The same request again tells the same and mails nothing (confirm_interval); a bad address
# is refused.
code=$(curl -s -o "$T/sub2.html" -w '%{http_code}' -d 'email=alice@example.org&edition=citizen-fr' "$URL/newsletter/subscribe")
[ "$code" = 200 ] && cmp -s "$T/sub.html" "$T/sub2.html" || fail "a second subscription answered differently"
code=$(curl -s -o /dev/null -w '%{http_code}' -d 'email=not-an-address&edition=citizen-fr' "$URL/newsletter/subscribe")
[ "$code" = 400 ] || fail "a bad address: HTTP $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -d 'email=eve@example.org&edition=citizen-xx' "$URL/newsletter/subscribe")
[ "$code" = 400 ] || fail "an unknown edition: HTTP $code"
sleep 0.5
[ "$(received)" = 1 ] || fail "a repeated or bad subscription sent mail"
pass "repeated subscription: same answer, no second mail; bad address and edition refused"

# 2. GET on the link shows a button and confirms nothing; POST confirms.
curl -sf "$CONFIRM" > "$T/confirm.html" || fail "GET confirm"
grep -q '<form method="post" action="/newsletter/confirm">' "$T/confirm.html" || fail "no confirm button"
B newsletter subscribers --json | has '"email": "alice@example.org".*"state": "pending"' || fail "a GET confirmed"
TOKEN=${CONFIRM##*token=}
curl -sf -d "token=$TOKEN" "$URL/newsletter/confirm" | has "Votre abonnement est confirmé" || fail "POST confirm"
B newsletter subscribers --json | has '"email": "alice@example.org".*"state": "confirmed"' || fail "alice not confirmed"
code=$(curl -s -o /dev/null -w '%{http_code}' -d "token=0000$TOKEN" "$URL/newsletter/confirm")
[ "$code" = 404 ] || fail "a wrong token: HTTP $code"
pass "double opt-in: GET shows a button, POST confirms, a wrong token is 404"

# 3. Operators add subscribers; one never confirms.
B newsletter subscribe bob@example.net --audience citizen --lang fr --confirmed > /dev/null
B newsletter subscribe carol@example.com --audience pro --lang en --confirmed > /dev/null
B newsletter subscribe dave@example.org --audience citizen --lang nl > /dev/null  # pending
[ "$(received)" = 2 ] || fail "dave's confirmation mail ($(received))"
printf 'Cette semaine, **vague de faux SMS** : restez vigilants.\n' | B newsletter intro --audience citizen --lang fr - > /dev/null
B newsletter preview --audience citizen --lang fr > "$T/preview.txt"
grep -q "vague de faux SMS" "$T/preview.txt" && grep -q "Faux SMS de livraison" "$T/preview.txt" \
  || fail "preview: $(head -20 "$T/preview.txt")"

# An operator's list: every row checked first (a bad one named by its line, nothing stored),
# then each address subscribed; unconfirmed ones get the confirmation mail.
printf 'email,audience,lang\nfrank@example.org,citizen,nl\nnot-an-address,pro,en\n' > "$T/bad-list.csv"
out=$(B newsletter import "$T/bad-list.csv" 2>&1) && fail "a bad list was imported"
echo "$out" | has "bad-list.csv:3: 'not-an-address' is not a mail address" || fail "bad list: $out"
B newsletter subscribers --json | has frank@ && fail "a row of a refused list was stored"
before=$(received)
printf 'email,audience,lang\nfrank@example.org,citizen,nl\ngrace@example.net,,\n' > "$T/list.csv"
B newsletter import "$T/list.csv" --audience pro --lang en | has "2 subscription(s), 2 confirmation mail(s) queued" \
  || fail "import"
[ $(( $(received) - before )) = 2 ] || fail "the imported addresses' confirmation mails"
B newsletter subscribers --json | has '"email": "grace@example.net", "audience": "pro", "lang": "en", "state": "pending"' \
  || fail "grace: the defaults of --audience and --lang"
pass "a list imported: bad rows named by line and nothing stored; confirmation mails for the rest"

# 4. Send: one mail per confirmed subscriber of each edition, nobody else.
before=$(received)
B newsletter send --json > "$T/send.json" || fail "send: $(cat "$T/send.json")"
grep -q '"edition": "citizen-fr", "sent": true' "$T/send.json" || fail "citizen-fr not sent"
grep -q '"edition": "citizen-nl", "sent": true' "$T/send.json" || fail "citizen-nl not archived"
grep -q '"edition": "pro-nl", "sent": false' "$T/send.json" || fail "an empty pro-nl issue was sent"
[ $(( $(received) - before )) = 3 ] || fail "$(( $(received) - before )) newsletter mails, expected 3"
[ -z "$(mail_to dave@example.org | xargs -r -I{} python3 "$T/mail.py" {} subject | grep -i lettre || true)" ] || fail "dave (pending) got an issue"
A=$(mail_to alice@example.org); BOB=$(mail_to bob@example.net); C=$(mail_to carol@example.com)
M "$A" subject | has "Lettre d'information Example CERT pour les citoyens n° 1" || fail "alice's subject: $(M "$A" subject)"
M "$C" subject | has "Newsletter Example CERT for professionals no. 1" || fail "carol's subject: $(M "$C" subject)"
M "$A" content-type | has "multipart/alternative" || fail "not multipart/alternative"
M "$A" text | has "vague de faux SMS" || fail "no editorial in the text"
M "$A" html | has "<strong>vague de faux SMS</strong>" || fail "no editorial in the HTML"
M "$A" html | has "$URL/advisories/EXCERT-2026-0001.html" || fail "no advisory link in the HTML"
M "$C" text | has "Critical vulnerability in Example VPN" || fail "carol's issue lacks the VPN advisory"
M "$C" text | has "Faux SMS" && fail "carol's issue carries a citizens' advisory"
M "$A" list-unsubscribe-post | has -x "List-Unsubscribe=One-Click" || fail "no List-Unsubscribe-Post"
UA=$(M "$A" list-unsubscribe | tr -d '<>'); UB=$(M "$BOB" list-unsubscribe | tr -d '<>')
case "$UA" in "$URL"/newsletter/unsubscribe?token=*) ;; *) fail "alice's List-Unsubscribe: $UA" ;; esac
[ "$UA" != "$UB" ] || fail "two subscribers share an unsubscribe link"
M "$A" text | has -F "$UA" || fail "the text does not carry alice's own unsubscribe link"
M "$A" from | has -E '^bounces\+news-[0-9]+@example.be$' || fail "VERP sender: $(M "$A" from)"
[ "$(M "$A" from)" != "$(M "$BOB" from)" ] || fail "two subscribers share an envelope sender"
pass "send: 3 mails (HTML + text, editorial, advisories of the edition), each with its own unsubscribe link and VERP sender"

# 5. The archive: listed, served, nobody's token in it.
curl -sf "$URL/newsletter/?lang=fr" | has 'href="/newsletter/citizen-fr/1.html"' || fail "the archive does not list the issue"
curl -sf "$URL/newsletter/citizen-fr/1.html" > "$T/archive.html" || fail "GET the archived issue"
grep -q "Faux SMS de livraison" "$T/archive.html" || fail "the archived issue lacks its advisory"
grep -q "token=" "$T/archive.html" && fail "the archive carries a subscriber's token"
pass "archive: listed and served, without any subscriber's token"

# 6. One-click unsubscribe (RFC 8058): the POST a mailbox provider sends; a GET alone does not.
curl -sf "$UB" > /dev/null || fail "GET bob's unsubscribe page"
B newsletter subscribers --json | has '"email": "bob@example.net".*"state": "confirmed"' || fail "a GET unsubscribed bob"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
  --data 'List-Unsubscribe=One-Click' "$UA")
[ "$code" = 200 ] || fail "one-click POST: HTTP $code"
B newsletter subscribers --json | has '"email": "alice@example.org".*"state": "unsubscribed"' || fail "alice still subscribed"
pass "one-click unsubscribe: the POST unsubscribes, a GET does not"

# 7. Bounces to bob's VERP address: at the second, bob is no longer mailed.
BOB_ID=$(M "$BOB" from | sed 's/bounces+news-\([0-9]*\)@.*/\1/')
for n in 1 2; do
  cat > "$T/dsn$n.eml" <<DSN
From: MAILER-DAEMON@mx.example.net
To: bounces+news-$BOB_ID@example.be
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-news-$n@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Your message could not be delivered.
--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; bob@example.net
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 mailbox unknown
--b1--
DSN
  out=$(B mail-gateway < "$T/dsn$n.eml") || fail "gateway: $out"
  case "$out" in bounce*) ;; *) fail "the newsletter bounce was not recognised: $out" ;; esac
done
B newsletter subscribers --json | has '"email": "bob@example.net".*"state": "bounced", .*"bounces": 2' \
  || fail "bob not suspended: $(B newsletter subscribers --json | grep bob)"
B ticket list --all --json | has "Undelivered" && fail "a newsletter bounce became a ticket"
pass "bounces: two permanent failures suspend the subscriber; no ticket"

# 8. Nothing new: nothing sent; --force sends the empty issue to the remaining subscribers.
before=$(received)
B newsletter send --audience citizen --lang fr | has "not sent" || fail "an empty issue went out"
B newsletter send --audience pro --lang en --force > /dev/null
[ $(( $(received) - before )) = 1 ] || fail "forced pro-en issue: $(( $(received) - before )) mails"
pass "empty period: not sent unless forced"

# 9. The schedule inside `belfry run`: a week later, a new advisory goes out in the next issue.
kill -TERM "$SERVE"; wait "$SERVE" || true; SERVE=
sed -i 's/^\[newsletter\]/[newsletter]\nschedule = "weekly"\nweekday = "monday"\nhour = 8/' "$T/belfry.toml"
mkdir -p "$T/watch"
cat >> "$T/belfry.toml" <<CONF
[[feeds]]
name = "dropbox"
parser = "shadowserver"
source = "dir:$T/watch"
schedule = "every 1h"
CONF
export BELFRY_TEST_NOW=$(date -u -d 'next monday 09:00' +%Y-%m-%dT%H:%M:%SZ)
B advisory new "$ROOT/examples/advisories/vpn-nl.md" --translation-of 3 > /dev/null
B advisory publish 4 > /dev/null 2>&1
B newsletter subscribe erik@example.be --audience pro --lang nl --confirmed > /dev/null
before=$(received)
B run > "$T/run.out" 2> "$T/run.err" &
RUN=$!
for _ in $(seq 100); do grep -q "newsletter pro-nl no. 1 queued" "$T/run.err" && break; sleep 0.2; done
for _ in $(seq 50); do [ "$(mail_to erik@example.be)" ] && break; sleep 0.2; done
kill -TERM "$RUN" 2>/dev/null || true; wait "$RUN" || true; RUN=
grep -q "newsletter pro-nl no. 1 queued for 1 subscriber" "$T/run.err" || fail "run did not send: $(tail -5 "$T/run.err")"
M "$(mail_to erik@example.be)" text | has "Kritieke kwetsbaarheid" || fail "erik's issue lacks the new advisory"
pass "schedule: belfry run sent the due pro-nl issue"
unset BELFRY_TEST_NOW

# 10. The annual report counts the issues (one sending day = one issue, whatever the editions).
B report annual --year "$(date -u +%Y)" --no-pdf --out "$T/report" > /dev/null
grep -q '^newsletter issues,[1-9]' "$T/report/csv/publications.csv" || fail "annual report: $(cat "$T/report/csv/publications.csv")"
pass "annual report: newsletter issues counted"
