#!/bin/sh
# deps.sh - make sure the Debian packages framec builds and tests with are
# here. As root it installs what is missing; otherwise it prints the exact
# apt-get line and stops.
PKGS="build-essential libbearssl-dev libjsmn-dev musl-tools openssl python3 faketime binutils
      clang libclang-rt-dev valgrind tinyproxy gnutls-bin golang-go curl pkgconf groff-base man-db"
# Other machines (tests/cross.mk, make static ARCH=...): Debian's cross
# compilers and their glibc headers (libc6-dev-ARCH-cross: only recommended
# by the compilers, so --no-install-recommends leaves it out), that
# machine's musl and BearSSL (multiarch), qemu-user; the
# Cortex-M build (tests/mcu.mk): arm-none-eabi with newlib, qemu-system-arm,
# and dpkg-dev to unpack BearSSL's Debian source package.
ARCHES="armhf arm64 s390x"
PKGS="$PKGS gcc-arm-linux-gnueabihf gcc-aarch64-linux-gnu gcc-s390x-linux-gnu qemu-user-static
      libc6-dev-armhf-cross libc6-dev-arm64-cross libc6-dev-s390x-cross
      gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm dpkg-dev"
for a in $ARCHES; do PKGS="$PKGS libbearssl-dev:$a musl-dev:$a"; done
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    for a in $ARCHES; do
        dpkg --print-foreign-architectures | grep -qx "$a" || dpkg --add-architecture "$a" ||
            { echo "deps: dpkg --add-architecture $a failed" >&2; exit 1; }
    done
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
        { echo "deps: apt-get failed" >&2; exit 1; }
else
    echo "deps: missing packages. Run:" >&2
    for a in $ARCHES; do echo "  sudo dpkg --add-architecture $a" >&2; done
    echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
