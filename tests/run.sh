#!/bin/bash
# run.sh NAME... - everything `make test` runs, with one closing count:
#   1. the unit tests (build/tests/test_NAME), the integration suites
#      (integration.sh, commands.sh, faults.sh, tls_profiles.sh, sessions.sh) and the
#      soak test, on the normal build; then, once, interop.sh (the dynamic,
#      full static and lean static builds against OpenSSL, GnuTLS and Go),
#      install.sh and anchors.sh (a framec with trust anchors compiled in);
#      then cross.sh: the unit tests and integration.sh built for
#      TEST_ARCHES (armhf, s390x) and run under qemu-user; then
#      tests/mcu/run.sh: MCU_IMAGES, the unit tests and one signed HTTPS
#      exchange built for a Cortex-M4, on qemu-system-arm (tests/mcu.mk);
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. the same under valgrind memcheck (the dynamic build);
#   4. each fuzz target for FUZZ_SECONDS (30) on its corpus.
# Each program closes with "N passed, N failed"; the sum closes this one.
# A program that fails without a count, or a variant that reports memory
# errors, counts as one failure more.
cd "$(dirname "$0")/.." || exit 1
TOP=$PWD
total_pass=0 total_fail=0
out=$(mktemp) vglogs=$(mktemp -d)
trap 'rm -rf "$out" "$vglogs"' EXIT

. tests/suite.sh # suite NAME COMMAND...

# variant LABEL WRAPPER...: every unit test, suite and the soak test, with
# the wrapper (empty, or valgrind) in front of each test program.
variant() {
    local label=$1 bindir=$2 t
    shift 2
    for t in $NAMES; do
        # integration.sh runs these, with a server
        [ "$t" = client ] || [ "$t" = flows ] && continue
        suite "$label test_$t" "$@" "$bindir/test_$t"
    done
    export TEST_BIN_DIR=$bindir TEST_WRAP="$*"
    suite "$label integration" tests/integration.sh
    suite "$label commands" tests/commands.sh
    suite "$label faults" tests/faults.sh
    suite "$label tls profiles" tests/tls_profiles.sh
    suite "$label tls sessions" tests/sessions.sh
    suite "$label soak" tests/soak.sh
    unset TEST_BIN_DIR TEST_WRAP
}

NAMES="$*"
echo "== normal build"
FRAMEC=$TOP/framec variant "" build/tests
suite "interop" tests/interop.sh
suite "install" tests/install.sh
suite "anchors" tests/anchors.sh

echo "== other machines under qemu-user: ${TEST_ARCHES:-none}"
[ -n "${TEST_ARCHES:-}" ] && suite "cross ($TEST_ARCHES)" tests/cross.sh $TEST_ARCHES
echo "== a Cortex-M4 with no operating system, under qemu-system-arm"
[ -n "${MCU_IMAGES:-}" ] && suite "mcu (Cortex-M4)" tests/mcu/run.sh $MCU_IMAGES

echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
FRAMEC=$TOP/build/asan/framec SLACK_MS=1000 SOAK_REQUESTS=3000 SOAK_NO_RSS=1 \
    variant asan build/asan/tests

echo "== valgrind memcheck"
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --log-file=$vglogs/vg.%p"
FRAMEC=$TOP/tests/valgrind-framec.sh VG_LOG_DIR=$vglogs SLACK_MS=3000 SOAK_REQUESTS=1000 SOAK_NO_RSS=1 \
    variant memcheck build/tests $VG
reports=$(find "$vglogs" -type f -size +0 | wc -l)
if [ "$reports" -gt 0 ]; then
    echo "memcheck: $reports reports:"; cat "$vglogs"/* | head -n 60
    total_fail=$((total_fail + reports))
else
    echo "memcheck                           no errors reported"
fi

echo "== fuzzing, ${FUZZ_SECONDS:-30} s per target"
for t in ${FUZZ_TARGETS:-json}; do
    suite "fuzz $t" tests/fuzz.sh "$t" "${FUZZ_SECONDS:-30}"
done

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
