#!/usr/bin/env bash
# Sets up (if needed) and runs the demo: SFU + server + web app + N simulated clinic cameras.
#   bash infra/demo.sh [--cameras 16] [--port 8080]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CAMERAS=16; PORT=8080
while [ $# -gt 0 ]; do
  case "$1" in
    --cameras) CAMERAS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    *) echo "unknown option $1 (use --cameras N, --port P)" >&2; exit 2 ;;
  esac
done
bash infra/setup.sh
source var/env.sh
echo "[demo] building the web app" >&2
npx vite build --logLevel warn >&2

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

node --import tsx infra/simulator/src/cli.ts start --cameras "$CAMERAS" --http-port 8090 &
pids+=($!)
DEMO_CAMERAS="$CAMERAS" PORT="$PORT" node --import tsx server/src/main.ts &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.5
done
cat <<MSG

  ClinicWall demo is running ($CAMERAS simulated clinic cameras)
    wall:        http://127.0.0.1:$PORT/wall
    publisher:   http://127.0.0.1:$PORT/publish?camera=cam-web-01
    simulator:   http://127.0.0.1:8090/cameras   (e.g. npm run -s sim -- mode cam-001 covered)
  Ctrl-C stops everything.

MSG
wait -n
