#!/bin/bash
# Checks the Slurm example end to end on this machine (Debian or Ubuntu, as root):
#
#  1. installs slurm-wlm and munge from the distribution's packages if they are missing;
#  2. starts a one-node cluster: munged, then slurmctld and slurmd on loopback ports 16817 and
#     16818, with configuration, state and logs in a temporary folder;
#  3. submits Experiments/slurm/sweep.sbatch over a tiny spec: a job array of 3 shards and the
#     merge job that depends on them, and waits for both;
#  4. runs the same spec unsharded and compares experiment.json, results.jsonl and results.csv
#     byte for byte;
#  5. stops the daemons it started and deletes the folder (kept if KEEP=1 or on failure).
#
# Usage: Experiments/slurm/check-local-cluster.sh [SPEC.json]   (default: Experiments/slurm/tiny.json)
# CROSSBAR=path selects the binary (default: .build/release/crossbar, built if missing);
# TIMEOUT=seconds bounds the wait for the jobs (default 1800).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
spec=$(realpath "${1:-$here/tiny.json}")
shards=3
crossbar=${CROSSBAR:-$root/.build/release/crossbar}

say() { echo "== $*"; }
fail() {
    echo "FAILED: $*" >&2
    exit 1
}

[[ $(id -u) -eq 0 ]] || fail "run as root: the one-node cluster runs its daemons as root"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    say "installing slurm-wlm and munge from the distribution's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge
fi
if [[ ! -x "$crossbar" ]]; then
    say "building crossbar (release)"
    (cd "$root" && swift build -c release --product crossbar)
fi
crossbar=$(realpath "$crossbar")
for port in 16817 16818; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        fail "port $port is in use: is another test cluster running?"
    fi
done

work=$(mktemp -d /tmp/crossbar-slurm.XXXXXX)
chmod 755 "$work" # munged needs its socket's folder searchable by all
cleanup() {
    local status=$?
    # Stop only the daemons this script started, by the pid files in its own folder.
    for name in slurmd slurmctld munged; do
        local pidfile=$work/$name.pid
        [[ -f "$pidfile" ]] || continue
        local pid
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    done
    if [[ "${KEEP:-0}" == 1 || $status -ne 0 ]]; then
        echo "kept $work (configuration, daemon logs, job logs, results)"
    else
        rm -rf "$work"
    fi
    say "daemons stopped"
}
trap cleanup EXIT

say "starting a one-node Slurm cluster in $work ($(slurmctld -V))"
host=$(hostname -s)
mkdir -p "$work/state" "$work/spool"
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge.key"
munged --socket="$work/munge.socket" --key-file="$work/munge.key" --pid-file="$work/munged.pid" \
    --log-file="$work/munged.log" --seed-file="$work/munge.seed"
cpus=$(nproc)
cat >"$work/slurm.conf" <<EOF
ClusterName=crossbarlocal
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$work/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmUser=root
SlurmdUser=root
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
    [[ "$(sinfo -h -N -o %T 2>/dev/null)" == "idle" ]] && break
    sleep 1
done
[[ "$(sinfo -h -N -o %T 2>/dev/null)" == "idle" ]] || fail "the node did not become idle; see $work/slurmctld.log and $work/slurmd.log"
sinfo

say "submitting $shards shards of $spec and the merge"
submitted=$(CROSSBAR=$crossbar "$here/sweep.sbatch" "$spec" "$work/sharded" "$shards")
echo "$submitted"
array=$(sed -n 's/.*job array \([0-9]*\).*/\1/p' <<<"$submitted")
merge=$(sed -n 's/.*merge as job \([0-9]*\).*/\1/p' <<<"$submitted")
[[ -n "$array" && -n "$merge" ]] || fail "could not read the job ids"

deadline=$((SECONDS + ${TIMEOUT:-1800}))
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
    if squeue -h -j "$merge" -o %r 2>/dev/null | grep -q DependencyNeverSatisfied; then
        tail -n 20 "$work"/sharded/logs/shard-*.out >&2 || true
        fail "a shard failed, so the merge cannot run; see $work/sharded/logs"
    fi
    ((SECONDS < deadline)) || fail "the jobs did not finish within ${TIMEOUT:-1800} s"
    sleep 2
done
for job in "$array" "$merge"; do
    scontrol -o show job "$job" 2>/dev/null | while read -r line; do
        grep -oE '(^| )(JobId|ArrayTaskId|JobName|JobState|ExitCode)=[^ ]+' <<<"$line" | sed 's/^ //' | paste -sd' ' -
    done
done
for log in "$work"/sharded/logs/*.out; do
    echo "-- $(basename "$log"):"
    cat "$log"
done
[[ -f "$work/sharded/results.csv" ]] || fail "the merge wrote no results; see $work/sharded/logs/merge.out"

say "running the same spec unsharded"
"$crossbar" sweep "$spec" --out "$work/unsharded"

say "comparing the merged shards with the unsharded run"
for file in experiment.json results.jsonl results.csv; do
    cmp "$work/sharded/$file" "$work/unsharded/$file" || fail "$file differs between $work/sharded and $work/unsharded"
    echo "identical: $file ($(wc -l <"$work/unsharded/$file") lines)"
done
say "OK: $shards Slurm shards merged equal the unsharded run, byte for byte"
