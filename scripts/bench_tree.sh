#!/usr/bin/env bash
# Times a shared-drive scan: the CLI over a generated tree of FILES mixed files
# (text, CSV, DOCX, XLSX, HTML, email; bench_data's write_mixed_tree:
# deterministic, synthetic), cold (a new --cache) and warm (the same cache,
# nothing changed), --jobs 1 and --jobs 2, with wall time and peak RSS from
# /usr/bin/time, as JSON lines (every finding written) and, on two jobs, as the
# human report (the default: the first 100 findings of a file listed); then ripgrep with the built-in patterns
# (bench/rg_patterns.txt) over the tree's .txt and .csv files, next to
# foiguard on the same files (given with --files-from).
#
#   bash scripts/bench_tree.sh [BUILD_DIR] [FILES]     # defaults: build 20000
#
# Issue 6's targets: cold --jobs 2 >= 1.8x --jobs 1; warm >= 20x faster than
# cold; peak RSS < 200 MB. Each figure is the best of RUNS (default 3) runs
# (peak RSS: the largest). The tree is kept in DATA_DIR (default
# BUILD_DIR/bench-data) and reused while the generator is unchanged. The same
# figures in process: foiguard_bench --benchmark_filter=BM_Tree.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${BUILD_DIR:-build}}
FILES=${2:-${FILES:-20000}}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/bench-data}
RUNS=${RUNS:-3}
GEN=$BUILD_DIR/bench/foiguard_gen_bench_data
FOIGUARD=$BUILD_DIR/foiguard
PATTERNS=bench/rg_patterns.txt

log() { echo "bench: $*" >&2; }

if ! [[ "$FILES" =~ ^[1-9][0-9]*$ ]]; then
  log "FILES must be a positive whole number, not '$FILES'"
  exit 2
fi
for tool in rg /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { log "$tool is missing (Debian: ripgrep, time, python3)"; exit 2; }
done
if [[ ! -x "$GEN" || ! -x "$FOIGUARD" ]]; then
  log "building foiguard and foiguard_gen_bench_data in $BUILD_DIR"
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DFOIGUARD_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" --target foiguard_cli foiguard_gen_bench_data
fi

TREE=$DATA_DIR/tree-$FILES
if [[ ! -e "$TREE/.complete" || "$GEN" -nt "$TREE/.complete" ]]; then
  log "writing $FILES files to $TREE"
  rm -rf "$TREE"
  mkdir -p "$TREE"
  "$GEN" tree "$FILES" "$TREE" >"$TREE/.complete"
fi
printf '.complete\n' >"$TREE/.foiguardignore"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
key=$results/key
head -c 32 /dev/urandom >"$key"

# run NAME CMD...: best wall seconds of RUNS runs and the largest peak RSS
# (KiB) into $results/NAME. With FRESH=FILE, FILE (a cache) is deleted before
# each run, so every run is cold. Wall time is bash's $EPOCHREALTIME around
# the run (GNU time's %e has 10 ms steps, a seventh of a warm re-scan), so it
# includes starting /usr/bin/time, which reports the peak RSS.
run() {
  local name=$1 code i start end
  shift
  : >"$results/$name.all"
  for ((i = 0; i < RUNS; i++)); do
    [[ -n "${FRESH:-}" ]] && rm -f "$FRESH" "$FRESH-wal" "$FRESH-shm"
    code=0
    start=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$results/$name.rss" "$@" >/dev/null 2>"$results/$name.err" || code=$?
    end=$EPOCHREALTIME
    printf '%s %s\n' "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')" \
      "$(tail -n1 "$results/$name.rss")" >"$results/$name.one"
    # 1 (something at BLOCK) and 3 (something not checked) are findings, not failures.
    if [[ $code != 0 && $code != 1 && $code != 3 ]]; then
      log "$name failed ($code):"
      cat "$results/$name.err" >&2
      exit 1
    fi
    tail -n1 "$results/$name.one" >>"$results/$name.all"
  done
  sort -n "$results/$name.all" | awk -v rss="$(sort -k2 -n "$results/$name.all" | tail -n1 | cut -d' ' -f2)" \
    'NR == 1 { print $1, rss }' >"$results/$name"
}
scan=("$FOIGUARD" scan --key-file "$key" --progress never)

