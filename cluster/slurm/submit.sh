#!/bin/bash
# Splits a run across a Slurm cluster: builds reproduce once (on the shared file system),
# submits N shards as a job array and the merge as a job that waits for all of them.
#
#   cluster/slurm/submit.sh [-n SHARDS] [-- REPRODUCE FLAGS...]
#
# Environment: SCALE (default paper), SHARD_DIR (shards), OUT (figures), SBATCH_ARGS (extra
# sbatch options for both jobs, e.g. "--partition=cpu --time=12:00:00"). Prints the two job ids.
set -euo pipefail
cd "$(dirname "$0")/../.."
shards=16
while [ $# -gt 0 ]; do
  case "$1" in
    -n) shards=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [-n SHARDS] [-- REPRODUCE FLAGS...]" >&2; exit 2 ;;
  esac
done
mkdir -p bin
# -buildvcs=auto stamps the commit into the one binary every shard runs, where Go can (the
# merge compares it); without a stamp (GOFLAGS=-buildvcs=false, a git worktree) each shard
# reads it from git as it starts, so leave the checkout alone until the shards have started.
go build -buildvcs=auto -o bin/reproduce ./cmd/reproduce
export REPRODUCE=$PWD/bin/reproduce SCALE=${SCALE:-paper} SHARD_DIR=${SHARD_DIR:-$PWD/shards} OUT=${OUT:-$PWD/figures}
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_ARGS:-} --array=0-$((shards - 1)) cluster/slurm/reproduce.sbatch "$@")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_ARGS:-} --dependency=afterok:"$array" --kill-on-invalid-dep=yes cluster/slurm/merge.sbatch)
echo "shards: job array $array (0-$((shards - 1))); merge: job ${merge%%;*}"
