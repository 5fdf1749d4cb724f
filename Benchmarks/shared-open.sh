#!/usr/bin/env bash
# Opening a 1M-event shared journal from a current copy plus 10k new events (issue #19), against opening
# the same copy alone, on a throwaway PostgreSQL 15 of its own, in one hyperfine run. Both are
# `tandem-testkit shared-open`: what the console does before its first frame (the copy opened from its
# snapshot; with --shared, what it lacks read from the server, each line checked: chain, signature, role).
# Build first: swift build -c release --product tandem --product tandem-testkit --scratch-path .build/static
# J1M=path reuses a journal made by `tandem generate --events 1000000` (its keys beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/${BIN:-.build/static/release}
NEW=${NEW:-10000}
. Benchmarks/throwaway-postgres.sh
chmod 755 "$W"

J1M=${J1M:-$W/j1m.jsonl}
[[ -f $J1M ]] || "$BIN/tandem" generate --events 1000000 --out "$J1M" >/dev/null
export TANDEM_KEYS=$J1M.keys
sql postgres "CREATE DATABASE big"
url() { echo "postgres://$1@127.0.0.1:$PORT/big"; }
cp "$J1M" "$W/load.jsonl"
/usr/bin/time -f "shared init: %e s, %M KB peak" "$BIN/tandem" shared init --shared "$(url tandem_admin)" --from "$W/load.jsonl" 2>&1 | tail -1
rm -f "$W"/load.jsonl*

# A current copy, opened once (its snapshot made), kept to start each run from.
/usr/bin/time -f "first copy (sync): %e s" "$BIN/tandem" sync --shared "$(url inv1)" --journal "$W/copy.jsonl" 2>&1 | tail -1
"$BIN/tandem-testkit" shared-open --journal "$W/copy.jsonl" --keep-snapshot
mkdir "$W/kept" && cp -p "$W"/copy.jsonl* "$W/kept/"

# Another officer saves NEW changes meanwhile (from a copy of the same copy).
cp "$W/kept/copy.jsonl" "$W/other.jsonl"
"$BIN/tandem-testkit" shared-changes --shared "$(url inv2)" --cache "$W/other.jsonl" --user inv2 --count "$NEW" --pool 1000000000 | grep -E '^(elapsed|head|state)' | tr '\n' ' '
echo

restore="rm -f $W/copy.jsonl*; cp -p $W/kept/copy.jsonl* $W/"
hyperfine -N --warmup 1 --runs "${RUNS:-5}" --prepare "sh -c '$restore'" --export-markdown "$W/open.md" \
    -n "open the copy alone (1M)" "$BIN/tandem-testkit shared-open --journal $W/copy.jsonl" \
    -n "open it shared (1M + $NEW from the server)" "$BIN/tandem-testkit shared-open --shared $(url inv1) --journal $W/copy.jsonl"
cat "$W/open.md"
sh -c "$restore"
"$BIN/tandem-testkit" shared-open --journal "$W/copy.jsonl"
"$BIN/tandem-testkit" shared-open --shared "$(url inv1)" --journal "$W/copy.jsonl"
# HOLD=1 keeps the server and the files until interrupted (to look closer at one part).
if [[ -n ${HOLD:-} ]]; then echo "held: W=$W PORT=$PORT restore: $restore"; sleep infinity; fi
