#!/usr/bin/env bash
# Build (or reuse from cache) the mediasoup-worker binary OFFLINE on Debian 12.
#
# Usage: infra/mediasoup/build-worker.sh [--asan] [--force]
#   --asan   debug + AddressSanitizer build (separate cache entry, not stripped)
#   --force  rebuild even if a valid cached binary exists
#
# Prints ONLY the absolute path of the worker binary on stdout (logs go to
# stderr), so callers can do:
#   export MEDIASOUP_WORKER_BIN="$(infra/mediasoup/build-worker.sh)"
#
# How: copies node_modules/mediasoup/worker (never modified) to a temporary
# folder, drops ClinicWall's shim subprojects (infra/mediasoup/shims/<wrap>/,
# backed by Debian packages) where mediasoup's meson wraps would download
# sources, applies infra/mediasoup/patches/*.patch, builds with Debian's
# meson/ninja. See infra/mediasoup/README.md.
#
# Environment:
#   CLINICWALL_CACHE        cache folder (default ${XDG_CACHE_HOME:-~/.cache}/clinicwall)
#   CLINICWALL_BUILD_JOBS   ninja -j value (default: ninja's own default)
#   CLINICWALL_KEEP_BUILD=1 keep the temporary build folder (printed in the log)
set -euo pipefail

# All output goes to stderr; fd 3 is the real stdout, used once for the result.
exec 3>&1 1>&2

log() { printf '[build-worker] %s\n' "$*"; }
die() { printf '[build-worker] ERROR: %s\n' "$*"; exit 1; }

asan=0
force=0
for arg in "$@"; do
	case "$arg" in
		--asan) asan=1 ;;
		--force) force=1 ;;
		-h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) die "unknown argument: $arg (usage: $0 [--asan] [--force])" ;;
	esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd "$here/../.." && pwd -P)"
ms_dir="$repo_root/node_modules/mediasoup"
[[ -f "$ms_dir/package.json" && -d "$ms_dir/worker" ]] \
	|| die "mediasoup not found at $ms_dir (run npm install first; set MEDIASOUP_WORKER_BIN=/bin/true during install to skip its download)"

ms_version="$(sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$ms_dir/package.json" | head -n1)"
[[ -n "$ms_version" ]] || die "cannot read mediasoup version from $ms_dir/package.json"

# ---------------------------------------------------------------------------
# Cache key: mediasoup version + Debian library versions + shims/patches +
# build flags. Anything that changes the binary changes the key.
# ---------------------------------------------------------------------------
deb_packages=(libuv1-dev libssl-dev libsrtp2-dev libabsl-dev libflatbuffers-dev flatbuffers-compiler)

if (( asan )); then
	meson_args=(--wrap-mode=nodownload --buildtype debug -Db_sanitize=address -Db_lundef=false
		-Dcpp_args=-fno-omit-frame-pointer)
	suffix="-asan"
else
	meson_args=(--wrap-mode=nodownload --buildtype release -Db_ndebug=true)
	suffix=""
fi

deb_versions=""
missing=()
for pkg in "${deb_packages[@]}"; do
	if v="$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null)" && [[ -n "$v" ]]; then
		deb_versions+="$pkg=$v"$'\n'
	else
		missing+=("$pkg")
	fi
done
for tool in meson ninja pkg-config g++ flatc patch strip flock sha256sum; do
	command -v "$tool" >/dev/null || missing+=("(command) $tool")
