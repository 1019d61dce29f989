#!/usr/bin/env bash
# Installs every Debian 12 package that Belfry's build, tests, demo and benchmarks need.
# Idempotent: packages already present are left alone. Must run as root (or via sudo).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ca-certificates
  # libraries
  libfmt-dev libspdlog-dev libsimdjson-dev libcli11-dev libtomlplusplus-dev libexpected-dev
  libsqlite3-dev libxxhash-dev libzstd-dev libhowardhinnant-date-dev tzdata
  libmaxminddb-dev zlib1g-dev
  # collectors: HTTP(S)/IMAP, archives, mail parsing, HMAC/SHA-256
  libcurl4-openssl-dev libssl-dev libarchive-dev libgmime-3.0-dev libsodium-dev
  # tracker: mail templates, OpenPGP (GMime verifies and decrypts through GPGME's gpg)
  libkainjow-mustache-dev gnupg
  # notifications: OpenPGP signing and encryption (GPGME), X-ARF schema checks in tests
  libgpgme-dev python3-jsonschema
  # sharing: STIX patterns parsed by the official grammar's parser, IODEF checked by its XSD
  python3-antlr4 libxml2-utils
  # publications: Atom feeds checked by a feed parser in tests
  python3-feedparser
  # the annual report: its PDF read back in tests
  poppler-utils
  # web server: Boost.Beast and Asio (header-only)
  libboost1.81-dev
  # publications: advisories' Markdown (GitHub-flavoured)
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  # scale-out: PostgreSQL (libpq; the tests start a throw-away server) and Redis (hiredis)
  postgresql libpq-dev redis-server libhiredis-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 python3 time
  # HTTP benchmarks: a load generator, and nginx serving a static file as the baseline
  wrk nginx-light
  # MaxMind DB writer/reader tools: the constituency benchmark builds a 1M-prefix .mmdb
  libmaxmind-db-writer-perl mmdb-bin
  # collector tests: a real IMAP server and TLS certificates for the loopback servers
  dovecot-imapd openssl
  # console tests: a real headless browser (driven by playwright-core from npm)
  chromium
)

# The console's build (esbuild), the tests' loopback SMTP server and browser driver run on
# Node.js (npm ci installs them): Debian's nodejs and npm unless a Node.js is installed.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
