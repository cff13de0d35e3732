#!/usr/bin/env bash
# Throughput and memory of `form4 batch` against `pdftotext -layout` (one
# process per file) over the text families of the dev corpus, both with the
# same parallelism. Not a test: prints figures, checks the targets, exits 1 when
# one is missed.
#
#   benches/batch_bench.sh [JOBS] [ROUNDS]
#
# JOBS: parallel files for both tools (default: all cores). ROUNDS: how many
# times the file list is repeated (default 1; more rounds smooth out noise).
set -euo pipefail

JOBS=${1:-$(nproc)}
ROUNDS=${2:-1}
CORPUS=${CORPUS:-/work/shared/corpus/dev}
FAMILIES="real-html real-modern real-old synth-modern synth-old"
# Targets of issue 4: form4 at least as fast as pdftotext; whole-run peak RSS
# (batch process plus all its workers, sampled) at most this many MB.
MAX_TOTAL_RSS_MB=200
# How often the total RSS of the batch and its workers is sampled, in seconds.
RSS_SAMPLE_SECS=0.05

command -v pdftotext >/dev/null || { echo "pdftotext missing: apt-get install -y poppler-utils"; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install -y time"; exit 2; }

cd "$(dirname "$0")/.."
cargo build --release --quiet
FORM4=$PWD/target/release/form4

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for family in $FAMILIES; do ls "$CORPUS/$family"/*.pdf; done > "$WORK/one-round.txt"
for _ in $(seq "$ROUNDS"); do cat "$WORK/one-round.txt"; done > "$WORK/list.txt"
FILES=$(wc -l < "$WORK/list.txt")
MB=$(xargs -a "$WORK/list.txt" -d '\n' du -cb | tail -1 | awk '{printf "%.1f", $1 / 1e6 * '"$ROUNDS"'}')
echo "inputs: $FILES files ($MB MB, $ROUNDS round(s) of: $FAMILIES), parallelism $JOBS"

# Sum of the RSS of process $1 and its children, highest seen, in KB.
sample_total_rss() {
    local pid=$1 peak=0 now
    while kill -0 "$pid" 2>/dev/null; do
        now=$( (ps -o rss= -p "$pid"; ps -o rss= --ppid "$pid") 2>/dev/null | awk '{s += $1} END {print s + 0}')
        [ "$now" -gt "$peak" ] && peak=$now
        sleep "$RSS_SAMPLE_SECS"
    done
    echo "$peak"
}

# /usr/bin/time -v fields of a finished run: wall seconds, max RSS in KB.
wall_secs() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$1"; }
cpu_secs() { awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {print s}' "$1"; }
max_rss_kb() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

/usr/bin/time -v -o "$WORK/form4.time" "$FORM4" batch --files-from "$WORK/list.txt" -j "$JOBS" -o "$WORK/out.jsonl" 2> "$WORK/form4.err" &
TIME_PID=$!
sleep 0.2
BATCH_PID=$(pgrep -P "$TIME_PID" -x form4 || true)
TOTAL_RSS_KB=$( [ -n "$BATCH_PID" ] && sample_total_rss "$BATCH_PID" || echo 0)
wait "$TIME_PID"
RECORDS=$(wc -l < "$WORK/out.jsonl")

/usr/bin/time -v -o "$WORK/pdftotext.time" xargs -a "$WORK/list.txt" -d '\n' -P "$JOBS" -I{} pdftotext -layout {} /dev/null 2> "$WORK/pdftotext.err" || true

F4_SECS=$(wall_secs "$WORK/form4.time")
PT_SECS=$(wall_secs "$WORK/pdftotext.time")
awk -v n="$FILES" -v records="$RECORDS" -v f="$F4_SECS" -v p="$PT_SECS" \
    -v fcpu="$(cpu_secs "$WORK/form4.time")" -v pcpu="$(cpu_secs "$WORK/pdftotext.time")" \
    -v frss="$(max_rss_kb "$WORK/form4.time")" -v prss="$(max_rss_kb "$WORK/pdftotext.time")" \
    -v total="$TOTAL_RSS_KB" -v limit="$MAX_TOTAL_RSS_MB" -v summary="$(tail -1 "$WORK/form4.err")" 'BEGIN {
    printf "form4 batch : %6.2f s wall %7.1f files/s  %6.2f s CPU %7.1f files/CPU-s  max RSS of one process %6.1f MB  whole run (batch + workers, sampled) %6.1f MB  records %d\n", f, n / f, fcpu, n / fcpu, frss / 1024, total / 1024, records
    printf "pdftotext   : %6.2f s wall %7.1f files/s  %6.2f s CPU %7.1f files/CPU-s  max RSS of one process %6.1f MB\n", p, n / p, pcpu, n / pcpu, prss / 1024
    printf "throughput ratio form4/pdftotext: wall %.2f, CPU %.2f (target >= 1)\n", p / f, pcpu / fcpu
    printf "%s\n", summary
    # On a shared machine wall time swings with other load; CPU time (user +
    # system, workers included) does not, so the throughput target is judged on it.
    ok = (pcpu / fcpu >= 1) && (total / 1024 <= limit) && (records == n)
    printf "targets: %s (CPU throughput >= pdftotext, whole-run RSS <= %d MB, one record per input)\n", ok ? "met" : "MISSED", limit
    exit ok ? 0 : 1
}'
