#!/bin/bash
# cross.sh ARCH... - framec built for other Linux machines (tests/cross.mk),
# run here under qemu-user against the local Frame API on loopback:
#   - every unit test (test_client and test_flows inside integration.sh);
#   - integration.sh with that machine's command and its static musl
#     binary (make static ARCH=...), which makes signed calls;
#   - with CROSS_SUITES=all (make test-cross), commands.sh and faults.sh;
#   - the clock past 2038: tests/clock_shift.c makes the wall clock read
#     2040-01-01 (and the 32-bit time_t entry fail as glibc's would), and
#     the command must sign with that time, checked against openssl.
# Prints a count per suite and closes with the sum.
cd "$(dirname "$0")/.." || exit 1
TOP=$PWD
total_pass=0 total_fail=0
out=$(mktemp) work=$(mktemp -d)
trap 'rm -rf "$out" "$work"' EXIT
. tests/suite.sh

# After 2038-01-19 03:14:07 UTC a 32-bit time_t no longer holds the time.
AT_2040=2208988800

# clock_2040 ARCH: a small suite of its own, with its closing count.
clock_2040() {
    local a=$1 x=$TOP/build/cross/$1 got want pass=0 fail=0 qemu
    qemu=$(sed -n 's/^exec \([^ ]*\) .*/\1/p' "$x/run")
    got=$(FRAME_CLIENT_ID=kiosk-7 FRAME_CLIENT_SECRET=not-a-real-secret \
        "$qemu" -E LD_PRELOAD="$x/clock_shift.so" -E FC_CLOCK_AT=$AT_2040 "$x/framec.elf" sign)
    want=$(printf '%s' "${AT_2040}kiosk-7" | openssl dgst -sha256 -hmac not-a-real-secret | sed 's/.*= //')
    check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok $a: $*"; fi; }
    check grep -qx "X-Frame-Timestamp: $AT_2040" <<<"$got"
    check grep -qx "X-Frame-Signature: $want" <<<"$got"
    # (Built without _TIME_BITS=64, port/posix.c would not compile; forced
    # to, the shim's EOVERFLOW made it sign with a timestamp of 0.)
    echo "$pass passed, $fail failed"
}

for a in "$@"; do
    x=$TOP/build/cross/$a
    [ -x "$x/framec" ] || { echo "cross $a: not built (make cross-$a)"; total_fail=$((total_fail + 1)); continue; }
    echo "== $a (qemu-user)"
    for t in "$x"/tests/test_*; do
        case $t in *.o | */test_client | */test_flows) continue ;; esac
        suite "$a ${t##*/}" "$x/run" "$t"
    done
    # The static binary, through the same wrapper as the dynamic one.
    printf '#!/bin/sh\nexec %s %s "$@"\n' "$(sed -n 's/^exec \([^ ]*\) .*/\1/p' "$x/run")" \
        "$TOP/build/static-$a/framec" >"$work/static-$a"
    chmod +x "$work/static-$a"
    export FRAMEC=$x/framec TEST_BIN_DIR=$x/tests TEST_WRAP=$x/run \
        STATIC=$work/static-$a STATIC_ELF=$TOP/build/static-$a/framec SLACK_MS=2000
    suite "$a integration" tests/integration.sh
    if [ "${CROSS_SUITES:-}" = all ]; then
        suite "$a commands" tests/commands.sh
        suite "$a faults" tests/faults.sh
    fi
    unset FRAMEC TEST_BIN_DIR TEST_WRAP STATIC STATIC_ELF SLACK_MS
    suite "$a clock past 2038" clock_2040 "$a"
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
