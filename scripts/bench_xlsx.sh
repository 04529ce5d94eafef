#!/usr/bin/env bash
# Times foiguard on a generated staff workbook next to the reference a user
# would otherwise write (python3 + openpyxl in read-only mode, iterating every
# cell) and next to the floor (inflating the zip parts, nothing else).
#
#   bash scripts/bench_xlsx.sh [BUILD_DIR] [ROWS]     # defaults: build, 100000 rows
#   ROWS=500000 bash scripts/bench_xlsx.sh            # large mode: ~200 MB of XML
#
# The workbook: bench_data's make_staff_xlsx through foiguard_gen_bench_data,
# a header row and ROWS data rows of ten columns (Surname ... Notes), about
# 400 bytes of XML per row; one sheet per 1,000,000 rows. Kept in
# DATA_DIR (default BUILD_DIR/bench-data) and reused while the generator is
# unchanged.
#
# Timed the same way for every program, best of RUNS (3) wall-clock runs,
# each under GNU time for its peak RSS:
#   foiguard scan --format json -j1 FILE, and with the default thread count;
#   openpyxl: load_workbook(FILE, read_only=True), every row of every sheet
#     through iter_rows(values_only=True), every value visited (PYTHON,
#     default /usr/bin/python3, needs python3-openpyxl); skipped past 200,000
#     rows unless FOIGUARD_BENCH_OPENPYXL=1 (it takes about a minute per million rows);
#   unzip -p FILE > /dev/null, the process-level inflate of Info-ZIP.
# And in process, with Google Benchmark on the same file (best of RUNS
# repetitions): BM_XlsxInflateOnly (libzip alone: the floor the ratios use),
# BM_XlsxInflateReader (ZipArchive as the reader inflates: libdeflate, whole members),
# BM_XlsxInflateExpat (+ bare expat), BM_XlsxInflateXmlStream (+ the
# XML layer, all expat), BM_XlsxInflateXmlBulk (+ the XML layer as the reader
# runs it: rows and shared strings in the bulk lane, PlainRun or pugixml), BM_XlsxRead (the whole reader),
# BM_XlsxDetect (the detector alone on the workbook's text, read once before
# timing, findings counted but not rendered: the least it costs), BM_XlsxScan and
# BM_XlsxScanThreads2 (reader + detector + records + verdict). Past 200,000
# rows only the floor, bare expat and BM_XlsxScan are run.
#
# cells = cells in the workbook, header cells included (openpyxl iterates
# the same grid: every row is full). XML MB/s = inflated bytes of every part
# per second (10^6 bytes).
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${BUILD_DIR:-build}}
ROWS=${2:-${ROWS:-100000}}
RUNS=${RUNS:-3}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/bench-data}
PYTHON=${PYTHON:-/usr/bin/python3}
BENCH=$BUILD_DIR/bench/foiguard_bench
GEN=$BUILD_DIR/bench/foiguard_gen_bench_data
FOIGUARD=$BUILD_DIR/foiguard
readonly LARGE_ROWS=200000

log() { echo "bench: $*" >&2; }

if ! [[ "$ROWS" =~ ^[1-9][0-9]*$ ]]; then
  log "ROWS must be a positive whole number, not '$ROWS'"
  exit 2
fi
large=0
if ((ROWS > LARGE_ROWS)); then large=1; fi
if [[ -n "${FOIGUARD_BENCH_OPENPYXL:-}" ]]; then
  run_openpyxl=$FOIGUARD_BENCH_OPENPYXL
else
  run_openpyxl=$((large ? 0 : 1))
fi

command -v python3 >/dev/null || { log "python3 is required (bash scripts/setup.sh installs it)"; exit 1; }
command -v unzip >/dev/null || log "unzip not found: the unzip -p line is left out"
if [[ "$run_openpyxl" == 1 ]] && ! "$PYTHON" -c 'import openpyxl' 2>/dev/null; then
  log "openpyxl is missing for $PYTHON (apt-get install python3-openpyxl): its line is left out"
  run_openpyxl=0
fi

if [[ ! -x "$BENCH" || ! -x "$GEN" || ! -x "$FOIGUARD" ]]; then
  log "building foiguard, foiguard_bench and foiguard_gen_bench_data in $BUILD_DIR"
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DFOIGUARD_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" --target foiguard_cli foiguard_bench foiguard_gen_bench_data
fi

mkdir -p "$DATA_DIR"
WORKBOOK=$DATA_DIR/staff_${ROWS}.xlsx
FACTS=$WORKBOOK.facts
if [[ -s "$WORKBOOK" && -s "$FACTS" && "$FACTS" -nt "$GEN" ]]; then
  log "reusing $WORKBOOK"
else
  log "generating $WORKBOOK ($ROWS rows x 10 columns)"
  "$GEN" xlsx "$ROWS" "$WORKBOOK" >"$FACTS.tmp"
  mv "$FACTS.tmp" "$FACTS"
