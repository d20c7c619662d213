#!/usr/bin/env bash
# Sets up (if needed) and runs every test: unit, integration (real mediasoup worker, ffmpeg) and
# end-to-end (Debian's Chromium). Prints one closing line: "tests: N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash infra/setup.sh || { echo "setup failed"; exit 1; }
source var/env.sh
mkdir -p var/test-logs
pass=0; fail=0; status=0

run() { # name, npm script
  local name="$1" script="$2" log="var/test-logs/$1.log"
  echo "=== $name tests ==="
  npm run -s "$script" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local p f
  p=$(grep -E '^ℹ pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^ℹ fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
  if [ "$rc" -ne 0 ]; then status=1; [ "${f:-0}" -gt 0 ] || fail=$((fail + 1)); fi
}

echo "=== typecheck and lint ==="
if ! npx tsc -p tsconfig.json; then status=1; fail=$((fail + 1)); fi
npx svelte-kit sync >/dev/null 2>&1
if ! npx svelte-check --tsconfig web/tsconfig.json --threshold error --output human > var/test-logs/svelte-check.log 2>&1; then
  cat var/test-logs/svelte-check.log; status=1; fail=$((fail + 1))
fi
if ! npx eslint . || ! npx prettier --check . >/dev/null; then echo "lint failed (npx eslint . ; npx prettier --check .)"; status=1; fail=$((fail + 1)); fi
run unit test:unit
run integration test:integration
echo "=== building the web app for end-to-end tests ==="
if npx vite build --logLevel warn; then run e2e test:e2e; else status=1; fail=$((fail + 1)); fi

echo
echo "tests: $pass passed, $fail failed"
exit $status
