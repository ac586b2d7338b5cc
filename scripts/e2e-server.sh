#!/usr/bin/env bash
# The end-to-end server (playwright.config.ts webServer): loads the demo, creates an operator
# token for the management-API specs (e2e/api) and writes its secret to
# "$SEATKEEPER_E2E_DATA_DIR/operator-token", then becomes the production server (server.ts).
# On the embedded database each step opens the data folder in turn, so they run one after another.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${SEATKEEPER_E2E_DATA_DIR:-}" ]]; then
  echo "SEATKEEPER_E2E_DATA_DIR must name the folder for this run's files (playwright.config.ts sets it)." >&2
  exit 2
fi
mkdir -p "$SEATKEEPER_E2E_DATA_DIR"

npm run --silent db:seed

# The CLI prints the secret alone on its last line (SPEC §4).
secret="$(npm run --silent seatkeeper -- token create --name "e2e-$(date +%s)" | tail -n 1)"
if [[ "$secret" != sk_op_* ]]; then
  echo "token create did not print an operator token on its last line." >&2
  exit 1
fi
(umask 077 && printf '%s\n' "$secret" >"$SEATKEEPER_E2E_DATA_DIR/operator-token")

# A console account of its own for the "sign out everywhere" spec, which ends all its sessions
# (e2e/fixtures.ts). On a reused PostgreSQL database it already exists, which is fine.
npm run --silent seatkeeper -- account create --email everywhere@e2e.test \
  --password "quiet-harbour-lantern-41" --role support >/dev/null 2>&1 || true

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

exec npx tsx --import ./scripts/register.mjs server.ts
