#!/usr/bin/env bash
# ClinicWall setup for a fresh Debian 12 machine, air-gapped except for the Debian and npm mirrors.
# Idempotent and fast when everything is in place. Installs:
#   1. Debian packages (ffmpeg, chromium, redis, the mediasoup worker build deps, CJK fonts)
#   2. Node.js 22 LTS, project-local in .tools/ (the machine's Node 20 is past end of life)
#   3. npm packages (npm ci), without mediasoup's internet-only worker download
#   4. the mediasoup worker, built from the npm package's sources against Debian's libraries (cached)
#   5. larger UDP receive buffers (sysctl), for walls of many streams on this machine
# Afterwards `source var/env.sh` puts node 22 on PATH and sets MEDIASOUP_WORKER_BIN.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

NODE_VERSION=22.23.3
APT_PACKAGES=(
  ca-certificates git ffmpeg chromium redis-server python3 make g++ pkg-config meson ninja-build
  libuv1-dev libssl-dev libsrtp2-dev libabsl-dev libflatbuffers-dev flatbuffers-compiler
  fonts-noto-cjk fonts-dejavu-core procps openssl curl
)

# ---- 1. Debian packages ----
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# ---- 2. Node.js 22 LTS (project-local) ----
NODE_DIR="$ROOT/.tools/node22"
if [ "$("$NODE_DIR/node_modules/.bin/node" -v 2>/dev/null)" != "v$NODE_VERSION" ]; then
  log "installing Node.js $NODE_VERSION into .tools/ (from the npm registry)"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund "node@$NODE_VERSION" >&2
fi
export PATH="$NODE_DIR/node_modules/.bin:$PATH"

# ---- 3. npm packages ----
# MEDIASOUP_WORKER_BIN set at install time makes mediasoup's postinstall skip its GitHub download.
export MEDIASOUP_WORKER_BIN="${MEDIASOUP_WORKER_BIN:-/nonexistent/built-by-infra-mediasoup}"
# onnxruntime-node ships its CPU binary in the package; its install script would fetch a CUDA add-on.
export ONNXRUNTIME_NODE_INSTALL=skip
# swagger-ui-dist (the API docs page) pulls in @scarf/scarf, whose install script reports to the internet.
export SCARF_ANALYTICS=false
stamp="$ROOT/node_modules/.clinicwall-lock"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  # `npm install` with the committed lock installs the locked versions; unlike `npm ci` it tolerates
  # npm's known omission of other platforms' optional packages (rollup, esbuild) from lock files.
  log "installing npm packages (locked versions)"
  npm install --no-audit --no-fund >&2
  cp package-lock.json "$stamp"
fi

# ---- 4. mediasoup worker (air-gapped build, cached outside the checkout) ----
log "mediasoup worker: checking cache (a first build takes about 6 minutes on 2 cores)"
MEDIASOUP_WORKER_BIN="$(bash "$ROOT/infra/mediasoup/build-worker.sh")"
export MEDIASOUP_WORKER_BIN

# ---- 5. UDP socket buffers (a wall of many streams on this machine) ----
# A wall page receives every tile's RTP on one socket; Debian's default 208 KiB receive buffer
# overflows in the bursts of 64 streams: measured here 1.3-1.7 % of packets lost at 64 tiles (a
# tile then waits for the next key frame: about 7 % of frames never shown), none with 4 MiB.
UDP_RMEM=4194304
if [ "$(cat /proc/sys/net/core/rmem_default 2>/dev/null || echo 0)" -lt "$UDP_RMEM" ]; then
  rmem_max=$(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo 0)
  ((rmem_max >= 2 * UDP_RMEM)) || rmem_max=$((2 * UDP_RMEM))
  if [ "$(id -u)" -eq 0 ] && sysctl -q -w net.core.rmem_default=$UDP_RMEM net.core.rmem_max=$rmem_max 2>/dev/null; then
    printf 'net.core.rmem_default = %s\nnet.core.rmem_max = %s\n' $UDP_RMEM $rmem_max \
      > /etc/sysctl.d/60-clinicwall-udp.conf 2>/dev/null || true
    log "UDP receive buffers raised to $UDP_RMEM bytes (/etc/sysctl.d/60-clinicwall-udp.conf)"
  else
    log "note: UDP receive buffers are small (net.core.rmem_default); large walls may drop packets — see README"
  fi
fi

mkdir -p "$ROOT/var"
cat > "$ROOT/var/env.sh" <<ENV
# written by infra/setup.sh
export PATH="$NODE_DIR/node_modules/.bin:\$PATH"
export MEDIASOUP_WORKER_BIN="$MEDIASOUP_WORKER_BIN"
ENV
log "ready: node $(node -v), mediasoup worker $MEDIASOUP_WORKER_BIN"
