#!/usr/bin/env bash
# Times foiguard's detector against ripgrep on the same generated data, in one run.
#
#   bash scripts/bench_vs_ripgrep.sh            # 64 MiB per data set
#   FOIGUARD_BENCH_MIB=16 bash scripts/bench_vs_ripgrep.sh
#
# ripgrep: `rg --no-unicode -c -f bench/rg_patterns.txt FILE`, the built-in
# rules written as Rust regexes (counting matching lines, single file, so one
# search thread). foiguard: the BM_DetectProseMix and BM_DetectStaffCsv
# benchmarks (Detector::detect over the batches the real readers produce,
# every rule on, every finding located, one thread), and BM_ScanBytes*Threads2
# (the whole scan of the file, its batches detected on two threads). All are
# best of 3.
# BUILD_DIR (default build/) is configured and built when the programs are missing.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
MIB=${FOIGUARD_BENCH_MIB:-64}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/bench-data}
PATTERNS=bench/rg_patterns.txt
BENCH=$BUILD_DIR/bench/foiguard_bench
GEN=$BUILD_DIR/bench/foiguard_gen_bench_data
RUNS=3

log() { echo "bench: $*" >&2; }

for tool in rg python3; do
  command -v "$tool" >/dev/null || { log "$tool is required (bash scripts/setup.sh installs it)"; exit 1; }
done

if [[ ! -x "$BENCH" || ! -x "$GEN" ]]; then
  log "building foiguard_bench and foiguard_gen_bench_data in $BUILD_DIR"
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DFOIGUARD_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" --target foiguard_bench foiguard_gen_bench_data
fi

log "generating ${MIB} MiB per data set in $DATA_DIR"
"$GEN" "$DATA_DIR" "$MIB" >/dev/null
readonly DATASETS=(prose_mix.txt staff.csv)
readonly BENCHMARKS=(BM_DetectProseMixUnrendered BM_DetectStaffCsvUnrendered)
readonly MASKED=(BM_DetectProseMix BM_DetectStaffCsv)
readonly SCANS=(BM_ScanBytesProseMixThreads2 BM_ScanBytesStaffCsvThreads2)

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Best-of-N wall time of a command, in seconds, without hyperfine.
best_of() {
  local best="" start end elapsed i
  for ((i = 0; i < RUNS; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    elapsed=$(((end - start) / 1000))
    if [[ -z "$best" || $elapsed -lt $best ]]; then best=$elapsed; fi
  done
  python3 -c "print($best / 1e6)"
}

for data in "${DATASETS[@]}"; do
  file=$DATA_DIR/$data
  # One checked run first: a broken pattern file must fail loudly, not be timed.
  rg --no-unicode -c -f "$PATTERNS" "$file" >"$results/$data.rg_count"
  if command -v hyperfine >/dev/null; then
    log "ripgrep on $data (hyperfine, best of $RUNS)"
    hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$results/$data.hyperfine.json" \
      "rg --no-unicode -c -f $PATTERNS $file" >/dev/null
    python3 -c 'import json,sys; print(min(json.load(open(sys.argv[1]))["results"][0]["times"]))' \
      "$results/$data.hyperfine.json" >"$results/$data.rg_seconds"
  else
    log "ripgrep on $data (best of $RUNS)"
    best_of rg --no-unicode -c -f "$PATTERNS" "$file" >"$results/$data.rg_seconds"
  fi
done

log "foiguard detector benchmarks (best of $RUNS repetitions)"
FOIGUARD_BENCH_MIB=$MIB "$BENCH" \
  --benchmark_filter="^($(IFS='|'; echo "${BENCHMARKS[*]} ${MASKED[*]} ${SCANS[*]}" | tr ' ' '|'))(/|\$)" \
  --benchmark_repetitions="$RUNS" \
  --benchmark_format=json --benchmark_out="$results/foiguard.json" --benchmark_out_format=json \
  >/dev/null

python3 - "$results" "$DATA_DIR" "${DATASETS[*]}" "${BENCHMARKS[*]}" "${MASKED[*]}" "${SCANS[*]}" <<'EOF'
import json, os, sys

results, data_dir = sys.argv[1], sys.argv[2]
datasets, benchmarks = sys.argv[3].split(), sys.argv[4].split()
masked_runs, scans = sys.argv[5].split(), sys.argv[6].split()
runs = json.load(open(os.path.join(results, "foiguard.json")))["benchmarks"]
to_seconds = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}

def best_seconds(name):
    mine = [r for r in runs if r.get("run_name", r["name"]).split("/")[0] == name
            and r.get("run_type", "iteration") == "iteration"]
    if not mine:
        sys.exit(f"bench: no results for {name}")
    best = min(mine, key=lambda r: r["real_time"])
    return best["real_time"] * to_seconds[best.get("time_unit", "ns")], int(best.get("findings", 0))

print(f"{'data set':<14} {'MiB':>5} {'rg s':>6} {'rg MB/s':>7} {'rg lines':>8} {'findings':>8} "
      f"{'located s':>9} {'/rg':>6} {'masked s':>8} {'/rg':>6} {'scan 2T s':>9} {'/rg':>6}")
for data, name, masked, scan in zip(datasets, benchmarks, masked_runs, scans):
    size = os.path.getsize(os.path.join(data_dir, data))
    rg_s = float(open(os.path.join(results, data + ".rg_seconds")).read())
    rg_lines = open(os.path.join(results, data + ".rg_count")).read().strip()
    located_s, findings = best_seconds(name)
    masked_s, _ = best_seconds(masked)
    scan_s, _ = best_seconds(scan)
    print(f"{data:<14} {size / 2**20:>5.1f} {rg_s:>6.3f} {size / rg_s / 1e6:>7.0f} {rg_lines:>8} {findings:>8} "
          f"{located_s:>9.3f} {located_s / rg_s:>5.2f}x {masked_s:>8.3f} {masked_s / rg_s:>5.2f}x "
          f"{scan_s:>9.3f} {scan_s / rg_s:>5.2f}x")
print("located: Detector::detect on one thread, every finding typed, grouped and located (line, column).")
print("masked: the same, every finding also masked and given its context string.")
print("scan 2T: Scanner::scan_bytes (read, detect, collect), the file's batches detected on two threads.")
print("/rg: time divided by ripgrep's (target: at most 1.5x, then below 1x).")
EOF
