#!/usr/bin/env bash
# foiguard set-up for a fresh Debian 12 machine (run as root, or with sudo available).
#
#   bash scripts/setup.sh run    install what is missing, build Release, scan examples/
#   bash scripts/setup.sh test   install what is missing, build Release, run the test suite
#
# Idempotent: only missing Debian packages are installed, and apt-get is not
# touched at all (no update, no output) when nothing is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
readonly BUILD_DIR=build
readonly PACKAGES=(
  build-essential cmake pkg-config
  libre2-dev libfmt-dev libboost-filesystem-dev libssl-dev libzip-dev libdeflate-dev libexpat1-dev libpugixml-dev
  libxml2-dev libgmime-3.0-dev libsqlite3-dev libicu-dev
  libpoppler-dev libpoppler-private-dev libgoogle-perftools-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  ripgrep python3
)
# Only the test suite needs these: a real browser renders the HTML report, and
# the SARIF report is validated against the official schema.
# poppler-utils (pdftotext) and qpdf check the committed PDF fixtures.
readonly TEST_PACKAGES=(chromium python3-jsonschema poppler-utils qpdf)

usage() {
  echo "usage: $0 run|test" >&2
  echo "  run   set up, build and scan examples/ (prints the report)" >&2
  echo "  test  set up, build and run the test suite (ctest)" >&2
}

log() { echo "setup: $*" >&2; }

missing_packages() {
  local pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "installed" ]]; then
      echo "$pkg"
    fi
  done
}

install_missing() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null; then
      log "missing packages (${missing[*]}) and not root: run as root or install them first"
      exit 1
    fi
    sudo=(sudo)
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    log "configuring $BUILD_DIR (Release)"
  fi
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  log "building with -j$jobs"
  cmake --build "$BUILD_DIR" -j"$jobs"
}

run_demo() {
  local status=0
  "$BUILD_DIR/foiguard" scan examples/ || status=$?
  case "$status" in
    1) log "demo OK: exit 1 means some file is at BLOCK, as expected for examples/" ;;
    0) log "demo finished, but nothing was blocked: examples/ should contain BLOCK files" ;;
    3) log "demo failed: some files in examples/ could not be checked (exit 3)"; return 3 ;;
    *) log "demo failed: foiguard exited with $status"; return "$status" ;;
  esac
}

run_tests() {
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
}

main() {
  if (($# != 1)); then
    usage
    exit 2
  fi
  case "$1" in
    run | test) ;;
    -h | --help) usage; exit 0 ;;
    *) usage; exit 2 ;;
  esac
  if [[ "$1" == test ]]; then
    install_missing "${PACKAGES[@]}" "${TEST_PACKAGES[@]}"
  else
    install_missing "${PACKAGES[@]}"
  fi
  build
  case "$1" in
    run) run_demo ;;
    test) run_tests ;;
  esac
}

main "$@"
