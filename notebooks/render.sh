#!/usr/bin/env bash
# Executes every notebook in full mode and writes the executed copies, outputs and figures
# included, to figures/notebooks/, where GitHub shows them to readers who run nothing. The
# working notebooks in notebooks/ stay without outputs (the notebook test checks it; see
# .gitattributes for the clean filter that strips outputs on git add).
#
#   notebooks/render.sh                 full mode into figures/notebooks/ (tens of minutes)
#   notebooks/render.sh --quick DIR     quick mode into DIR, to try the pipeline (never commit)
#
# Run it after go run ./cmd/reproduce, and commit figures/notebooks/ with the figures. When
# reproduce ran with DLRETURNS_RESULT_CACHE=$PWD/.cache/results (the default folder here),
# every notebook cell at the default settings takes its result from there instead of training
# again, and the rendering takes minutes, not another full run:
#
#   DLRETURNS_RESULT_CACHE=$PWD/.cache/results go run ./cmd/reproduce && notebooks/render.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root/figures/notebooks
unset DLRETURNS_QUICK
export DLRETURNS_RESULT_CACHE=${DLRETURNS_RESULT_CACHE:-$root/.cache/results}
if [ "${1:-}" = "--quick" ]; then
  [ -n "${2:-}" ] || { echo "usage: $0 [--quick DIR]" >&2; exit 2; }
  export DLRETURNS_QUICK=1
  out=$2
fi
jupyter=$(command -v jupyter 2>/dev/null || true)
if [ -n "$jupyter" ] && ! "$jupyter" nbconvert --version >/dev/null 2>&1; then jupyter=""; fi
for candidate in "$root/.venv/bin/jupyter" /usr/bin/jupyter; do
  [ -n "$jupyter" ] || { [ -x "$candidate" ] && jupyter=$candidate; } || true
done
[ -n "$jupyter" ] || { echo "render: no jupyter with nbconvert; run notebooks/install-jupyterlab.sh" >&2; exit 1; }
"$root/notebooks/install-kernel.sh" --check >/dev/null

mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export DLRETURNS_EXPORT_DIR=$scratch/exports # exports are not part of the rendering
for nb in "$root"/notebooks/[0-9]*.ipynb; do
  name=$(basename "$nb")
  start=$(date +%s)
  # Into a scratch file first: a notebook that fails leaves the committed copy as it was.
  "$jupyter" nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=gonb \
    --ExecutePreprocessor.timeout=7200 --output-dir "$scratch" --output "$name" "$nb" >/dev/null 2>"$scratch/log" || {
    echo "render: $name failed:" >&2; tail -30 "$scratch/log" >&2; exit 1; }
  mv "$scratch/$name" "$out/$name"
  echo "render: $name ($(( $(date +%s) - start )) s)"
done
if [ -z "${DLRETURNS_QUICK:-}" ]; then
  echo "render: done; commit figures/notebooks/"
else
  echo "render: quick-mode copies in $out: for trying the pipeline only, do not commit them"
fi
