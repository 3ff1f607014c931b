#!/bin/bash
# Issue 19's scheduler test: a real Slurm cluster of one node on this machine (controller and
# node on 127.0.0.1, from Debian's slurm-wlm and munge), the quick tier split into 4 shards as
# a job array plus the merge job queued afterok, through the same batch scripts as production
# (cluster/slurm/submit.sh); then the merged output is compared byte for byte with a single
# run's (cluster/compare-outputs.py: times and provenance masked, and the wall-clock claim
# linear-algebra-burden, which differs between any two runs, left out). Needs root (it
# installs packages and starts daemons); everything else goes to a scratch folder, which is
# printed, and the daemons are stopped at the end.
#
#   cluster/slurm/test-single-node.sh             # about 7 minutes on 2 busy cores
#   SINGLE=DIR cluster/slurm/test-single-node.sh  # compare with an earlier quick run of the same
#                                                 # code in DIR instead of making one (.ci/run)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
start=$(date +%s)
step() { printf '\n== %s (%ds)\n' "$*" "$(( $(date +%s) - start ))"; }
shards=${SHARDS:-4}

step "apt packages: slurm-wlm and munge"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for p in slurm-wlm munge python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
dpkg-query -W slurm-wlm munge

work=$(mktemp -d /tmp/dlreturns-slurm.XXXXXX)
chmod 755 "$work"
echo "scratch folder: $work"
node=localhost
conf=$work/slurm.conf
cat > "$conf" <<CONF
ClusterName=dlreturns-test
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
mkdir -p "$work/state" "$work/spool"

step "munged, slurmctld, slurmd"
pids=()
cleanup() {
  for p in "${pids[@]}"; do $sudo kill "$p" 2>/dev/null || true; done
  [ -f "$work/munged.pid" ] && $sudo kill "$(cat "$work/munged.pid")" 2>/dev/null || true
}
trap cleanup EXIT
if [ ! -s /etc/munge/munge.key ]; then
  $sudo mungekey --create --keyfile=/etc/munge/munge.key
  $sudo chown munge:munge /etc/munge/munge.key
fi
# A munged of its own (socket, pid, log in the scratch folder), so that a munged already
# running on the machine is left alone.
mkdir -p "$work/munge"
$sudo /usr/sbin/munged --force --socket="$work/munge/munge.socket" --pid-file="$work/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"
$sudo /usr/sbin/slurmctld -D -f "$conf" > "$work/slurmctld.out" 2>&1 & pids+=($!)
$sudo /usr/sbin/slurmd -D -N "$node" -f "$conf" > "$work/slurmd.out" 2>&1 & pids+=($!)
for i in $(seq 60); do
  if sinfo -h -o '%t' 2>/dev/null | grep -q '^idle'; then break; fi
  sleep 1
done
sinfo
sinfo -h -o '%t' | grep -q '^idle' || { echo "the node did not come up; logs in $work" >&2; tail -20 "$work"/slurm*.log >&2; exit 1; }

step "submit: $shards shards of the quick tier (job array) + the merge (afterok)"
submitted=$(date +%s)
cd "$work"
export SCALE=quick SHARD_DIR=$work/shards OUT=$work/merged
# submit.sh builds bin/reproduce in the repository; the jobs run it from there.
SBATCH_ARGS="--cpus-per-task=1 --chdir=$work" "$repo/cluster/slurm/submit.sh" -n "$shards" | tee "$work/jobs.txt"
merge_job=$(sed -n 's/.*merge: job \([0-9]*\).*/\1/p' "$work/jobs.txt")
while squeue -h | grep -q .; do
  squeue -h -o '%i %j %T %M' | tr '\n' ';'; echo
  sleep 10
done
finished=$(date +%s)
sacct >/dev/null 2>&1 || true
state=$(scontrol show job "$merge_job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' || true)
echo "merge job $merge_job: ${state:-gone from the controller}"
for f in "$work"/dlreturns-shard-*.log; do echo "-- $(basename "$f"): $(grep -c '^progress:' "$f") progress lines; last: $(grep '^progress:' "$f" | tail -1)"; tail -1 "$f"; done
cat "$work"/dlreturns-merge-*.log | tail -5
test -s "$work/merged/results.json" || { echo "FAIL: the merge wrote no results.json" >&2; exit 1; }
cd "$repo"

single_start=$(date +%s)
if [ -n "${SINGLE:-}" ]; then
  single=$SINGLE
else
  step "a single run of the quick tier, for comparison"
  single=$work/single
  bin/reproduce -quick -out "$single"
fi
single_end=$(date +%s)

step "compare with the single run in $single"
python3 cluster/compare-outputs.py --skip linear-algebra-burden "$single" "$work/merged"
echo "timings: $shards shards + merge through Slurm $((finished - submitted)) s wall; single run $((single_end - single_start)) s wall; whole test $(( $(date +%s) - start )) s"
echo "PASS"
