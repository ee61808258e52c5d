#!/usr/bin/env bash
# (`kmemguide bank --format pdf` writes the PDFs itself; this script prints an existing folder and makes
# the README picture.) Prints the exam papers and keys of a bank folder to PDF with headless Chromium (which lays out
# the @page boxes: version, name line, "page n / m"). Usage: scripts/exam-pdf.sh FOLDER [PNG]
# writes FOLDER/pdf/<name>.pdf for every exam-*.html; with PNG, also page 2 of the first paper as
# a picture (the README's, with poppler-utils' pdftoppm). Without Chromium: open the HTML in any
# browser and print it to PDF (A4, no browser headers and footers).
set -euo pipefail
DIR=$(cd "$1" && pwd)
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
mkdir -p "$DIR/pdf"
for f in "$DIR"/exam-*.html; do
  name=$(basename "$f" .html)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$DIR/pdf/$name.pdf" "file://$f" >/dev/null 2>&1
done
echo "PDFs in $DIR/pdf"
if [ -n "${2:-}" ]; then
  command -v pdftoppm >/dev/null || bash "$(dirname "$0")/setup.sh" poppler-utils
  first=$(ls "$DIR"/pdf/exam-v1-*.pdf | grep -v -- -key | head -1)
  pdftoppm -f 2 -l 2 -r 72 -png -singlefile "$first" "${2%.png}"
  echo "page 2 of $(basename "$first") in $2"
fi
