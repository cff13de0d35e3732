#!/usr/bin/env bash
# OCR benchmark (not a test): seconds per scanned page for `form4 extract`
# (image extraction, enlarging, straightening, rule finding, tesseract)
# against tesseract alone on the same page images as they are in the PDFs.
# Both read the pages of one file at a time, its pages in parallel on all
# cores, each tesseract on one thread (OMP_THREAD_LIMIT=1).
#
# Usage: benches/ocr_bench.sh [FILES] [SCAN_DIR]
#   FILES     how many scan PDFs to take (default 8, in name order)
#   SCAN_DIR  folder of scanned PDFs (default: the dev corpus's scan family)
set -euo pipefail

files_wanted=${1:-8}
scan_dir=${2:-/work/shared/corpus/dev/scan}
cores=$(nproc)
cd "$(dirname "$0")/.."
cargo build --release --quiet
form4=$PWD/target/release/form4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t files < <(ls "$scan_dir"/*.pdf | head -n "$files_wanted")
pages=0
for f in "${files[@]}"; do
  pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}')))
  # The page images as stored: JPEG as is, CCITT as TIFF.
  mkdir -p "$work/${f##*/}"
  pdfimages -j -tiff "$f" "$work/${f##*/}/page"
done

now() { date +%s.%N; }

start=$(now)
for f in "${files[@]}"; do
  # Exit 6 (not a Form 4) is fine while the mapping stage is a stub; OCR ran.
  "$form4" extract "$f" -o "$work/out.json" 2>/dev/null || [ $? -eq 6 ]
done
form4_seconds=$(echo "$(now) - $start" | bc)

start=$(now)
for f in "${files[@]}"; do
  ls "$work/${f##*/}"/page-* | OMP_THREAD_LIMIT=1 xargs -P "$cores" -I{} tesseract {} {}.out tsv 2>/dev/null
done
tesseract_seconds=$(echo "$(now) - $start" | bc)

printf 'files=%d pages=%d cores=%d\n' "${#files[@]}" "$pages" "$cores"
printf 'form4 extract:   %6.2f s/page\n' "$(echo "$form4_seconds / $pages" | bc -l)"
printf 'tesseract alone: %6.2f s/page\n' "$(echo "$tesseract_seconds / $pages" | bc -l)"
printf 'ratio form4/tesseract: %.2f\n' "$(echo "$form4_seconds / $tesseract_seconds" | bc -l)"