fi
log "$(cat "$FACTS")"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Peak RSS of one run: GNU time when there is one, else a Python wrapper
# (getrusage of the child). Either way the wall clock is read around the
# run with the same clock.
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
  measure() {  # OUT_RSS_FILE CMD...
    local rss=$1
    shift
    /usr/bin/time -f %M -o "$rss" "$@"
  }
else
  measure() {
    local rss=$1
    shift
    python3 -c '
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)' "$rss" "$@"
  }
fi

# time_best NAME OK_CODES CMD... : best-of-RUNS wall seconds and the largest
# peak RSS (KiB) of the runs, into $results/NAME.{seconds,rss}. stdout of the
# last run is kept in $results/NAME.out (sent to /dev/null when DISCARD=1).
# OK_CODES: exit codes that are not failures ("0 1" for foiguard: 1 means a
# BLOCK verdict).
time_best() {
  local name=$1 ok=$2 best="" rss_max=0 start end elapsed code i rss out=$results/$1.out
  shift 2
  if [[ "${DISCARD:-0}" == 1 ]]; then out=/dev/null; fi
  for ((i = 0; i < RUNS; i++)); do
    start=$(date +%s%N)
    code=0
    measure "$results/$name.rss1" "$@" >"$out" 2>"$results/$name.err" || code=$?
    end=$(date +%s%N)
    if [[ " $ok " != *" $code "* ]]; then
      log "$name failed (exit $code): $*"
      sed 's/^/  /' "$results/$name.err" >&2
      exit 1
    fi
    elapsed=$(((end - start) / 1000))
    if [[ -z "$best" || $elapsed -lt $best ]]; then best=$elapsed; fi
    # GNU time puts "Command exited with non-zero status N" above the figure.
    rss=$(tail -n 1 "$results/$name.rss1" | tr -dc '0-9')
    if ((${rss:-0} > rss_max)); then rss_max=$rss; fi
  done
  python3 -c "print($best / 1e6)" >"$results/$name.seconds"
  echo "$rss_max" >"$results/$name.rss"
}

log "foiguard scan -j1 (best of $RUNS)"
time_best foiguard_j1 "0 1" "$FOIGUARD" scan --format json -j1 "$WORKBOOK"
log "foiguard scan, default threads (best of $RUNS)"
time_best foiguard_jn "0 1" "$FOIGUARD" scan --format json "$WORKBOOK"
if command -v unzip >/dev/null; then
  log "unzip -p (best of $RUNS)"
  DISCARD=1 time_best unzip "0" unzip -p "$WORKBOOK"
fi
if [[ "$run_openpyxl" == 1 ]]; then
  cat >"$results/openpyxl_all_cells.py" <<'EOF'
# What a user would write: openpyxl in read-only mode, every cell visited.
import sys
from openpyxl import load_workbook

wb = load_workbook(sys.argv[1], read_only=True)
cells = 0
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        for value in row:
            pass
        cells += len(row)
wb.close()
print(cells)
EOF
  log "openpyxl read-only, every cell (best of $RUNS; about a minute per million rows each)"
  time_best openpyxl "0" "$PYTHON" "$results/openpyxl_all_cells.py" "$WORKBOOK"
fi

if ((large)); then
  benchmarks=(BM_XlsxInflateOnly BM_XlsxInflateExpat BM_XlsxInflateXmlBulk BM_XlsxScan)
else
  benchmarks=(BM_XlsxInflateOnly BM_XlsxInflateReader BM_XlsxInflateExpat BM_XlsxInflateXmlStream BM_XlsxInflateXmlBulk BM_XlsxRead
              BM_XlsxDetect BM_XlsxScan BM_XlsxScanThreads2)
fi
log "in-process benchmarks on the same file (best of $RUNS repetitions)"
FOIGUARD_BENCH_XLSX=$WORKBOOK "$BENCH" \
  --benchmark_filter="^($(IFS='|'; echo "${benchmarks[*]}"))(/|\$)" \
  --benchmark_repetitions="$RUNS" \
  --benchmark_out="$results/bench.json" --benchmark_out_format=json >/dev/null

python3 - "$results" "$FACTS" "$WORKBOOK" "${benchmarks[*]}" <<'EOF'
import json, os, sys

results, facts_path, workbook = sys.argv[1], sys.argv[2], sys.argv[3]
benchmarks = sys.argv[4].split()
facts = dict(kv.split("=", 1) for kv in open(facts_path).read().split())
cells, xml_bytes = int(facts["cells"]), int(facts["xml_bytes"])
runs = json.load(open(os.path.join(results, "bench.json")))["benchmarks"]
to_seconds = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}

def read(name, suffix):
    path = os.path.join(results, f"{name}.{suffix}")
    return open(path).read().strip() if os.path.exists(path) else None

