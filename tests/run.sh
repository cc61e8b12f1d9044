#!/bin/bash
# run.sh - runs every unit test program given as arguments, then the
# integration suites (integration.sh, commands.sh), and adds up their closing "N passed, N failed" lines.
# Exits non-zero if anything failed or a program ran no check at all.
cd "$(dirname "$0")/.." || exit 1
total_pass=0 total_fail=0 broken=0

tally() { # name, output file, exit status
    local last p f
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
    if [ -z "$last" ]; then
        echo "FAIL $1: no closing count (exit $3)"; broken=1; return
    fi
    p=${last%% passed*}; f=${last#*, }; f=${f%% failed*}
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
    [ "$3" -ne 0 ] && [ "$f" -eq 0 ] && { echo "FAIL $1: exit $3"; broken=1; }
    printf '%-28s %s\n' "$1" "$last"
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$@"; do
    case $t in *test_client) continue ;; esac # needs the server: integration runs it
    "$t" >"$out" 2>&1; rc=$?
    grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$out"
    tally "$(basename "$t")" "$out" "$rc"
done
for suite in integration commands; do
    tests/$suite.sh >"$out" 2>&1; rc=$?
    grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$out"
    tally "$suite" "$out" "$rc"
done

[ "$broken" -ne 0 ] && total_fail=$((total_fail + 1))
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
