#!/usr/bin/env bash
# `npm test`: every test. The checks (typecheck, lint, formatting, unused code, import zones), the
# Vitest suite on the embedded database beside the production build, the database tests again on
# PostgreSQL when DATABASE_URL is set (then the two-instance tests alone), and the end-to-end suite:
# the console in Chromium and both APIs over HTTP (on PostgreSQL when DATABASE_URL is set, the
# APIs on a fresh embedded database beside it).
# Stages that don't depend on each other run at the same time, each one's output printed whole
# when it ends. Every stage prints its wall time; the run ends with a table of them and the total.
# Stops after the first group with a failed stage, with that stage's exit code.
set -uo pipefail
cd "$(dirname "$0")/.."

run_started=$(date +%s)
summary=()
passed=0
failed=0
exit_code=0

banner() { printf '\n==> %s\n' "$*"; }
duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# record NAME EXIT_CODE SECONDS CPU_SECONDS
record() {
  local verdict=passed
  if (($2 == 0)); then
    passed=$((passed + 1))
  else
    verdict="FAILED ($2)"
    failed=$((failed + 1))
    ((exit_code)) || exit_code=$2
  fi
  printf '<== %s: %s in %s (%s of CPU)\n' "$1" "$verdict" "$(duration "$3")" "$(duration "$4")"
  summary+=("$(printf '%-16s %8s %8s  %s' "$verdict" "$(duration "$3")" "$(duration "$4")" "$1")")
}

# cpu_of FILE COMMAND: runs the command, then writes "EXIT_CODE CPU_SECONDS" to FILE: the user and
# system time of the command and of every process it waited for (servers, browsers, workers).
cpu_of() {
  local code=0 TIMEFORMAT='%U %S'
  { time bash -c "$2" 2>&3 || code=$?; } 3>&2 2> "$1.time"
  echo "$code $(awk '{ printf "%d", $1 + $2 }' "$1.time")" > "$1"
  rm -f "$1.time"
}

finish() {
  banner "Stages (wall time and CPU time each; stages of one group ran at the same time)"
  printf '%s\n' "${summary[@]}"
  local total=$(($(date +%s) - run_started))
  if ((failed == 0)); then
    banner "Every stage passed: $passed passed, 0 failed, in $(duration $total)"
  else
    banner "$passed passed, $failed failed, in $(duration $total)"
  fi
  exit "$exit_code"
}