done
if (( ${#missing[@]} )); then
	die "missing: ${missing[*]}
  install with: sudo apt-get install g++ pkg-config meson ninja-build libuv1-dev libssl-dev libsrtp2-dev libabsl-dev libflatbuffers-dev flatbuffers-compiler patch"
fi

shims_hash="$(cd "$here" && find shims patches -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)"

key_material="mediasoup=$ms_version
arch=$(dpkg --print-architecture)
$deb_versions
meson_args=${meson_args[*]}
shims+patches=$shims_hash"
key="$ms_version-$(printf '%s' "$key_material" | sha256sum | cut -c1-16)$suffix"

cache_dir="${CLINICWALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clinicwall}"
mkdir -p "$cache_dir"
cache_dir="$(cd "$cache_dir" && pwd -P)"
bin="$cache_dir/mediasoup-worker-$key"

# A worker started without MEDIASOUP_VERSION exits with status 41.
sanity_check() {
	local rc=0
	env -u MEDIASOUP_VERSION timeout 20 "$1" </dev/null >/dev/null 2>&1 || rc=$?
	if [[ "$rc" != 41 ]]; then
		log "sanity check failed for $1: exit status $rc (expected 41)"
		return 1
	fi
	if ldd "$1" 2>/dev/null | grep -q 'not found'; then
		log "sanity check failed for $1: missing shared libraries:"
		ldd "$1" | grep 'not found' >&2 || true
		return 1
	fi
}

if (( ! force )) && [[ -x "$bin" ]] && sanity_check "$bin"; then
	printf '%s\n' "$bin" >&3
	exit 0
fi

# Serialise concurrent builds of the same key (e.g. CI + developer shell).
exec 9>"$cache_dir/.mediasoup-worker-$key.lock"
if ! flock -n 9; then
	log "another build of $key is running; waiting for it..."
	flock 9
fi
if (( ! force )) && [[ -x "$bin" ]] && sanity_check "$bin"; then
	printf '%s\n' "$bin" >&3
	exit 0
fi

log "building mediasoup-worker $ms_version${suffix:+ ($suffix)} -> $bin"
log "cache key material:"$'\n'"$key_material"
start_s=$SECONDS

build_root="$(mktemp -d "${TMPDIR:-/tmp}/clinicwall-mediasoup-worker.XXXXXX")"
cleanup() {
	if [[ "${CLINICWALL_KEEP_BUILD:-0}" == 1 ]]; then
		log "kept build folder: $build_root"
	else
		rm -rf "$build_root"
	fi
}
trap cleanup EXIT

src="$build_root/worker"
cp -R "$ms_dir/worker" "$src"
chmod -R u+w "$src"
rm -rf "$src/build" "$src/out"

# ---------------------------------------------------------------------------
# 1. Adapter self-test (seconds): the libsrtp3-over-libsrtp2 header is
#    security relevant; test it under ASan/UBSan before spending minutes.
# ---------------------------------------------------------------------------
log "self-testing the libsrtp3 adapter (ASan/UBSan)..."
# shellcheck disable=SC2046
g++ -std=c++20 -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -I"$here/shims/libsrtp3/include" \
	"$here/shims/libsrtp3/test/adapter-selftest.cpp" $(pkg-config --cflags --libs libsrtp2) \
	-o "$build_root/srtp-adapter-selftest"
"$build_root/srtp-adapter-selftest" || die "libsrtp3 adapter self-test failed"

# ---------------------------------------------------------------------------
# 2. Shim subprojects: one per folder in shims/, named after mediasoup's wrap
#    file; installed under the wrap's `directory =` so meson uses it instead
#    of downloading.
# ---------------------------------------------------------------------------
shimmed=()
for shim in "$here"/shims/*/; do
	name="$(basename "$shim")"
	wrap="$src/subprojects/$name.wrap"
	[[ -f "$wrap" ]] || die "shim '$name' has no matching $wrap (mediasoup $ms_version changed its wraps? update infra/mediasoup/shims)"
	dir="$(sed -n 's/^[[:space:]]*directory[[:space:]]*=[[:space:]]*\([^[:space:]]*\)[[:space:]]*$/\1/p' "$wrap" | head -n1)"
	[[ -n "$dir" && "$dir" != *"/"* && "$dir" != .* ]] || die "cannot read a safe 'directory =' from $wrap"
	rm -rf "$src/subprojects/$dir"
	mkdir -p "$src/subprojects/$dir"
	cp -R "$shim". "$src/subprojects/$dir/"
	rm -rf "$src/subprojects/$dir/test"
	log "shim $name -> subprojects/$dir"
	shimmed+=("$name")
done
# Wraps that would still need a download (Windows-only and test-only are fine).
for wrap in "$src"/subprojects/*.wrap; do
	name="$(basename "$wrap" .wrap)"
	case " ${shimmed[*]} catch2 wingetopt " in
		*" $name "*) ;;
		*) log "WARNING: wrap '$name' has no shim; meson will fail if the build needs it" ;;
	esac
done

# ---------------------------------------------------------------------------
# 3. Patches (strict: no fuzz, fail if already applied or not applying).
# ---------------------------------------------------------------------------
for p in "$here"/patches/*.patch; do
	log "patch $(basename "$p")"
	patch -p1 --forward --batch --fuzz=0 --no-backup-if-mismatch --dry-run -d "$src" <"$p" >/dev/null \
		|| die "patch $(basename "$p") does not apply to mediasoup $ms_version worker sources"
	patch -p1 --forward --batch --fuzz=0 --no-backup-if-mismatch -d "$src" <"$p" >/dev/null
done

# ---------------------------------------------------------------------------
# 4. Configure + build.
# ---------------------------------------------------------------------------
log "meson setup ${meson_args[*]}"
(cd "$src" && meson setup "${meson_args[@]}" build .)
ninja_args=(-C "$src/build")
[[ -n "${CLINICWALL_BUILD_JOBS:-}" ]] && ninja_args+=(-j "$CLINICWALL_BUILD_JOBS")
log "ninja ${ninja_args[*]} mediasoup-worker"
ninja "${ninja_args[@]}" mediasoup-worker

built="$src/build/mediasoup-worker"
[[ -x "$built" ]] || die "ninja finished but $built is missing"

staged="$cache_dir/.mediasoup-worker-$key.tmp.$$"
if (( asan )); then
	cp "$built" "$staged"
else
	strip --strip-unneeded -o "$staged" "$built"
fi
chmod 0755 "$staged"

if ! sanity_check "$staged"; then
	rm -f "$staged"
	die "built worker failed the sanity check"
fi

mv -f "$staged" "$bin" # atomic: same folder
log "done in $(( SECONDS - start_s ))s: $(du -h "$bin" | cut -f1) $bin"
printf '%s\n' "$bin" >&3
