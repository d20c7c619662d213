#!/usr/bin/env bash
# Starts the demo's redis-server in the foreground (AOF on, infra/redis/redis.conf) on the given
# port with its data under var/redis; exec'ed, so the caller's pid is Redis's.
#   bash infra/redis/start.sh <port>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$ROOT/var/redis"
exec redis-server "$ROOT/infra/redis/redis.conf" --port "$1" --dir "$ROOT/var/redis" \
  --logfile "$ROOT/var/redis/redis.log"
