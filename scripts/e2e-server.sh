#!/usr/bin/env bash
# The end-to-end server (playwright.config.ts webServer): its set-up (scripts/e2e-setup.ts: the
# demo, an operator token written to "$SEATKEEPER_E2E_DATA_DIR/operator-token", an account), a real
# SMTP server for the run, then
# the production server (server.ts). On the embedded database the set-up releases the data folder
# before the server opens it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${SEATKEEPER_E2E_DATA_DIR:-}" ]]; then
  echo "SEATKEEPER_E2E_DATA_DIR must name the folder for this run's files (playwright.config.ts sets it)." >&2
  exit 2
fi
mkdir -p "$SEATKEEPER_E2E_DATA_DIR"

# Node with tsx as a loader: one process each, without npx's and the tsx CLI's own start-up.
node --import tsx --import ./scripts/register.mjs scripts/e2e-setup.ts

# On the embedded database, a copy of the loaded data folder for the specs' extra servers
# (e2e/seeded-folder.ts), so they start with the demo instead of loading it again.
if [[ -z "${DATABASE_URL:-}" ]]; then
  rm -rf "$SEATKEEPER_E2E_DATA_DIR/seeded"
  mkdir -p "$SEATKEEPER_E2E_DATA_DIR/seeded"
  cp -a "$SEATKEEPER_E2E_DATA_DIR/pglite" "$SEATKEEPER_E2E_DATA_DIR/demo-api-keys.json" "$SEATKEEPER_E2E_DATA_DIR/seeded/"
fi

# A real SMTP server for the run (invitations and password resets are e-mailed to it); the specs
# read what it received from "$SEATKEEPER_E2E_DATA_DIR/mail" (lib/testing/mail-server.ts).
rm -f "$SEATKEEPER_E2E_DATA_DIR/mail-port"
npx tsx --import ./scripts/register.mjs scripts/e2e-mail-server.ts &
for _ in $(seq 1 100); do
  [[ -s "$SEATKEEPER_E2E_DATA_DIR/mail-port" ]] && break
  sleep 0.2
done
if [[ ! -s "$SEATKEEPER_E2E_DATA_DIR/mail-port" ]]; then
  echo "The e2e mail server did not start." >&2
  exit 1
fi
export SEATKEEPER_SMTP_URL="smtp://e2e:e2e@127.0.0.1:$(cat "$SEATKEEPER_E2E_DATA_DIR/mail-port")"
export SEATKEEPER_MAIL_FROM="Seatkeeper e2e <seatkeeper@e2e.test>"

# Accounts of this run for the MFA specs, and an organization of theirs that requires MFA.
node --import tsx --import ./scripts/register.mjs scripts/e2e-mfa-accounts.ts

exec node --import tsx --import ./scripts/register.mjs server.ts