# stages NAME 'COMMAND' [NAME 'COMMAND' …]: runs the stages at the same time (one alone runs in
# the foreground with its output as it comes), then stops the run if one of them failed.
stages() {
  if (($# == 2)); then
    banner "$1"
    local started=$(date +%s) result code cpu
    result=$(mktemp)
    cpu_of "$result" "$2"
    read -r code cpu < "$result"
    rm -f "$result"
    record "$1" "$code" $(($(date +%s) - started)) "$cpu"
  else
    local dir names=() pids=() i=0 all=("$@")
    dir=$(mktemp -d)
    for ((i = 0; i < ${#all[@]}; i += 2)); do names+=("${all[$i]}"); done
    banner "At the same time: $(printf '%s; ' "${names[@]}" | sed 's/; $//')"
    i=0
    while (($#)); do
      (
        started=$(date +%s)
        cpu_of "$dir/$i.cpu" "$2" > "$dir/$i.log" 2>&1
        read -r code cpu < "$dir/$i.cpu"
        echo "$code $(($(date +%s) - started)) $cpu" > "$dir/$i.result"
      ) &
      pids+=($!)
      shift 2
      i=$((i + 1))
    done
    for i in "${!names[@]}"; do
      wait "${pids[$i]}"
      banner "${names[$i]}"
      cat "$dir/$i.log"
      local code secs cpu
      read -r code secs cpu < "$dir/$i.result"
      record "${names[$i]}" "$code" "$secs" "$cpu"
    done
    rm -rf "$dir"
  fi
  ((failed == 0)) || finish
}

# A test file that imports lib/testing/db is a database test (Vitest project "db"), run on every
# database; every other one is a unit test (project "unit"), run once (vitest.config.ts).
MANY_INSTANCES="lib/runtime/many-instances.test.ts"
# A free port for the second end-to-end server (the API specs on the embedded database).
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# Single-threaded checks, two at a time on two cores. next build waits for tsc: tsc reads the
# route types the build writes into .next.
stages \
  "Typecheck (TypeScript 7, the native compiler: npm run typecheck)" "npm run --silent typecheck" \
  "Lint and import zones (eslint, no warnings allowed)" "npx eslint . --max-warnings 0" \
  "Formatting (prettier --check)" \
  'npx prettier --check . > /dev/null || { npx prettier --list-different .; echo "Run npm run format."; exit 1; }' \
  "Unused files, exports and dependencies (knip)" "npx knip" \
  "OpenAPI document lint (npm run lint:openapi, when present)" "npm run --silent --if-present lint:openapi" \
  "SDK package build (when present)" "npm run --silent --if-present -w @seatkeeper/client build"

# timed NAME COMMAND: one step of a stage that chains several, with its own wall time.
timed() {
  local started=$(date +%s) code=0
  bash -c "$2" || code=$?
  printf '<== %s: %s in %s\n' "$1" "$( ((code == 0)) && echo passed || echo "FAILED ($code)")" "$(duration $(($(date +%s) - started)))"
  return "$code"
}
export -f timed duration

# The embedded-database suite runs its files one at a time (Vitest's default on two cores), which
# leaves a core for the build beside it, then for the database tests on PostgreSQL, then for the
# API specs on a fresh embedded database (their own server, port, data folder and reports). The
# build's own type check is off: tsc ran above. Unit tests don't touch a database: they run once,
# on the embedded side. The PostgreSQL files run one at a time too: they share this one database,
# and the webhook tests' delivery rounds would take each other's deliveries.
API_ON_PGLITE="env -u DATABASE_URL -u SEATKEEPER_E2E_DATA_DIR E2E_PORT=$(free_port) PLAYWRIGHT_HTML_OUTPUT_DIR=playwright-report/api-pglite npx playwright test --project=api --output test-results/api-pglite"
if [[ -n "${DATABASE_URL:-}" ]]; then
  stages \
    "Unit and database tests on the embedded database (vitest, PGlite)" "env -u DATABASE_URL npx vitest run" \
    "Production build, the database tests on PostgreSQL, both APIs over HTTP on the embedded database" \
    "timed 'Production build' 'SEATKEEPER_BUILD_TYPECHECKED=1 npx next build' && timed 'Database tests on PostgreSQL' 'npx vitest run --project db --exclude $MANY_INSTANCES' && timed 'Both APIs over HTTP on the embedded database (playwright test --project=api)' '$API_ON_PGLITE'"
else
  stages \
    "Unit and database tests on the embedded database (vitest, PGlite)" "npx vitest run" \
    "Production build (next build)" "SEATKEEPER_BUILD_TYPECHECKED=1 npx next build"
fi

if [[ -n "${DATABASE_URL:-}" ]]; then
  # Two real server processes on one database, timed in hundreds of milliseconds (failover, drain,
  # outage): alone, so the rest of the suite doesn't starve them of the two cores.
  stages "Many instances on one PostgreSQL database (two server processes)" "npx vitest run $MANY_INSTANCES"

  # The end-to-end server runs in production mode; on PostgreSQL production needs its secrets from
  # the environment, so a test run supplies throwaway ones when none are set.
  export AUTH_SECRET="${AUTH_SECRET:-$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64"))')}"
  export SEATKEEPER_SIGNING_KEY="${SEATKEEPER_SIGNING_KEY:-$(node -e 'console.log(require("node:crypto").generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString())')}"

  stages "End-to-end tests: Chromium and both APIs over HTTP on PostgreSQL (playwright test)" "npx playwright test"
else
  stages "End-to-end tests: Chromium and both APIs over HTTP (playwright test)" "npx playwright test"
fi

finish
