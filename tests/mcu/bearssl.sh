#!/bin/sh
# bearssl.sh OUT - BearSSL for the Cortex-M4, from Debian's own source package.
#
# Debian builds libbearssl-dev for Linux only; for a microcontroller this
# fetches the same source with `apt-get source bearssl` (hash-checked
# against the archive's signed Sources index, as apt does for packages)
# and compiles every file of it with arm-none-eabi-gcc. Nothing is
# downloaded from anywhere but the Debian archive this machine already uses,
# and the system's apt state is left untouched: a private sources list,
# lists and cache under OUT/apt.
#
# Writes OUT/inc (the headers) and OUT/libbearssl.a. The configuration for
# the target, given with -D (BearSSL's src/config.h switches):
#   BR_USE_UNIX_TIME=0, BR_USE_URANDOM=0 (and the Windows ones): no OS; the
#     port gives framec the time and the entropy, framec gives them to BearSSL;
#   BR_RDRAND=0, BR_AES_X86NI=0, BR_SSE2=0, BR_POWER8=0: not this CPU;
#   BR_LOMUL=0: the M4 has a one-cycle 32x32->64 multiply (UMULL), so the
#     i31/m31 arithmetic is the fast one (BearSSL's LOMUL is for the M0).
# -Os with sections, so the image keeps only what framec calls.
set -eu
out=$1
CC=${MCU_CC:-arm-none-eabi-gcc}
AR=${MCU_AR:-arm-none-eabi-ar}
FLAGS=${MCU_FLAGS:--mcpu=cortex-m4 -mthumb -mfloat-abi=soft -Os -ffunction-sections -fdata-sections}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ---- The source package -------------------------------------------------
if [ ! -f "$out/src/.unpacked" ]; then
    # The archive this machine installs from (deb822 or one-line sources),
    # and its release name.
    uri=$(sed -n 's/^URIs: *\([^ ]*debian\/*\)\( .*\)*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
    [ -n "$uri" ] || uri=$(sed -n 's/^deb  *\(\[[^]]*\] *\)*\([^ ]*debian\/*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
    [ -n "$uri" ] || uri=http://deb.debian.org/debian
    suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    apt="$out/apt"
    rm -rf "$apt" "$out/src"
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$out/src"
    echo "deb-src $uri $suite main" >"$apt/sources.list"
    set -- -o Dir::Etc::sourcelist="$apt/sources.list" -o Dir::Etc::sourceparts=- \
        -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o APT::Sandbox::User=root
    echo "mcu: apt-get source bearssl (deb-src $uri $suite)"
    apt-get "$@" -qq update ||
        { echo "mcu: cannot read the Sources index of $uri $suite" >&2; exit 1; }
    (cd "$out/src" && apt-get "$@" -qq source bearssl >/dev/null) ||
        { echo "mcu: apt-get source bearssl failed (dpkg-dev installed?)" >&2; exit 1; }
    touch "$out/src/.unpacked"
fi
top=$(find "$out/src" -mindepth 1 -maxdepth 1 -type d -name 'bearssl-*' | head -n 1)
[ -n "$top" ] && [ -f "$top/inc/bearssl.h" ] ||
    { echo "mcu: no BearSSL source under $out/src" >&2; exit 1; }

# ---- The archive ----------------------------------------------------------
rm -rf "$out/inc"
cp -R "$top/inc" "$out/inc"
objdir="$out/obj"
rm -rf "$objdir"
mkdir -p "$objdir"
DEFS="-DBR_USE_UNIX_TIME=0 -DBR_USE_WIN32_TIME=0 -DBR_USE_URANDOM=0 -DBR_USE_WIN32_RAND=0
      -DBR_RDRAND=0 -DBR_AES_X86NI=0 -DBR_SSE2=0 -DBR_POWER8=0 -DBR_LOMUL=0"
export CC FLAGS DEFS top objdir
# Two at a time: CI machines have two cores.
(cd "$top" && find src -name '*.c' | sort) |
    xargs -P 2 -n 16 sh -c 'for f; do
        o="$objdir/$(echo "$f" | sed "s|^src/||; s|/|_|g; s|\.c$|.o|")"
        $CC $FLAGS $DEFS -I"$top/inc" -I"$top/src" -c "$top/$f" -o "$o" || exit 255
    done' sh
rm -f "$out/libbearssl.a"
"$AR" rcs "$out/libbearssl.a" "$objdir"/*.o
echo "mcu: $out/libbearssl.a ($(ls "$objdir" | wc -l) objects, $(basename "$top"))"
