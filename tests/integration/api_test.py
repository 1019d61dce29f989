#!/usr/bin/env python3
"""The API over real HTTP against a real store (tests/integration/api_test.py BELFRY).

A database with the sample constituency and feeds, five accounts (admin, analyst,
read-only, and constituents of two organisations), `belfry serve` on a free loopback port.
Checks: authentication everywhere but /check, /check.json, /healthz and the OpenAPI file;
every documented route answers; a constituent never reads another organisation's events or
tickets by any route (search, cidr of the other's network, exports, cursors, ids,
organisation pages, notifications, inhibitions); TLP:RED reaches only the team's analysts;
CSRF refused; login rate limited; SQL injection and path traversal harmless; spoofed
X-Forwarded-For ignored; oversized and malformed requests get 4xx and the server stays up;
every change audited with the user."""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

BELFRY = sys.argv[1]
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
T = tempfile.mkdtemp(prefix="belfry-api-")
CONFIG = os.path.join(T, "belfry.toml")
failures = []


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    failures.append(msg)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def belfry(*args, stdin=None):
    r = subprocess.run([BELFRY, "--config", CONFIG, *args], input=stdin, capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise SystemExit(f"belfry {' '.join(args)} failed: {r.stderr}")
    return r.stdout


with open(CONFIG, "w") as f:
    f.write(f'[store]\nurl = "sqlite://{T}/belfry.db"\n'
            '[constituency]\ncountries = ["BE"]\n'
            '[web]\ncheck_days = 36500\ndashboard_days = 3660\nportal_inhibit_days = 30\n'
            'login_attempts = 5\n')
belfry("constituency", "import", "ripe", f"{ROOT}/examples/constituency/ripe-sample.db")
belfry("constituency", "import", "csv", f"{ROOT}/examples/constituency/organisations.csv")
belfry("constituency", "import", "ti", f"{ROOT}/examples/constituency/peer-teams.json")
shutil.copytree(f"{ROOT}/examples/feeds/shadowserver", f"{T}/in")
belfry("ingest", "--feed", "shadowserver", f"{T}/in")

# Two organisations with events of their own.
rows = belfry("events", "sql", "--json",
              "SELECT constituency, count(*) AS n FROM events WHERE route = 'constituent' "
              "GROUP BY 1 ORDER BY 2 DESC")
orgs = [json.loads(l) for l in rows.splitlines() if l.strip()]
check(len(orgs) >= 2, f"two organisations with events: {orgs}")
ORG_A, ORG_B = orgs[0]["constituency"], orgs[1]["constituency"]
ip_rows = belfry("events", "sql", "--json",
                 f"SELECT \"source.ip\" AS ip, constituency FROM events WHERE route = 'constituent'")
ips = {}
for l in ip_rows.splitlines():
    if l.strip():
        r = json.loads(l)
        ips.setdefault(r["constituency"], set()).add(r["ip"])
A_IP = sorted(ips[ORG_A])[0]
B_IP = sorted(ips[ORG_B])[0]

# A TLP:RED event in A's network: only the team's analysts may read it.
with open(f"{T}/red.jsonl", "w") as f:
    f.write(json.dumps({"source.ip": A_IP, "classification.type": "system-compromise",
                        "classification.taxonomy": "intrusions", "tlp": "RED",
                        "feed.name": "Peer RED", "time.source": "2026-11-22T10:00:00+00:00",
                        "extra.note": "red-marker"}) + "\n")
belfry("ingest", "--feed", "intelmq-json", f"{T}/red.jsonl")

PW = "a long enough password"
for name, role, org in [("root", "admin", ""), ("ana", "analyst", ""), ("rob", "read-only", ""),
                        ("ca", "constituent", ORG_A), ("cb", "constituent", ORG_B)]:
    args = ["user", "add", "--role", role, "--password-stdin", name]
    if org:
        args[2:2] = ["--organisation", org]
    belfry(*args, stdin=PW + "\n")
TOKENS = {n: belfry("user", "token", n).strip() for n in ["root", "ana", "rob", "ca", "cb"]}

serve = subprocess.Popen([BELFRY, "--config", CONFIG, "serve", "--listen", "127.0.0.1:0"],
                         stdout=subprocess.PIPE, stderr=open(f"{T}/serve.err", "w"), text=True)
line = serve.stdout.readline()
m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
if not m:
    raise SystemExit("serve did not start: " + line + open(f"{T}/serve.err").read())
PORT = int(m.group(1))


def req(method, path, token=None, body=None, headers=None, raw=None):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if data is not None:
        h.setdefault("Content-Type", "application/json")
    c.request(method, path, body=data, headers=h)
    r = c.getresponse()
    text = r.read().decode("utf-8", "replace")
    c.close()
    try:
        js = json.loads(text)
    except ValueError:
        js = None
    return r.status, js, text, r


def q(path, **params):
    return path + "?" + urllib.parse.urlencode(params) if params else path


try:
    # 1. Authentication everywhere but the public pages.
    spec = json.loads(req("GET", "/api/v1/openapi.json")[2])
    public = {"/api/v1/login", "/api/v1/openapi.json"}
    for path, item in spec["paths"].items():
        for method in item:
            concrete = path.replace("{id}", "1").replace("{handle}", ORG_A).replace("{email}", "x@example.be")
            status, js, _, _ = req(method.upper(), concrete, body={} if method != "get" else None)
            if path in public:
                continue
            check(status == 401, f"{method.upper()} {path} without credentials: {status}")
            # With an admin token every documented route is there (no router 404/405).
            status, js, text, _ = req(method.upper(), concrete, TOKENS["root"],
                                      body={} if method != "get" else None)
            check(status != 405 and "no such resource" not in text,
                  f"{method.upper()} {path} is documented but not routed: {status} {text[:100]}")
    for path in ["/check", "/check.json", "/healthz"]:
        check(req("GET", path)[0] == 200, f"{path} needs no login")
    check(req("GET", "/api/v1/events", "bfy_forged")[0] == 401, "a forged token")
    print("ok: authentication required everywhere but /check, /check.json, /healthz")

    # 2. A constituent sees its own organisation's events only, by every route.
    def events(token, **params):
        status, js, text, _ = req("GET", q("/api/v1/events", limit=1000, **params), token)
        check(status == 200, f"events {params}: {status} {text[:200]}")
        return js["events"] if js else []

    mine = events(TOKENS["ca"])
    check(mine and all(e["organisation"] == ORG_A for e in mine), "ca sees only A's events")
    check(not any(e["event"].get("extra.note") == "red-marker" for e in mine), "ca read a TLP:RED event")
    check(events(TOKENS["ca"], ip=B_IP) == [], "ca found B's address")
    b_net = ".".join(B_IP.split(".")[:3]) + ".0/24" if "." in B_IP else B_IP + "/64"
    check(all(e["organisation"] == ORG_A for e in events(TOKENS["ca"], cidr=b_net)),
          "a cidr search over B's network showed B's events to ca")
    check(events(TOKENS["ca"], organisation=ORG_B) == [] or
          all(e["organisation"] == ORG_A for e in events(TOKENS["ca"], organisation=ORG_B)),
          "organisation=B widened ca's search")
    theirs = events(TOKENS["cb"])
    check(theirs and all(e["organisation"] == ORG_B for e in theirs), "cb sees only B's events")
    # Pages of one event: the cursor walks A's events only, each once.
    seen, cursor = [], ""
    for _ in range(2000):
        status, js, _, _ = req("GET", q("/api/v1/events", limit=1, cursor=cursor) if cursor
                               else q("/api/v1/events", limit=1), TOKENS["ca"])
        seen += [e["id"] for e in js["events"]]
        check(all(e["organisation"] == ORG_A for e in js["events"]), "a cursor page left A")
        cursor = js["next_cursor"]
        if not cursor:
            break
    check(sorted(seen) == sorted(e["id"] for e in mine), "cursor pages differ from the search")
    # A forged cursor pointing anywhere still gets A's only.
    status, js, _, _ = req("GET", q("/api/v1/events", cursor="9999999999999999_99999999999"), TOKENS["ca"])
    check(status == 200 and all(e["organisation"] == ORG_A for e in js["events"]), "forged cursor")
    # Exports.
    status, _, csv_text, _ = req("GET", q("/api/v1/events", format="csv"), TOKENS["ca"])
    import csv as csvmod
    import io
    csv_rows = list(csvmod.DictReader(io.StringIO(csv_text)))
    csv_ips = {r.get("source.ip") for r in csv_rows}
    check(status == 200 and A_IP in csv_ips and not (csv_ips & ips[ORG_B]), f"CSV export of ca")
    check("red-marker" not in csv_text, "TLP:RED in ca's CSV export")
    status, _, jl, r = req("GET", q("/api/v1/events", format="jsonl"), TOKENS["ca"])
    check(status == 200 and all(json.loads(l).get("constituency") == ORG_A
                                                    for l in jl.splitlines()), "JSON-lines export of ca")
    check(r.getheader("Content-Type", "").startswith("application/x-ndjson"), "JSON-lines type")
    # TLP:RED: the analyst reads it, read-only does not.
    red = lambda tok: [e for e in events(tok, ip=A_IP) if e["event"].get("extra.note") == "red-marker"]
    check(len(red(TOKENS["ana"])) == 1, "the analyst reads the TLP:RED event")
    check(red(TOKENS["rob"]) == [], "read-only read a TLP:RED event")
    print("ok: constituents see their own events only (search, ip, cidr, organisation, cursor, exports); TLP:RED only to analysts")

    # 3. Tickets: B's investigation is invisible to ca by id, list, feedback and change.
    status, b_inv, text, _ = req("POST", "/api/v1/tickets", TOKENS["ana"],
                                 {"queue": "investigations", "subject": "Infected hosts at B",
                                  "organisation": ORG_B, "classification": "infected-system",
                                  "text": "internal note"})
    check(status == 201, f"create investigation: {status} {text}")
    status, a_inv, _, _ = req("POST", "/api/v1/tickets", TOKENS["ana"],
                              {"queue": "investigations", "subject": "Infected hosts at A",
                               "organisation": ORG_A, "classification": "infected-system"})
    status, report, _, _ = req("POST", "/api/v1/tickets", TOKENS["ana"],
                               {"subject": "A report about A", "organisation": ORG_A})
    status, red_inv, _, _ = req("POST", "/api/v1/tickets", TOKENS["ana"],
                                {"queue": "investigations", "subject": "RED at A", "organisation": ORG_A,
                                 "tlp": "RED"})
    for tid in [b_inv["id"], report["id"], red_inv["id"]]:
        check(req("GET", f"/api/v1/tickets/{tid}", TOKENS["ca"])[0] == 404, f"ca read ticket {tid}")
        check(req("POST", f"/api/v1/tickets/{tid}/feedback", TOKENS["ca"], {"kind": "fixed"})[0] == 404,
              f"ca gave feedback on ticket {tid}")
        check(req("PATCH", f"/api/v1/tickets/{tid}", TOKENS["ca"], {"status": "resolved"})[0] == 403,
              f"ca changed ticket {tid}")
    status, js, _, _ = req("GET", q("/api/v1/tickets", state="all", queue="reports", organisation=ORG_B), TOKENS["ca"])
    ids = [t["id"] for t in js["tickets"]]
    check(ids == [a_inv["id"]], f"ca's ticket list: {ids}")
    status, js, _, _ = req("GET", f"/api/v1/tickets/{a_inv['id']}", TOKENS["ca"])
    check(status == 200 and "history" not in js, "ca reads its own investigation, without the team's history")
    check(req("POST", f"/api/v1/tickets/{a_inv['id']}/feedback", TOKENS["ca"],
              {"kind": "false-positive", "note": "a honeypot of ours"})[0] == 201, "ca's feedback")
    status, js, _, _ = req("GET", f"/api/v1/tickets/{a_inv['id']}", TOKENS["ana"])
    check("false-positive" in js["ticket"]["tags"] and
          any("a honeypot of ours" in m["body"] and m["actor"] == "ca" for m in js["messages"]),
          "the feedback reached the investigation, with ca as actor")
    check(any(h["actor"] == "ca" for h in js["history"]), "the feedback is in the history as ca")
    check(req("GET", f"/api/v1/organisations/{urllib.parse.quote(ORG_B)}", TOKENS["ca"])[0] == 404,
          "ca read B's organisation page")
    status, js, _, _ = req("GET", "/api/v1/organisations", TOKENS["ca"])
    check([o["handle"] for o in js["organisations"]] == [ORG_A], "ca's organisation list")
    check(req("GET", q("/api/v1/lookup", ip=B_IP), TOKENS["ca"])[0] == 403, "ca used lookup")
    check(req("GET", "/api/v1/dashboard", TOKENS["ca"])[0] == 403, "ca read the dashboard")
    check(req("GET", "/api/v1/stats", TOKENS["ca"])[0] == 403, "ca read the statistics")
    print("ok: constituents see their own investigations only (ids, lists, feedback, changes, organisations)")

    # 4. Portal limits: contacts and inhibitions of its own, within the team's limits.
    check(req("POST", "/api/v1/inhibitions", TOKENS["ca"],
              {"organisation": ORG_B, "until": "7d"})[0] == 403, "ca inhibited B")
    check(req("POST", "/api/v1/inhibitions", TOKENS["ca"], {"until": "90d"})[0] == 400,
          "ca inhibited beyond portal_inhibit_days")
    status, inh, _, _ = req("POST", "/api/v1/inhibitions", TOKENS["ca"],
                            {"network": A_IP, "until": "7d", "reason": "maintenance"})
    check(status == 201 and inh["organisation"] == ORG_A, "ca's own inhibition")
    status, b_inh, _, _ = req("POST", "/api/v1/inhibitions", TOKENS["ana"],
                              {"organisation": ORG_B, "until": "7d"})
    check(req("DELETE", f"/api/v1/inhibitions/{b_inh['id']}", TOKENS["ca"])[0] == 404, "ca lifted B's inhibition")
    status, js, _, _ = req("GET", "/api/v1/inhibitions", TOKENS["ca"])
    check([i["id"] for i in js["inhibitions"]] == [inh["id"]], "ca sees its own inhibitions only")
    check(req("POST", f"/api/v1/organisations/{urllib.parse.quote(ORG_B)}/contacts", TOKENS["ca"],
              {"email": "x@evil.example"})[0] == 404, "ca added a contact to B")
    check(req("POST", f"/api/v1/organisations/{urllib.parse.quote(ORG_A)}/contacts", TOKENS["ca"],
              {"email": "noc@a.example", "role": "noc"})[0] == 201, "ca adds its own contact")
    check(req("POST", f"/api/v1/organisations/{urllib.parse.quote(ORG_A)}/contacts", TOKENS["ca"],
              {"email": "bad address"})[0] == 400, "a bad contact address")
    print("ok: the portal's contacts and inhibitions stay within the organisation and the team's limits")

    # 5. Roles: read-only changes nothing.
    check(req("POST", "/api/v1/tickets", TOKENS["rob"], {"subject": "x"})[0] == 403, "read-only created a ticket")
    check(req("GET", "/api/v1/users", TOKENS["ana"])[0] == 403, "an analyst listed accounts")
    check(req("GET", "/api/v1/users", TOKENS["root"])[0] == 200, "an admin lists accounts")

    # 6. Sessions: cookie flags, CSRF, rate limiting, logout.
    status, me, _, r = req("POST", "/api/v1/login", body={"user": "ana", "password": PW})
    cookie_header = r.getheader("Set-Cookie", "")
    check(status == 200 and "HttpOnly" in cookie_header and "SameSite=Strict" in cookie_header,
          f"session cookie flags: {cookie_header}")
    cookie = cookie_header.split(";")[0]
    tid = a_inv["id"]
    status, js, _, _ = req("POST", f"/api/v1/tickets/{tid}/comments", body={"text": "no csrf"},
                           headers={"Cookie": cookie})
    check(status == 403 and js["error"]["code"] == "csrf", "a change without the CSRF token")
    status, _, _, _ = req("POST", f"/api/v1/tickets/{tid}/comments", body={"text": "foreign"},
                          headers={"Cookie": cookie, "X-CSRF-Token": me["csrf"],
                                   "Origin": "http://evil.example", "Host": f"127.0.0.1:{PORT}"})
    check(status == 403, "a change from a foreign Origin")
    status, _, _, _ = req("POST", f"/api/v1/tickets/{tid}/comments", body={"text": "with csrf"},
                          headers={"Cookie": cookie, "X-CSRF-Token": me["csrf"]})
    check(status == 201, "a change with the CSRF token")
    check(req("GET", "/api/v1/me", headers={"Cookie": cookie})[1]["name"] == "ana", "the session reads back")
    req("POST", "/api/v1/logout", headers={"Cookie": cookie, "X-CSRF-Token": me["csrf"]})
    check(req("GET", "/api/v1/me", headers={"Cookie": cookie})[0] == 401, "the session ended at logout")
    codes = [req("POST", "/api/v1/login", body={"user": "rob", "password": "wrong password!"})[0]
             for _ in range(6)]
    check(codes[:5] == [401] * 5 and codes[5] == 429, f"login rate limiting: {codes}")
    check(req("POST", "/api/v1/login", body={"user": "rob", "password": PW})[0] == 429,
          "the right password during the lock-out")
    print("ok: HttpOnly SameSite=Strict sessions, CSRF and foreign Origin refused, logins rate limited")

    # 7. Hostile input: SQL injection, path traversal, oversized and malformed bodies.
    for params in [{"type": "' OR 1=1 --"}, {"feed": "x'; DROP TABLE events; --"},
                   {"organisation": "' OR '1'='1"}]:
        check(events(TOKENS["ana"], **params) == [], f"SQL injection through {params}")
    status, js, _, _ = req("GET", q("/api/v1/tickets", status="' OR '1'='1", state="all"), TOKENS["ana"])
    check(status == 200 and js["tickets"] == [], "SQL injection through status")
    check(req("GET", q("/api/v1/events", cidr="1.2.3.4/99"), TOKENS["ana"])[0] == 400, "a bad cidr")
    check(req("GET", q("/api/v1/events", limit="100000000"), TOKENS["ana"])[0] == 400, "an oversized page")
    check(req("GET", q("/api/v1/events", cursor="' OR 1=1"), TOKENS["ana"])[0] == 400, "a forged cursor")
    for path in ["/assets/../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc%2fpasswd",
                 "/api/v1/tickets/..%2f..%2fusers"]:
        status, _, text, _ = req("GET", path, TOKENS["root"])
        check(status in (400, 404) and "root:" not in text, f"path traversal {path}: {status}")
    check(req("POST", "/api/v1/tickets", TOKENS["ana"], raw=b"{not json")[0] == 400, "malformed JSON")
    check(req("POST", "/api/v1/tickets", TOKENS["ana"], {"subject": "x", "evil": 1})[0] == 400, "an unknown key")
    import socket
    with socket.create_connection(("127.0.0.1", PORT), timeout=10) as sock:
        sock.sendall(b"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                     TOKENS["ana"].encode() + b"\r\nContent-Length: 2097152\r\n\r\n" + b"x" * 4096)
        check(b" 413 " in sock.recv(4096).split(b"\r\n")[0], "an oversized body")
    check(req("GET", "/api/v1/tickets/99999999999999999999", TOKENS["ana"])[0] == 404, "a huge id")
    status, js, _, _ = req("GET", "/check.json", headers={"X-Forwarded-For": A_IP})
    check(js["address"] == "127.0.0.1", "a spoofed X-Forwarded-For from an untrusted peer")
    check(req("GET", "/healthz")[0] == 200, "the server stayed up")
    print("ok: SQL injection, path traversal, oversized and malformed requests harmless; server up")

    # 9. Advisories: analysts write and publish, read-only reads, constituents do not;
    #    TLP:RED only to analysts; the published page is public.
    src = ('+++\ntitle = "Flaw in Example Router"\nseverity = "high"\n'
           'cvss = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"]\n+++\nUpdate the router.\n')
    with open(os.path.join(T, "products.csv"), "w") as f:
        f.write(f"organisation,vendor,product,version\n{ORG_A},Example Networks,Example Router,1.5\n")
    belfry("products", "import", os.path.join(T, "products.csv"))
    status, adv, _, _ = req("POST", "/api/v1/advisories", TOKENS["ana"], body={"source": src})
    check(status == 201 and adv["status"] == "draft" and adv["author"] == "ana", f"create: {status} {adv}")
    check(adv["cvss"][0]["base_score"] == 9.8, "the CVSS score is computed")
    check(req("POST", "/api/v1/advisories", TOKENS["rob"], body={"source": src})[0] == 403,
          "read-only wrote an advisory")
    check(req("GET", "/api/v1/advisories", TOKENS["ca"])[0] == 403, "a constituent listed advisories")
    status, bad, _, _ = req("POST", "/api/v1/advisories", TOKENS["ana"], body={"source": "+++\nx = 1\n+++\n"})
    check(status == 400 and "unknown key 'x'" in json.dumps(bad), f"a bad source: {status} {bad}")
    status, js, _, _ = req("POST", f"/api/v1/advisories/{adv['id']}/actions", TOKENS["ana"],
                           body={"action": "publish"})
    check(status == 400 and "external reference" in json.dumps(js), f"no products, no reference: {status} {js}")
    check(req("GET", f"/api/v1/advisories/{adv['id']}", TOKENS["ana"])[1]["status"] == "draft",
          "a refused publication changed the advisory")
    # A reference, and the product a constituent runs: told at publication, listed as a match.
    src = src.replace("+++\nUpdate", 'references = ["https://psirt.example.com/r/9"]\n'
                      '[[products]]\nvendor = "Example Networks"\nproduct = "Example Router"\n'
                      'versions = "< 2.0"\n+++\nUpdate')
    check(req("PUT", f"/api/v1/advisories/{adv['id']}", TOKENS["ana"], body={"source": src})[0] == 200, "edit")
    status, pub, _, _ = req("POST", f"/api/v1/advisories/{adv['id']}/actions", TOKENS["ana"],
                            body={"action": "publish"})
    check(status == 200 and pub["status"] == "published", f"publish: {status} {pub}")
    check(req("GET", f"/advisories/{adv['tracking_id']}.html")[0] == 200, "the published page")
    shown = req("GET", f"/api/v1/advisories/{adv['id']}", TOKENS["rob"])[1]
    check([m["organisation"] for m in shown["matches"]] == [ORG_A] and shown["matches"][0]["ticket"] > 0,
          f"the advisory's matches: {shown.get('matches')}")
    red_src = src.replace('severity = "high"', 'severity = "high"\ntlp = "RED"')
    status, red, _, _ = req("POST", "/api/v1/advisories", TOKENS["ana"], body={"source": red_src})
    check(status == 201 and red["tlp"] == "RED", "a TLP:RED draft")
    check(req("GET", f"/api/v1/advisories/{red['id']}", TOKENS["rob"])[0] == 404, "read-only read a RED advisory")
    listed = req("GET", "/api/v1/advisories", TOKENS["rob"])[1]["advisories"]
    check(all(a["tlp"] != "RED" for a in listed) and listed, "read-only listed a RED advisory")
    check(req("GET", f"/api/v1/advisories/{red['id']}", TOKENS["ana"])[0] == 200, "an analyst reads RED")
    status, js, _, _ = req("POST", f"/api/v1/advisories/{red['id']}/actions", TOKENS["ana"], body={"action": "fly"})
    check(status == 400, f"an unknown action: {status}")
    print("ok: advisories through the API: roles, four-eyes workflow verbs, TLP:RED, the published page")

    # 10. Products: a constituent declares what it runs (matched against advisories), for
    #     its own organisation only; read-only team members read them.
    base_a, base_b = f"/api/v1/organisations/{ORG_A}/products", f"/api/v1/organisations/{ORG_B}/products"
    switch = {"vendor": "Example Networks", "product": "Example Switch", "version": "3.1"}
    status, made, _, _ = req("POST", base_a, TOKENS["ca"], body=switch)
    check(status == 201 and made["source"] == "declared", f"a constituent declares a product: {status} {made}")
    names = [x["product"] for x in req("GET", base_a, TOKENS["ca"])[1]["products"]]
    check("Example Switch" in names and "Example Router" in names, f"the organisation's products: {names}")
    check(req("GET", base_a, TOKENS["rob"])[0] == 200, "read-only reads an organisation's products")
    check(req("POST", base_a, TOKENS["rob"], body=switch)[0] == 403, "read-only declared a product")
    check(req("POST", base_b, TOKENS["ca"], body=switch)[0] == 404, "a constituent declared for another organisation")
    check(req("GET", base_a, TOKENS["cb"])[0] == 404, "a constituent read another organisation's products")
    check(req("POST", base_a, TOKENS["ca"], body={"vendor": "x"})[0] == 400, "a product without its name")
    check(req("POST", base_a, TOKENS["ca"], body={**switch, "cpe": "not a cpe"})[0] == 400, "a bad CPE")
    check(req("POST", base_a, TOKENS["ca"], body={**switch, "colour": "red"})[0] == 400, "an unknown key")
    gone = base_a + "?" + urllib.parse.urlencode(switch)
    check(req("DELETE", gone, TOKENS["ca"])[0] == 204, "a constituent removes its product")
    check(req("DELETE", gone, TOKENS["ca"])[0] == 404, "a removed product removed again")
    print("ok: products declared, read and removed through the API, each organisation its own only")

    # 8. A disabled account is refused at once; every change is audited with its user.
    belfry("user", "disable", "cb")
    check(req("GET", "/api/v1/events", TOKENS["cb"])[0] == 401, "a disabled account's token")
    audit = req("GET", q("/api/v1/audit", limit=1000), TOKENS["root"])[1]["audit"]
    actions = {(a["actor"], a["action"]) for a in audit}
    for want in [("ca", "inhibit"), ("ca", "contact-add"), ("ana", "login"), ("rob", "login-failed")]:
        check(want in actions, f"audit lacks {want}")
    status, js, _, _ = req("GET", f"/api/v1/tickets/{b_inv['id']}", TOKENS["ana"])
    check(js["history"][0]["actor"] == "ana", "the ticket's history names the analyst")
    metrics = req("GET", "/metrics")[2]
    check('belfry_http_request_seconds_bucket{area="api"' in metrics, "the API's latency histogram")
    print("ok: disabled accounts refused; changes audited with their user; latency histograms")
finally:
    serve.send_signal(signal.SIGTERM)
    try:
        serve.wait(timeout=20)
    except subprocess.TimeoutExpired:
        serve.kill()
        fail("serve did not stop on SIGTERM")
    if serve.returncode not in (0, None):
        fail(f"serve exited {serve.returncode}")
    if failures:
        print(open(f"{T}/serve.err").read()[-2000:], file=sys.stderr)
    shutil.rmtree(T, ignore_errors=True)

if failures:
    print(f"api: {len(failures)} failure(s)", file=sys.stderr)
    sys.exit(1)
print("api: all passed")
