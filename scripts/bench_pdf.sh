#!/usr/bin/env bash
# Times foiguard on a generated 1,000-page text PDF next to pdftotext (poppler-utils)
# on the same file, by the same clock (the issue's target: foiguard, which also
# checks what lies under boxes and runs the detector, no slower than pdftotext).
#
#   bash scripts/bench_pdf.sh [BUILD_DIR] [PAGES]     # defaults: build 1000
#
# The file: foiguard_gen_bench_data pdf PAGES (bench_data's make_text_pdf:
# deterministic, synthetic, Flate-compressed pages of FOI prose with personnel
# records, a black box over part of a line every tenth page), kept in DATA_DIR
# (default BUILD_DIR/bench-data) and reused while the generator is unchanged.
# Timed, best of RUNS=3 wall-clock runs each: `pdftotext FILE /dev/null` (its
# default layout analysis), `pdftotext -raw FILE /dev/null` (content order, as
# foiguard reads), `foiguard scan --format json -j1 FILE`; then BM_PdfScan in
# process (Scanner::scan_bytes, one thread).
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${BUILD_DIR:-build}}
PAGES=${2:-${PAGES:-1000}}
RUNS=${RUNS:-3}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/bench-data}
BENCH=$BUILD_DIR/bench/foiguard_bench
GEN=$BUILD_DIR/bench/foiguard_gen_bench_data
FOIGUARD=$BUILD_DIR/foiguard

log() { echo "bench: $*" >&2; }

if ! [[ "$PAGES" =~ ^[1-9][0-9]*$ ]]; then
  log "PAGES must be a positive whole number, not '$PAGES'"
  exit 2
fi
if ! command -v pdftotext >/dev/null; then
  log "pdftotext not found: install poppler-utils (apt-get install poppler-utils)"
  exit 2
fi
if [[ ! -x "$BENCH" || ! -x "$GEN" || ! -x "$FOIGUARD" ]]; then
  log "building foiguard, foiguard_bench and foiguard_gen_bench_data in $BUILD_DIR"
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DFOIGUARD_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" --target foiguard_cli foiguard_bench foiguard_gen_bench_data
fi
if ! "$FOIGUARD" version | grep -q '^PDF: poppler'; then
  log "this foiguard was built without PDF support (FOIGUARD_WITH_PDF=OFF): nothing to time"
  exit 2
fi

mkdir -p "$DATA_DIR"
PDF=$DATA_DIR/text_${PAGES}p.pdf
[[ -s "$PDF" && "$PDF" -nt "$GEN" ]] || "$GEN" pdf "$PAGES" "$PDF" >&2

best_of() {  # COMMAND...: best wall seconds of RUNS runs
  local best="" start end i code
  for ((i = 0; i < RUNS; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null || {
      code=$?
      # foiguard exits 1 when a file is at BLOCK, as this one is.
      if [[ $1 != "$FOIGUARD" || $code != 1 ]]; then log "'$*' failed (exit $code)"; exit 1; fi
    }
    end=$(date +%s%N)
    if [[ -z "$best" || $((end - start)) -lt $best ]]; then best=$((end - start)); fi
  done
  python3 -c "print($best / 1e9)"
}

log "wall-clock runs (best of $RUNS)"
pdftotext_s=$(best_of pdftotext "$PDF" /dev/null)
raw_s=$(best_of pdftotext -raw "$PDF" /dev/null)
foiguard_s=$(best_of "$FOIGUARD" scan --format json -j1 "$PDF")

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
log "in-process benchmark (best of $RUNS repetitions)"
FOIGUARD_BENCH_PDF=$PDF "$BENCH" --benchmark_filter='^BM_PdfScan$' --benchmark_repetitions="$RUNS" \
  --benchmark_out="$results/bench.json" --benchmark_out_format=json >/dev/null

python3 - "$results/bench.json" "$PDF" "$PAGES" "$pdftotext_s" "$raw_s" "$foiguard_s" <<'PY'
import json, os, sys

bench, pdf, pages, pdftotext_s, raw_s, foiguard_s = sys.argv[1:]
pages, size = int(pages), os.path.getsize(pdf)
runs = [r for r in json.load(open(bench))["benchmarks"]
        if r["name"] == "BM_PdfScan" and r.get("run_type", "iteration") == "iteration"]
if not runs or any(r.get("error_occurred") for r in runs):
    sys.exit("bench: BM_PdfScan did not run")
unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
in_process = min(r["real_time"] * unit[r.get("time_unit", "ns")] for r in runs)

print(f"{pages}-page text PDF, {size / 1e6:.1f} MB")
print(f"  {'':32} {'seconds':>8} {'pages/s':>9} {'MB/s':>7}")
for label, seconds in (("pdftotext", float(pdftotext_s)), ("pdftotext -raw", float(raw_s)),
                       ("foiguard scan -j1 (CLI)", float(foiguard_s)),
                       ("BM_PdfScan (in process)", in_process)):
    print(f"  {label:32} {seconds:8.3f} {pages / seconds:9.0f} {size / seconds / 1e6:7.1f}")
print(f"  foiguard / pdftotext       {float(foiguard_s) / float(pdftotext_s):6.2f}x  (target: at most 1.0x)")
print(f"  foiguard / pdftotext -raw  {float(foiguard_s) / float(raw_s):6.2f}x")
PY
