#!/bin/bash
# fuzz.sh TARGET SECONDS - runs build/fuzz/fuzz_TARGET for SECONDS on a
# working copy of its seed corpus (tests/corpus/TARGET), after replaying
# every committed input (regressions included). A crash fails, and its
# input is kept in tests/corpus/TARGET/ as regress-* so it is replayed by
# every later run. Closes with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 1
t=$1 secs=${2:-30}
bin=build/fuzz/fuzz_$t seeds=tests/corpus/$t work=build/fuzz/corpus-$t
art=build/fuzz/artifacts-$t
mkdir -p "$seeds" "$work" "$art"
rm -f "$art"/*
# fuzz_x509's seeds are chains that test_x509 builds at test time.
if [ "$t" = x509 ]; then
    "${TEST_BIN_DIR:-build/tests}/test_x509" --seeds "$work" >/dev/null ||
        { echo "fuzz x509: test_x509 could not write the seeds"; echo "0 passed, 1 failed"; exit 1; }
fi
dict=
for d in "tests/fuzz_$t.dict" "tests/corpus/$t.dict"; do [ -f "$d" ] && dict=-dict=$d; done
pass=0 fail=0
if "$bin" -runs=0 -artifact_prefix="$art/" "$seeds" >"$art/replay.log" 2>&1; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "fuzz $t: a committed input fails:"; tail -n 20 "$art/replay.log"
fi
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -artifact_prefix="$art/" \
    $dict "$work" "$seeds" >"$art/run.log" 2>&1
runs=$(grep -o 'Done [0-9]* runs' "$art/run.log" | grep -o '[0-9]*' | tail -n 1)
crashes=$(find "$art" -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' | wc -l)
if [ "$crashes" -eq 0 ] && [ -n "$runs" ]; then
    pass=$((pass + 1))
    echo "# fuzz $t: $runs runs in $secs s, no crash"
else
    fail=$((fail + 1))
    echo "fuzz $t: ${runs:-?} runs, $crashes crash(es); inputs kept in $seeds:"
    for c in $(find "$art" -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*'); do
        # regress-<sha1>, the name tests/fuzz.mk gives them too
        keep=$seeds/regress-$(sha1sum <"$c" | cut -c1-40)
        cp "$c" "$keep"
        echo "  $keep"
    done
    grep -m 3 -E 'ERROR|SUMMARY' "$art/run.log"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