def best(name):
    mine = [r for r in runs if r.get("run_name", r["name"]).split("/")[0] == name
            and r.get("run_type", "iteration") == "iteration" and not r.get("error_occurred")]
    if not mine:
        sys.exit(f"bench: no results for {name}")
    r = min(mine, key=lambda r: r["real_time"])
    return r["real_time"] * to_seconds[r.get("time_unit", "ns")], r

rows = []  # (label, seconds, rss KiB or None)
bench_seconds = {}
for name in benchmarks:
    seconds, record = best(name)
    bench_seconds[name] = seconds
    if int(record.get("cells", cells)) != cells:
        print(f"bench: warning: {name} read {int(record['cells'])} cells, the generator wrote {cells}")
labels = {
    "BM_XlsxInflateOnly": "inflate only (libzip, in process)",
    "BM_XlsxInflateReader": "inflate as the reader (libdeflate)",
    "BM_XlsxInflateExpat": "+ bare expat, no handlers",
    "BM_XlsxInflateXmlStream": "+ XmlStream (expat), null handler",
    "BM_XlsxInflateXmlBulk": "+ XmlStream (bulk lane), null",
    "BM_XlsxRead": "read_package (reader only)",
    "BM_XlsxDetect": "detector only, nothing rendered",
    "BM_XlsxScan": "Scanner::scan_bytes, 1 thread",
    "BM_XlsxScanThreads2": "Scanner::scan_bytes, 2 threads",
}
for name in benchmarks:
    rows.append((labels[name], bench_seconds[name], None))
for key, label in [("unzip", "unzip -p > /dev/null"),
                   ("foiguard_j1", "foiguard scan --format json -j1"),
                   ("foiguard_jn", "foiguard scan --format json"),
                   ("openpyxl", "openpyxl read-only, all cells")]:
    s = read(key, "seconds")
    if s is not None:
        rows.append((label, float(s), int(read(key, "rss"))))

floor = bench_seconds["BM_XlsxInflateOnly"]
openpyxl = float(read("openpyxl", "seconds")) if read("openpyxl", "seconds") else None
if read("openpyxl", "out") and int(read("openpyxl", "out")) != cells:
    print(f"bench: warning: openpyxl visited {read('openpyxl', 'out')} cells, the generator wrote {cells}")

print(f"workbook: {workbook}")
print(f"  {int(facts['rows']):,} data rows x 10 columns in {facts['sheets']} sheet(s), {cells:,} cells, "
      f"{int(facts['shared_strings']):,} shared strings, {xml_bytes / 1e6:.1f} MB of XML "
      f"({int(facts['sheet_xml_bytes']) / 1e6:.1f} MB of sheets), {int(facts['zip_bytes']) / 1e6:.1f} MB zipped")
report = json.loads(read("foiguard_j1", "out"))["files"][0]
print(f"  foiguard: {report['verdict'].upper()}, {report['findings_total']:,} findings, "
      f"{report['personnel_records']:,} personnel records ({report['reason']})")
print()
print(f"{'what':<34} {'seconds':>8} {'Mcells/s':>9} {'XML MB/s':>9} {'x inflate':>9} "
      f"{'openpyxl/':>9} {'peak RSS':>9}")
for label, seconds, rss in rows:
    ratio = f"{openpyxl / seconds:>8.1f}x" if openpyxl else f"{'-':>9}"
    rss_text = f"{rss / 1024:>6.0f} MB" if rss is not None else f"{'-':>9}"
    print(f"{label:<34} {seconds:>8.3f} {cells / seconds / 1e6:>9.2f} {xml_bytes / seconds / 1e6:>9.1f} "
          f"{seconds / floor:>8.2f}x {ratio} {rss_text}")
print()
print("x inflate: time divided by BM_XlsxInflateOnly's (the issue's target: at most 1.5x for the scan).")
print("openpyxl/: openpyxl's time divided by this one (target: at least 20x for foiguard scan).")
print("Benchmarks are in process (no start-up, no report); the command lines are whole processes.")

def verdict(ok):
    return "met" if ok else "NOT met"
scan = bench_seconds["BM_XlsxScan"]
cli = float(read("foiguard_j1", "seconds"))
print()
scan2 = bench_seconds.get("BM_XlsxScanThreads2")
threads2 = f" (2 threads {scan2 / floor:.1f}x)" if scan2 else ""
print(f"target  scan within 1.5x of inflate: in process {scan / floor:.1f}x{threads2}, "
      f"command line -j1 {cli / floor:.1f}x: {verdict(min(scan, scan2 or scan) / floor <= 1.5)}")
if openpyxl:
    cli_n = float(read("foiguard_jn", "seconds"))
    print(f"target  20x faster than openpyxl: -j1 {openpyxl / cli:.1f}x, default threads {openpyxl / cli_n:.1f}x: "
          f"{verdict(openpyxl / cli >= 20)}")
rss_mb = max(int(read("foiguard_j1", "rss")), int(read("foiguard_jn", "rss"))) / 1024
print(f"target  peak RSS under 300 MB: {rss_mb:.0f} MB: {verdict(rss_mb < 300)}")
EOF
