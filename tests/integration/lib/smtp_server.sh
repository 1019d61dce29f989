# Sourced by the mail tests: starts the loopback SMTP server (tests/servers/smtp_server.js:
# STARTTLS with a throw-away certificate, AUTH as belfry / smtp-pass-42) on a free port.
# Needs ROOT, T and fail(); sets PORT, SMTP_PID and SMTP (the URL with credentials); the
# caller stops SMTP_PID. Received mails land in $T/received as NNNN.json; while $T/down
# exists the server answers 421.
start_smtp_server() {
  command -v node >/dev/null || fail "node is not installed (scripts/install-deps.sh installs nodejs)"
  [ -d "$ROOT/node_modules/smtp-server" ] || fail "smtp-server is missing: run npm ci in $ROOT"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
  mkdir -p "$T/received"
  node "$ROOT/tests/servers/smtp_server.js" --port "$PORT" --dir "$T/received" --cert "$T/cert.pem" \
    --key "$T/key.pem" --user belfry --pass 'smtp-pass-42' --down-file "$T/down" > "$T/smtp.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 50); do grep -q ready "$T/smtp.log" 2>/dev/null && break; sleep 0.1; done
  grep -q ready "$T/smtp.log" || fail "the SMTP server did not start: $(cat "$T/smtp.log")"
  SMTP="smtp://belfry:smtp-pass-42@127.0.0.1:$PORT"
}
