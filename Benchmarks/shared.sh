#!/usr/bin/env bash
# The shared journal's figures (issue #19), on a throwaway PostgreSQL 15 of its own:
#  - commits per second from 1, 4 and 16 consoles (tandem-testkit shared-changes, no colliding codes),
#    against pgbench calling tandem.append with lines of the same size from as many clients, same server, same run;
#  - time from a commit in one console to its arrival in another that listens, alone and under the 16-console load.
# Build first: swift build -c release --product tandem --product tandem-testkit --scratch-path .build/static
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/static/release}
COMMITS=${COMMITS:-400}  # saves per console; CONSOLES="1 4 16" chooses the runs
LOAD_COMMITS=${LOAD_COMMITS:-400}  # saves per console of the 16-console load the arrival is timed under; LOAD_COMMITS=0 leaves that out
SECONDS_EACH=${SECONDS_EACH:-10}
ROUNDS=${ROUNDS:-1}  # each figure taken this many times, Tandem and pgbench in turns
export TANDEM_KEYS=$PWD/sample-data/keys

. Benchmarks/throwaway-postgres.sh
users=(s.fernando r.aroha j.santos p.srisuk m.walsh d.pratama a.rahman i.waheed)

cat > "$W/append.sql" <<'SQL'
SELECT tandem.append(j.id, gen_random_uuid(), 'pgbench', j.head_seq,
  ARRAY[convert_to(format('{"seq":%s,"time":"2026-12-06T10:00:00Z","actor":"s.fernando","type":"network.created","entity":"NW-PGB-%s","prev":"%s","payload":{"code":"NW-PGB","name":"network of pgbench","aliases":[],"crimeTypes":["02042"],"sectors":["fishing"],"route":["THA","AUS"],"modusOperandi":"","reliability":"B","accuracy":"2","status":"identified","handling":"H2"},"sig":"%s","crc":"00000000"}',
    j.head_seq + 1, gen_random_uuid(), j.head_hash, repeat('A', 86)), 'UTF8')], 0)
FROM tandem.journal j;
SQL

fresh() { # a database holding the sample journal, shared
    sql postgres "CREATE DATABASE $1"
    cp sample-data/jpa-2015.jsonl "$W/$1.jsonl"; chmod 700 "$W"
    "$BIN/tandem" shared init --shared "postgres://tandem_admin@127.0.0.1:$PORT/$1" --from "$W/$1.jsonl" >/dev/null 2>&1
}

for n in ${CONSOLES:-1 4 16}; do
  ratios=()
  for ((r = 1; r <= ROUNDS; r++)); do  # Tandem and pgbench taken in turns: the machine's noise falls on both alike
    fresh "t${n}_$r"
    pids=()
    for ((i = 0; i < n; i++)); do
        u=${users[$((i % 8))]}
        "$BIN/tandem-testkit" shared-changes --shared "postgres://$u@127.0.0.1:$PORT/t${n}_$r" --cache "$W/t${n}_$r-$i.jsonl" --user "$u" \
            --count "$COMMITS" --seed "$((i + 1))" --pool 1000000000 > "$W/t${n}_$r-$i.out" &
        pids+=($!)
    done
    wait "${pids[@]}"
    saved=$(cat "$W"/t${n}_$r-*.out | grep -c '^saved ')
    kept=$(cat "$W"/t${n}_$r-*.out | grep -c '^kept ' || true)
    slowest=$(grep -h '^elapsed ' "$W"/t${n}_$r-*.out | awk '{print $2}' | sort -n | tail -1)
    tandem_rate=$(awk -v s="$saved" -v t="$slowest" 'BEGIN { printf "%.0f", s / t }')

    fresh "p${n}_$r"
    before=$(sql "p${n}_$r" "SELECT head_seq FROM tandem.journal")
    pgbench -n -c "$n" -j "$n" -T "$SECONDS_EACH" -f "$W/append.sql" -h 127.0.0.1 -p "$PORT" -U s.fernando "p${n}_$r" > "$W/pgbench-$n.out" 2>&1
    after=$(sql "p${n}_$r" "SELECT head_seq FROM tandem.journal")
    tps=$(grep -o 'tps = [0-9.]*' "$W/pgbench-$n.out" | head -1 | awk '{printf "%.0f", $3}')
    pg_rate=$(( (after - before) / SECONDS_EACH ))
    ratio=$(awk -v a="$tandem_rate" -v b="$pg_rate" 'BEGIN { printf "%.2f", a / b }')
    ratios+=("$ratio")
    echo "$n console(s), round $r: tandem $tandem_rate commits/s ($saved in ${slowest}s); pgbench $pg_rate appended/s ($tps calls/s, the rest answered behind); ratio $ratio; $kept kept for later (no answer in time)"
  done
  [ "$ROUNDS" -eq 1 ] || echo "$n console(s): ratios ${ratios[*]}; median $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')"
done

[ "$LOAD_COMMITS" -gt 0 ] || exit 0
fresh lat
mkdir -p "$W/lat0"
echo "alone: $("$BIN/tandem-testkit" shared-latency --shared "postgres://s.fernando@127.0.0.1:$PORT/lat" --reader-shared "postgres://j.santos@127.0.0.1:$PORT/lat" --folder "$W/lat0" --user s.fernando --count 200)"
pids=()
for ((i = 0; i < 16; i++)); do
    u=${users[$((i % 8))]}
    "$BIN/tandem-testkit" shared-changes --shared "postgres://$u@127.0.0.1:$PORT/lat" --cache "$W/lat-$i.jsonl" --user "$u" \
        --count "$LOAD_COMMITS" --seed "$((i + 100))" --pool 1000000000 > /dev/null &
    pids+=($!)
done
mkdir -p "$W/lat16"
echo "under 16 consoles: $("$BIN/tandem-testkit" shared-latency --shared "postgres://liaison@127.0.0.1:$PORT/lat" --reader-shared "postgres://ncb.officer@127.0.0.1:$PORT/lat" --folder "$W/lat16" --user liaison --count 200)"
wait "${pids[@]}"
