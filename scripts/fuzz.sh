#!/usr/bin/env bash
# Fuzzes the Scanner with libFuzzer, under AddressSanitizer and
# UndefinedBehaviorSanitizer.
#
#   bash scripts/fuzz.sh [SECONDS]          # any bytes (fuzz/scan_fuzzer.cpp), seeded with the
#                                           # test fixtures and the shared corpus; default 600,
#                                           # 0 = until stopped
#   bash scripts/fuzz.sh --members [SECONDS] # one XML part of a real package rewritten
#                                           # (fuzz/member_fuzzer.cpp), SECONDS (default 60)
#                                           # for each part in the list below
#   bash scripts/fuzz.sh --replay FILE...   # run saved inputs of the first kind once
#
# Needs clang and libFuzzer (Debian: apt-get install clang libclang-rt-14-dev).
# Builds in BUILD_DIR (default build-fuzz): a build of its own, every object
# instrumented. Inputs that grow coverage go to BUILD_DIR/corpus (kept
# between runs); a crash, a timeout (TIMEOUT seconds, default 30: a hang) or
# a leak of memory past RSS_MB (default 2048) is written to
# BUILD_DIR/artifacts, with the command that replays it. The target also
# aborts when one thread's report and two threads' differ.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-fuzz}
TIMEOUT=${TIMEOUT:-30}
RSS_MB=${RSS_MB:-2048}
CORPUS_DIR=${CORPUS_DIR:-../shared/corpus}
log() { echo "fuzz: $*" >&2; }

mode=bytes
case "${1:-}" in
  --replay) mode=replay; shift; (($# > 0)) || { log "--replay needs the inputs to run"; exit 2; } ;;
  --members) mode=members; shift ;;
esac
if [[ "$mode" != replay ]]; then
  SECONDS_TO_RUN=${1:-$([[ "$mode" == members ]] && echo 60 || echo 600)}
  [[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || { log "SECONDS must be a whole number, not '$SECONDS_TO_RUN'"; exit 2; }
fi

# The parts --members rewrites: every kind of list the readers stream
# (sheet rows, shared strings, pivot records, a body's paragraphs, ODF
# tables), and the parts beside them.
MEMBERS=(
  "tests/data/xlsx/hidden_rows_cols.xlsx xl/worksheets/sheet1.xml"
  "tests/data/xlsx/pivot_cache.xlsx xl/sharedStrings.xml"
  "tests/data/xlsx/pivot_cache.xlsx xl/pivotCache/pivotCacheDefinition1.xml"
  "tests/data/xlsx/pivot_cache.xlsx xl/pivotCache/pivotCacheRecords1.xml"
  "tests/data/xlsx/plain_sight.xlsx xl/styles.xml"
  "tests/data/xlsx/comments.xlsx xl/comments/comment1.xml"
  "tests/data/xlsx/threaded_comments.xlsx xl/threadedComments/threadedComment1.xml"
  "tests/data/xlsx/defined_names.xlsx xl/workbook.xml"
  "tests/data/docx/tracked_changes.docx word/document.xml"
  "tests/data/docx/stories.docx word/comments.xml"
  "tests/data/docx/stories.docx word/footnotes.xml"
  "tests/data/ods/staff_hidden.ods content.xml"
  "tests/data/odt/letter.odt content.xml"
  "tests/data/pptx/deck.pptx ppt/slides/slide1.xml"
)

CXX=${CXX:-clang++}
if ! command -v "$CXX" >/dev/null; then
  log "$CXX not found: apt-get install clang libclang-rt-14-dev (or set CXX to a clang++)"
  exit 1
fi

log "configuring $BUILD_DIR with $CXX, ASan, UBSan and libFuzzer coverage"
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
  -DFOIGUARD_BUILD_FUZZ=ON -DFOIGUARD_BUILD_TESTS=OFF -DFOIGUARD_BUILD_BENCH=OFF \
  -DFOIGUARD_WITH_TCMALLOC=OFF >/dev/null
log "building the fuzz targets"
cmake --build "$BUILD_DIR" -j"$(nproc)" --target foiguard_fuzz_scan foiguard_fuzz_member >&2
FUZZER=$BUILD_DIR/fuzz/foiguard_fuzz_scan
# Leaks of the process's static caches at exit are not leaks of a scan.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

if [[ "$mode" == replay ]]; then
  exec "$FUZZER" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" "$@"
fi

if [[ "$mode" == members ]]; then
  mkdir -p "$BUILD_DIR/artifacts"
  failed=0
  for pair in "${MEMBERS[@]}"; do
    read -r package member <<<"$pair"
    name=$(basename "$package")-${member//\//_}
    corpus=$BUILD_DIR/members/$name
    mkdir -p "$corpus"
    unzip -p "$package" "$member" >"$corpus/original.xml"
    log "$package: $member, ${SECONDS_TO_RUN}s"
    FOIGUARD_FUZZ_PACKAGE=$package FOIGUARD_FUZZ_MEMBER=$member \
      "$BUILD_DIR/fuzz/foiguard_fuzz_member" "$corpus" -max_total_time="$SECONDS_TO_RUN" \
      -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" -max_len=262144 \
      -artifact_prefix="$BUILD_DIR/artifacts/$name-" -print_final_stats=1 || failed=1
  done
  ((failed == 0)) || log "a part's run failed: see $BUILD_DIR/artifacts (replay one with the same"\
    "FOIGUARD_FUZZ_PACKAGE and FOIGUARD_FUZZ_MEMBER: $BUILD_DIR/fuzz/foiguard_fuzz_member FILE)"
  exit "$failed"
fi

# Seeds: every fixture the tests use, and the corpus's documents up to 2 MB.
SEEDS=$BUILD_DIR/seeds
mkdir -p "$SEEDS" "$BUILD_DIR/corpus" "$BUILD_DIR/artifacts"
find tests/data -type f -size -2M -exec cp -f {} "$SEEDS/" \; 2>/dev/null || true
if [[ -d "$CORPUS_DIR" ]]; then
  find "$CORPUS_DIR" -type f -size -2M ! -name MANIFEST.tsv -exec cp -f {} "$SEEDS/" \;
else
  log "no corpus at $CORPUS_DIR: seeding with the test fixtures alone"
fi
log "$(find "$SEEDS" -type f | wc -l) seeds; running for ${SECONDS_TO_RUN}s (0: until stopped)"
"$FUZZER" "$BUILD_DIR/corpus" "$SEEDS" -max_total_time="$SECONDS_TO_RUN" -timeout="$TIMEOUT" \
  -rss_limit_mb="$RSS_MB" -max_len=2097152 -artifact_prefix="$BUILD_DIR/artifacts/" -print_final_stats=1
