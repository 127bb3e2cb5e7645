#!/usr/bin/env bash
# Sunlight's test command. Installs what the tests need when it is missing (PostgreSQL 15, Chromium, CJK fonts, Go
# with golang.org/x/mod for the outside ledger check — Debian packages; needs root or sudo), runs every test of the solution (SQLite, PostgreSQL and browser tests
# included; none is skipped), and ends with the line "N passed, N failed". Exit code 0 only when all passed.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql-15)
[ -x /usr/bin/chromium ] || need+=(chromium)
# (grep -c reads everything: with -q, fc-list would die of SIGPIPE and pipefail would call the font missing.)
{ command -v fc-list >/dev/null && [ "$(fc-list | grep -ci "Noto Sans CJK")" -gt 0 ]; } || need+=(fonts-noto-cjk)
# Go's own transparency-log code (golang.org/x/mod/sumdb) checks the ledger from outside.
[ -x /usr/bin/go ] || need+=(golang-go)
[ -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ] || need+=(golang-golang-x-mod-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test prerequisites: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Missing ${need[*]}: install them with 'apt-get install -y ${need[*]}' as root, then run ./test.sh again." >&2
    echo "0 passed, 1 failed"; exit 1
  fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { echo "apt-get install ${need[*]} failed" >&2; echo "0 passed, 1 failed"; exit 1; }
fi

rm -rf test-results && mkdir -p test-results
dotnet test --solution Sunlight.slnx --results-directory "$PWD/test-results/trx" --report-trx "$@"
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in test-results/trx/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  x=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${t:-0} - ${x:-0}))
done
if [ "$files" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  echo "dotnet test exited with $status and left no usable results (a build error?)." >&2
  failed=$((failed + 1))
  [ "$status" -ne 0 ] || status=1
fi
if [ "$failed" -gt 0 ] && [ "$files" -gt 0 ] && command -v python3 >/dev/null; then python3 scripts/trx-failures.py test-results/trx/*.trx; fi
echo "Screenshots and TRX reports: test-results/"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
