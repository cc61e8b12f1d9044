#!/bin/bash
# sizes.sh - the binary size rows of `make bench`: the stripped static musl
# framec for x86-64, armhf and arm64 in both TLS profiles, each against the
# targets of issue 12 (lean at most 150 KB = 153,600 B on every machine,
# full at most 180 KB = 184,320 B on x86-64; the full ARM binaries have no
# target and are shown for comparison), and where the x86-64 bytes go, from
# a link map of the same objects and flags.
#
# bench.sh sources this (its row, detail, verdict, kb, $PY and $BB); run
# alone (bash tests/bench/sizes.sh, about a minute from clean) it builds the
# six binaries and prints just these rows. Builds are the Makefile's own
# (make ARCH=... TLS_PROFILE=... build/static[-ARCH]/PROFILE/framec), so the
# sizes are what `make static` ships. A machine without a cross compiler
# gets a skipped row saying what to install (tests/deps.sh does it as root).
SIZES_ALONE=0
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    SIZES_ALONE=1
    set -u
    cd "$(dirname "$0")/../.." || exit 1
    TOP=$PWD MAKE=${MAKE:-make} PY=${PYTHON:-python3} BB=$PWD/build/bench
    mkdir -p "$BB"
    NAMES=() FRAMECS=() RATIOS=() TARGETS=() RESULTS=() DETAILS=()
    row() { NAMES+=("$1"); FRAMECS+=("$2"); RATIOS+=("$4"); TARGETS+=("$5"); RESULTS+=("$6"); }
    detail() { DETAILS+=("$*"); }
    verdict() { if "$@"; then echo MET; else echo "NOT MET"; fi; }
    kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
fi

LEAN_TARGET=153600 # 150 KB, every machine
FULL_TARGET=184320 # 180 KB, x86-64

# size_row ARCH PROFILE LABEL: builds one binary and adds its row.
size_row() {
    local arch=$1 prof=$2 label=$3 dir bin log target="" limit size why
    dir=build/static${arch:+-$arch}
    bin=$TOP/$dir/$prof/framec
    log=$BB/size-${arch:-x86_64}-$prof.log
    case $prof in
    lean) limit=$LEAN_TARGET target="<=150 KB" ;;
    full) [ -z "$arch" ] && limit=$FULL_TARGET target="<=180 KB" ;;
    esac
    if ! $MAKE --no-print-directory -C "$TOP" ARCH="$arch" TLS_PROFILE="$prof" "$dir/$prof/framec" >"$log" 2>&1; then
        why="skipped: make static ARCH=$arch failed (tests/deps.sh installs gcc-${label%% *}, musl-dev:$arch, libbearssl-dev:$arch; see $log)"
        [ -z "$arch" ] && why="build failed: see $log"
        row "binary size, $label, $prof TLS profile" "-" "-" "-" "${target:--}" "$why"
        return
    fi
    size=$(stat -c %s "$bin")
    if [ -n "$target" ]; then
        row "binary size, $label, $prof TLS profile" "$size B ($(kb "$size"))" "-" \
            "$(awk -v s="$size" -v t="$limit" 'BEGIN { d = s - t; printf "%d B %s the target", (d < 0 ? -d : d), (d > 0 ? "over" : "under") }')" \
            "$target" "$(verdict [ "$size" -le "$limit" ])"
    else
        row "binary size, $label, $prof TLS profile" "$size B ($(kb "$size"))" "-" "-" "- (for comparison)" "-"
    fi
    detail "binary size, $label, $prof: $(size -A "$bin" | awk '$1 ~ /^\./ && $1 != ".bss" && $1 != ".tbss" && $2 > 0 && $3 > 0 { printf "%s%s %d", s, $1, $2; s = ", " }') (loaded sections; the file adds headers and alignment)"
}

size_row "" full "x86-64"
size_row "" lean "x86-64"
size_row armhf full "arm-linux-gnueabihf (armhf)"
size_row armhf lean "arm-linux-gnueabihf (armhf)"
size_row arm64 full "aarch64-linux-gnu (arm64)"
size_row arm64 lean "aarch64-linux-gnu (arm64)"

# Where the x86-64 bytes go: the full binary relinked with a map, from the
# Makefile's objects, BearSSL copy and link flags (make static-ldflags).
STATIC_FULL=$TOP/build/static/full/framec
LDF=$($MAKE --no-print-directory -s -C "$TOP" static-ldflags 2>/dev/null)
if [ -x "$STATIC_FULL" ] &&
    musl-gcc -static -Wl,--gc-sections $LDF -Wl,-Map="$BB/framec.map" -o "$BB/framec.unstripped" \
        $(find "$TOP/build/musl/full" -name '*.o' | sort) "$TOP/build/bearssl/libbearssl.a" >"$BB/size-map.log" 2>&1; then
    strip -o "$BB/framec.restripped" "$BB/framec.unstripped" 2>/dev/null
    re=$(stat -c %s "$BB/framec.restripped" 2>/dev/null || echo 0)
    [ "$re" = "$(stat -c %s "$STATIC_FULL")" ] ||
        detail "binary size: note: the relink strips to $re B, not $(stat -c %s "$STATIC_FULL") B; breakdown approximate"
    BREAKDOWN=$("$PY" "$TOP/tests/bench/map_origins.py" "$BB/framec.map")
    while IFS= read -r l; do detail "binary size (x86-64 full): $l"; done <<<"$BREAKDOWN"
    detail "binary size (x86-64 full): largest symbols, bytes (nm --size-sort, no bss): $(nm --size-sort -S -r -t d "$BB/framec.unstripped" |
        awk '$3 !~ /^[bB]$/ { printf "%s%s %d", s, $4, $2; s = ", "; if (++n == 20) exit }')"
fi

if [ "$SIZES_ALONE" = 1 ]; then
    echo "| row | framec | ratio | target | result |"
    echo "|---|---|---|---|---|"
    for i in "${!NAMES[@]}"; do
        echo "| ${NAMES[$i]} | ${FRAMECS[$i]} | ${RATIOS[$i]} | ${TARGETS[$i]} | ${RESULTS[$i]} |"
    done
    echo
    for d in "${DETAILS[@]}"; do echo "  - $d"; done
fi
