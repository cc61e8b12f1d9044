# suite.sh - sourced by run.sh and cross.sh: suite NAME COMMAND... runs a
# test program or script, prints its failures and its closing count, and
# adds the count to total_pass and total_fail (a program that exits non-zero
# with no failure counted, or prints no count, is one failure more). The
# caller sets total_pass=0 total_fail=0 and out (a scratch file).
suite() {
    local name=$1 rc last p f
    shift
    "$@" >"$out" 2>&1; rc=$?
    grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | grep -v '^# ' | tail -n 40
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    if [ -z "$last" ]; then
        printf '%-34s FAILED: no closing count (exit %d)\n' "$name" "$rc"
        total_fail=$((total_fail + 1))
        return
    fi
    p=${last%% passed*}; f=${last#*, }; f=${f%% failed*}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
    printf '%-34s %s\n' "$name" "$last"
}

