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
readonly BENCHMARKS=(BM_DetectProseMix BM_DetectStaffCsv)
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
  --benchmark_filter="^($(IFS='|'; echo "${BENCHMARKS[*]} ${SCANS[*]}" | tr ' ' '|'))(/|\$)" \
  --benchmark_repetitions="$RUNS" \
  --benchmark_format=json --benchmark_out="$results/foiguard.json" --benchmark_out_format=json \
  >/dev/null

python3 - "$results" "$DATA_DIR" "${DATASETS[*]}" "${BENCHMARKS[*]}" "${SCANS[*]}" <<'EOF'
import json, os, sys

results, data_dir = sys.argv[1], sys.argv[2]
datasets, benchmarks, scans = sys.argv[3].split(), sys.argv[4].split(), sys.argv[5].split()
runs = json.load(open(os.path.join(results, "foiguard.json")))["benchmarks"]
to_seconds = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}

def best_seconds(name):
    mine = [r for r in runs if r.get("run_name", r["name"]).split("/")[0] == name
            and r.get("run_type", "iteration") == "iteration"]
    if not mine:
        sys.exit(f"bench: no results for {name}")
    best = min(mine, key=lambda r: r["real_time"])
    return best["real_time"] * to_seconds[best.get("time_unit", "ns")], int(best.get("findings", 0))

print(f"{'data set':<15} {'MiB':>6} {'rg s':>7} {'rg MB/s':>8} {'rg lines':>9} "
      f"{'detect s':>9} {'MB/s':>5} {'findings':>9} {'/rg':>6} {'scan 2T s':>10} {'MB/s':>5} {'/rg':>6}")
for data, name, scan in zip(datasets, benchmarks, scans):
    size = os.path.getsize(os.path.join(data_dir, data))
    rg_s = float(open(os.path.join(results, data + ".rg_seconds")).read())
    rg_lines = open(os.path.join(results, data + ".rg_count")).read().strip()
    fg_s, findings = best_seconds(name)
    scan_s, _ = best_seconds(scan)
    print(f"{data:<15} {size / 2**20:>6.1f} {rg_s:>7.3f} {size / rg_s / 1e6:>8.0f} {rg_lines:>9} "
          f"{fg_s:>9.3f} {size / fg_s / 1e6:>5.0f} {findings:>9} {fg_s / rg_s:>5.2f}x "
          f"{scan_s:>10.3f} {size / scan_s / 1e6:>5.0f} {scan_s / rg_s:>5.2f}x")
print("detect: Detector::detect, one thread. scan 2T: Scanner::scan_bytes (read, detect, collect),")
print("batches detected on two threads. /rg: time divided by ripgrep's (target: at most 1.5x, then below 1x).")
EOF