sync
log "cold --jobs 1 (new cache), best of $RUNS"
FRESH=$results/c1.db run cold1 "${scan[@]}" --format jsonl --cache "$results/c1.db" -j1 "$TREE"
log "cold --jobs 2 (new cache)"
FRESH=$results/c2.db run cold2 "${scan[@]}" --format jsonl --cache "$results/c2.db" -j2 "$TREE"
log "warm --jobs 1";            run warm1 "${scan[@]}" --format jsonl --cache "$results/c2.db" -j1 "$TREE"
log "warm --jobs 2";            run warm2 "${scan[@]}" --format jsonl --cache "$results/c2.db" -j2 "$TREE"
log "cold and warm --jobs 2, the human report (the default format)"
FRESH=$results/c4.db run coldh "${scan[@]}" --format human --cache "$results/c4.db" -j2 "$TREE"
run warmh "${scan[@]}" --format human --cache "$results/c4.db" -j2 "$TREE"
log "cold --jobs 2, HTML report (peak memory of a whole-tree report)"
FRESH=$results/c3.db run html2 "${scan[@]}" --cache "$results/c3.db" -j2 --format html "$TREE"

find "$TREE" -type f \( -name '*.txt' -o -name '*.csv' \) | sort >"$results/text-files"
log "ripgrep over the .txt and .csv files, 1 and 2 threads"
run rg1 rg --no-config --no-unicode -c -j1 -f "$PATTERNS" -g '*.txt' -g '*.csv' "$TREE"
run rg2 rg --no-config --no-unicode -c -j2 -f "$PATTERNS" -g '*.txt' -g '*.csv' "$TREE"
log "foiguard over the same files (--files-from), 1 and 2 jobs, no cache"
run text1 "${scan[@]}" --format jsonl -j1 --files-from "$results/text-files"
run text2 "${scan[@]}" --format jsonl -j2 --files-from "$results/text-files"

python3 - "$results" "$TREE" <<'PY'
import os, sys

results, tree = sys.argv[1:]
def read(name):
    seconds, kib = open(os.path.join(results, name)).read().split()[-2:]
    return float(seconds), int(kib) / 1024

files = total = text_files = text_bytes = 0
text = set(open(os.path.join(results, "text-files")).read().split("\n")) - {""}
for root, _, names in os.walk(tree):
    for n in names:
        if n.startswith("."):
            continue
        p = os.path.join(root, n)
        size = os.path.getsize(p)
        files += 1
        total += size
        if p in text:
            text_files += 1
            text_bytes += size

print(f"tree: {files} files, {total / 1e6:.1f} MB ({text_files} .txt/.csv files, {text_bytes / 1e6:.1f} MB)")
print(f"{'run':<34} {'s':>7} {'files/s':>8} {'MB/s':>7} {'peak RSS MB':>11}")
rows = [("foiguard cold --jobs 1", "cold1", files, total), ("foiguard cold --jobs 2", "cold2", files, total),
        ("foiguard warm --jobs 1", "warm1", files, total), ("foiguard warm --jobs 2", "warm2", files, total),
        ("foiguard cold --jobs 2 --format human", "coldh", files, total),
        ("foiguard warm --jobs 2 --format human", "warmh", files, total),
        ("foiguard cold --jobs 2 --format html", "html2", files, total),
        ("rg -j1 (.txt/.csv)", "rg1", text_files, text_bytes), ("rg -j2 (.txt/.csv)", "rg2", text_files, text_bytes),
        ("foiguard -j1 (.txt/.csv)", "text1", text_files, text_bytes),
        ("foiguard -j2 (.txt/.csv)", "text2", text_files, text_bytes)]
t = {}
for label, name, n, size in rows:
    seconds, rss = read(name)
    t[name] = seconds
    print(f"{label:<34} {seconds:7.3f} {n / max(seconds, 1e-3):8.0f} {size / 1e6 / max(seconds, 1e-3):7.1f} {rss:11.1f}")
peak = max(read(n)[1] for _, n, _, _ in rows if not n.startswith("rg"))
print(f"--jobs 2 / --jobs 1 (cold): {t['cold1'] / t['cold2']:.2f}x   (target >= 1.8x)")
print(f"warm / cold (--jobs 2):     {t['cold2'] / max(t['warm2'], 1e-3):.1f}x faster with JSON lines, "
      f"{t['coldh'] / max(t['warmh'], 1e-3):.1f}x with the human report   (target >= 20x)")
print(f"peak RSS of any foiguard run: {peak:.1f} MB   (target < 200 MB)")
print(f"foiguard / rg on text (2 threads each): {t['text2'] / max(t['rg2'], 1e-3):.1f}x the time")
PY
