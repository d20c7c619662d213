#!/usr/bin/env bash
# Sets up (if needed) and runs the demo: SFU + server + web app + N simulated clinic cameras,
# a local Redis (AOF, data in var/redis) unless REDIS_URL is set, and a feeder posting signed swipes.
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
echo "[demo] building the web app and the server" >&2
npx vite build --logLevel warn >&2
node --import tsx server/build.ts >&2

pids=(); essential=()
cleanup() { for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Swipe secrets (generated once into var/secrets.env, mode 600); variables already set win.
SECRETS="$(bash infra/swipes/secrets.sh)"
while IFS='=' read -r key value; do
  if [[ "$key" =~ ^[A-Z_]+$ ]] && [ -z "${!key:-}" ]; then export "$key=$value"; fi
done < "$SECRETS"
# A local Redis with AOF (swipes, registry) unless REDIS_URL points to one; stopped (SIGTERM: AOF flushed) on exit.
if [ -z "${REDIS_URL:-}" ]; then
  REDIS_PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  bash infra/redis/start.sh "$REDIS_PORT" &
  pids+=($!); essential=($!)
  for _ in $(seq 1 50); do [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break; sleep 0.2; done
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  # The registry is seeded from the fixture when Redis has none: a different --cameras reseeds it.
  if [ "$(cat var/redis/demo-cameras 2>/dev/null)" != "$CAMERAS" ]; then
    redis-cli -p "$REDIS_PORT" --scan --pattern 'cw:registry:*' | xargs -r redis-cli -p "$REDIS_PORT" del >/dev/null
    echo "$CAMERAS" > var/redis/demo-cameras
  fi
  echo "[demo] redis-server on $REDIS_URL (data in var/redis)" >&2
fi

# Demo users (one per role) are created at the first start, when the user store is empty: the server
# prints their passwords once and writes them to var/demo-credentials.txt (mode 600) for this banner.
export DEMO_PASSWORDS_FILE="${DEMO_PASSWORDS_FILE:-$ROOT/var/demo-credentials.txt}"
STARTED_MARK="$(mktemp)"

node --import tsx infra/simulator/src/cli.ts start --cameras "$CAMERAS" --http-port 8090 &
pids+=($!); essential+=($!)
DEMO_CAMERAS="$CAMERAS" PORT="$PORT" node server/bin/serve.mjs &
pids+=($!); essential+=($!)

for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.5
done
node --import tsx infra/swipes/feeder.ts --url "http://127.0.0.1:$PORT" --cameras "$CAMERAS" --every 4 &
pids+=($!)
INTEGRATION="${SWIPE_INTEGRATIONS%%:*}"
if [ -s "$DEMO_PASSWORDS_FILE" ] && [ "$DEMO_PASSWORDS_FILE" -nt "$STARTED_MARK" ]; then
  CREDENTIALS="$(sed 's/^/                 /' "$DEMO_PASSWORDS_FILE")"
else
  CREDENTIALS="                 (created at an earlier start, when they were shown; see the file)"
fi
rm -f "$STARTED_MARK"
cat <<MSG

  ClinicWall demo is running ($CAMERAS simulated clinic cameras)
    sign in:     http://127.0.0.1:$PORT/login  as a demo user (username  role  password; shown on
                 their first start only, and kept in $DEMO_PASSWORDS_FILE, mode 600):
$CREDENTIALS
    wall:        http://127.0.0.1:$PORT/wall
    publisher:   http://127.0.0.1:$PORT/publish?camera=cam-web-01
    simulator:   http://127.0.0.1:8090/cameras   (e.g. npm run -s sim -- mode cam-001 covered)
    swipes:      a feeder posts a signed demo swipe every few seconds (integration $INTEGRATION;
                 its secret and the card hash key are in $SECRETS)
                 post one yourself:  npm run -s swipe -- --url http://127.0.0.1:$PORT --terminal t-01-1
                 API docs:           http://127.0.0.1:$PORT/api/v1/docs/
  Ctrl-C stops everything.

MSG
# The demo ends when one of its essential parts does (the swipe feeder may stop on its own).
wait -n "${essential[@]}"
