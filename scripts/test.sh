#!/usr/bin/env bash
# `npm test`: every test. Typecheck, lint, formatting, the unit and database suite on the embedded database
# (and again on PostgreSQL when DATABASE_URL is set), a production build, then the end-to-end
# suite in Chromium and the API specs over HTTP (on both databases when DATABASE_URL is set), and
# a smoke run of the bench.
# Stops at the first stage that fails, with that stage's exit code.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() { printf '\n==> %s\n' "$*"; }

stage "Typecheck (tsc --noEmit)"
npx tsc --noEmit

stage "Lint (eslint, no warnings allowed)"
npx eslint . --max-warnings 0

stage "Formatting (prettier --check)"
npx prettier --check . > /dev/null || { npx prettier --list-different .; echo "Run npm run format."; exit 1; }

stage "Unit and database tests on the embedded database (PGlite)"
MANY_INSTANCES="lib/runtime/many-instances.test.ts"
env -u DATABASE_URL npx vitest run

if [[ -n "${DATABASE_URL:-}" ]]; then
  stage "Unit and database tests on PostgreSQL (DATABASE_URL)"
  npx vitest run --exclude "$MANY_INSTANCES"

  # Two real server processes on one database, timed in hundreds of milliseconds (failover, drain,
  # outage): alone, so the rest of the suite doesn't starve them of the two cores.
  stage "Many instances on one PostgreSQL database (two server processes)"
  npx vitest run "$MANY_INSTANCES"
fi

stage "Production build (next build)"
npx next build

# The end-to-end server runs in production mode; on PostgreSQL production needs its secrets from
# the environment, so a test run supplies throwaway ones when none are set.
if [[ -n "${DATABASE_URL:-}" ]]; then
  export AUTH_SECRET="${AUTH_SECRET:-$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64"))')}"
  export SEATKEEPER_SIGNING_KEY="${SEATKEEPER_SIGNING_KEY:-$(node -e 'console.log(require("node:crypto").generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString())')}"
fi

stage "End-to-end tests: Chromium and both APIs over HTTP (playwright test${DATABASE_URL:+, on PostgreSQL})"
npx playwright test

# The full run above covered the embedded database unless DATABASE_URL is set; then the API specs
# run once more on a fresh embedded database, so both APIs are proven on both databases.
if [[ -n "${DATABASE_URL:-}" ]]; then
  stage "Both APIs over HTTP on the embedded database (playwright test --project=api)"
  env -u DATABASE_URL npx playwright test --project=api
fi

# `npm run bench` itself is no timed test, but a smoke run of every step (a few seconds each, on
# PostgreSQL when DATABASE_URL is set) keeps it from rotting: it fails on an error or an
# over-allocation, never on a timing.
stage "Bench smoke run (npm run bench -- --smoke${DATABASE_URL:+, on PostgreSQL})"
npm run --silent bench -- --smoke

stage "Every stage passed"
