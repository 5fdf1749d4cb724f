#!/usr/bin/env bash
# Tandem side by side with the tools an officer might reach for instead, on
# equivalent data made by the same generator, timed whole-process by hyperfine
# (each pair in one invocation). Prints each ratio at the end.
#   Benchmarks/compare.sh            (from the project folder; takes a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for tool in hyperfine ledger hledger task sqlite3 openssl; do command -v "$tool" >/dev/null || need+=("$tool"); done
[[ -x /usr/bin/time ]] || need+=(time)   # GNU time, for the peak memory
if ((${#need[@]})); then
    packages=$(printf '%s\n' "${need[@]}" | sed 's/^task$/taskwarrior/' | tr '\n' ' ')
    echo "Installing $packages (Debian packages)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
fi

# Built as it would be deployed: the Swift runtime linked in (no shared-library
# loading at start-up; the report over 100k events runs about a fifth faster).
for product in tandem tandem-testkit; do
    if ! build=$(swift build -c release --static-swift-stdlib --product $product --scratch-path .build/static 2>&1); then
        echo "$build" >&2
        exit 1
    fi
done
T="$PWD/.build/static/release/tandem"
K="$PWD/.build/static/release/tandem-testkit"   # the drivers: peer data, and writers committing one change at a time
D="${TANDEM_COMPARE_DIR:-/tmp/tandem-compare}"
R="$D/results"
if [[ -f "$D/made" ]]; then
    echo "Using the data made before in $D (delete it to make it again)."
    cd "$D"
else
rm -rf "$D" && mkdir -p -m 700 "$D" && cd "$D"
echo "Making the data..."
"$T" generate --events 100000 --out j100k.jsonl >/dev/null
"$T" generate --events 1000000 --out j1m.jsonl >/dev/null
"$K" peer-data --events 100000 --ledger t100k.ledger
"$K" peer-data --events 1000000 --events-sql events1m.sql
"$K" peer-data --enquiries 20000 --tasks tasks20k.json --csv enquiries20k.csv
"$K" peer-data --enquiries 1000000 --csv enquiries1m.csv --sql enquiries1m.sql
"$K" peer-data --enquiries 10000 --sql enquiries10k.sql
sqlite3 events1m.db < events1m.sql
"$T" import --journal j20k.jsonl --create --csv enquiries20k.csv --kind enquiries >/dev/null
export TASKDATA="$D/taskdata" TASKRC="$D/taskrc"
mkdir -p "$TASKDATA" && printf 'data.location=%s\nconfirmation=off\nverbose=nothing\n' "$TASKDATA" > "$TASKRC"
task import tasks20k.json >/dev/null 2>&1 || true   # task exits non-zero on warnings
echo "taskwarrior holds $(task count) tasks"
# A unit whose roster holds a key: every commit of it is signed (its officer, "bench", a supervisor).
"$T" key new --user bench --no-passphrase --keys "$D/keys" >/dev/null
"$T" user add bench --role supervisor --key "$("$T" key show --user bench --keys "$D/keys" | head -1)" \
    --journal signed-base.jsonl --create --user bench --keys "$D/keys" >/dev/null
# 10k single-row transactions, as a console commits one change at a time.
{ echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"; head -1 enquiries10k.sql; grep '^INSERT' enquiries10k.sql; } > each10k.sql
touch made
fi
# The issue "One line codec" measures against the hash floor on an unsigned 1M-event journal (295 MB).
[[ -f u1m.jsonl ]] || "$T" generate --events 1000000 --unsigned --out u1m.jsonl >/dev/null
mkdir -p "$R"
export TASKDATA="$D/taskdata" TASKRC="$D/taskrc"
OP=$("$T" report --journal j100k.jsonl --operation NONE 2>&1 | sed -n 's/.*it has: \([A-Z0-9-]*\).*/\1/p' || true)
OP1M=$("$T" report --journal j1m.jsonl --operation NONE 2>&1 | sed -n 's/.*it has: \([A-Z0-9-]*\).*/\1/p' || true)
OPU=$("$T" report --journal u1m.jsonl --operation NONE 2>&1 | sed -n 's/.*it has: \([A-Z0-9-]*\).*/\1/p' || true)

run() { rm -f "$R/$1".*.json; hyperfine --style basic --export-json "$R/$1.json" "${@:2}"; }
# The comparisons the issue "One line codec" sets its targets by, taken in turns: each
# command once a round, the order turned round each round, so that a slower minute of
# this machine (it has one after a while of work on both cores: BENCHMARKS.md, fifteenth
# and sixteenth sessions) falls on tandem and its yardstick alike. Medians over the rounds.
#   in_turns NAME ROUNDS LABEL COMMAND [LABEL COMMAND]...
in_turns() {
    local name=$1 rounds=$2 round i
    shift 2
    local -a labels=() commands=() order=()
    while (($#)); do labels+=("$1"); commands+=("$2"); shift 2; done
    rm -f "$R/$name.json" "$R/$name".*.json
    for i in "${!commands[@]}"; do bash -c "${commands[$i]}" >/dev/null 2>&1 || true; done   # the page cache warmed
    for ((round = 0; round < rounds; round++)); do
        order=("${!commands[@]}")
        if ((round % 2)); then order=($(printf '%s\n' "${order[@]}" | tac)); fi
        for i in "${order[@]}"; do
            hyperfine -N --style none --runs 1 --export-json "$R/$name.$round.$i.json" -n "${labels[$i]}" "${commands[$i]}" >/dev/null
        done
        printf '  %s, round %d of %d done\n' "$name" $((round + 1)) "$rounds"
    done
}
run report-vs-ledger --warmup 1 --runs 10 \
    -n "tandem report (100k events)" "$T report --journal j100k.jsonl --operation $OP" \
    -n "ledger balance (100k transactions)" "ledger -f t100k.ledger balance" \
    -n "hledger balance (100k transactions)" "hledger -f t100k.ledger balance"
run list-vs-task --warmup 1 --runs 10 \
    -n "tandem list, filter to:THA (20k enquiries)" "$T list enquiries --journal j20k.jsonl --filter to:THA --reason benchmark" \
    -n "task project:THA list (20k tasks)" "task project:THA list"
run import-vs-sqlite --runs 3 \
    --prepare "rm -f i1m.jsonl i1m.jsonl.commits i1m.db i1m.db-wal i1m.db-journal" \
    -n "tandem import (1M enquiries, one fsync)" "$T import --journal i1m.jsonl --create --csv enquiries1m.csv --kind enquiries" \
    -n "sqlite3 1M inserts in one transaction" "sqlite3 i1m.db < enquiries1m.sql"
run commits-vs-sqlite --runs 3 \
    --prepare "rm -f c10k.jsonl c10k.jsonl.commits c10k.db c10k.db-wal c10k.db-shm" \
    -n "tandem 10k durable commits" "$K append-events --journal c10k.jsonl --count 10000 --prefix C --user bench" \
    -n "sqlite3 10k transactions (WAL, synchronous=FULL)" "sqlite3 c10k.db < each10k.sql"
run signed-commits-vs-sqlite --runs 3 \
    --prepare "rm -f s10k.jsonl s10k.jsonl.commits c10k.db c10k.db-wal c10k.db-shm; cp signed-base.jsonl s10k.jsonl" \
    -n "tandem 10k durable commits, each signed" "$K append-events --journal s10k.jsonl --count 10000 --prefix C --user bench --keys $D/keys" \
    -n "sqlite3 10k transactions (WAL, synchronous=FULL)" "sqlite3 c10k.db < each10k.sql"
in_turns floor-unsigned 8 \
    "openssl dgst -sha256 (1M unsigned events, 295 MB: the hash floor)" "openssl dgst -sha256 u1m.jsonl" \
    "tandem verify (1M unsigned events: every line, the chain, every role)" "$T verify --journal u1m.jsonl" \
    "tandem agenda (open 1M events: chain verified, state replayed)" "$T agenda --journal u1m.jsonl --user nobody" \
    "tandem report (1M unsigned events)" "$T report --journal u1m.jsonl --operation $OPU"
# Before the signed verify, whose two minutes on both cores leave this machine slower a while.
in_turns report-vs-groupby 8 \
    "tandem report (1M events)" "$T report --journal j1m.jsonl --operation $OP1M" \
    "sqlite3 GROUP BY (1M rows)" "sqlite3 events1m.db 'SELECT type, actor, SUM(count) FROM events GROUP BY type, actor'"
run verify-vs-hash --warmup 1 --runs 3 \
    -n "tandem verify (1M events, every commit signed)" "$T verify --journal j1m.jsonl" \
    -n "openssl dgst -sha256 (the same file: the hash floor)" "openssl dgst -sha256 j1m.jsonl"

# Peak memory (the issue "One line codec": opening 1M events within 150 MB), and a journal
# holding one import of 1M rows (one batch: a reader holds at most 16,384 of its records).
[[ -f i1m.jsonl ]] || "$T" import --journal i1m.jsonl --create --csv enquiries1m.csv --kind enquiries >/dev/null
echo
echo "Peak memory (resident):"
for what in "verify --journal u1m.jsonl" "agenda --journal u1m.jsonl --user nobody" "report --journal u1m.jsonl --operation $OPU" \
            "verify --journal i1m.jsonl" "agenda --journal i1m.jsonl --user nobody"; do
    /usr/bin/time -f "  %M KB  %e s  tandem $what" $T $what 2>&1 >/dev/null | tail -1
done

python3 - "$R" <<'PY'
import glob, json, os, statistics, sys
folder = sys.argv[1]
def medians(name):
    # One hyperfine run of every command, or one file a command and round (`in_turns`).
    # In the order of the first round (the yardstick first), as hyperfine's own file lists them.
    files = glob.glob(os.path.join(folder, name + ".json")) or glob.glob(os.path.join(folder, name + ".*.json"))
    times = {}
    for f in sorted(files, key=lambda f: [int(p) for p in os.path.basename(f).split(".")[1:-1]]):
        for r in json.load(open(f))["results"]:
            times.setdefault(r["command"], []).extend(r["times"])
    return {c: statistics.median(t) for c, t in times.items()}
print("\nMedians (seconds) and ratios")
for name in ["report-vs-ledger", "list-vs-task", "import-vs-sqlite", "commits-vs-sqlite", "signed-commits-vs-sqlite", "report-vs-groupby", "verify-vs-hash", "floor-unsigned"]:
    m = medians(name)
    names = list(m)
    base = m[names[0]]
    print(f"\n{name}:")
    for n in names:
        if name == "floor-unsigned":
            print(f"  {m[n]:8.3f}  {n}" + ("" if n == names[0] else f"   ({m[n] / base:.2f}x the hash floor)"))
        else:
            print(f"  {m[n]:8.3f}  {n}" + ("" if n == names[0] else f"   (tandem takes {base / m[n]:.2f}x its time)"))
PY
