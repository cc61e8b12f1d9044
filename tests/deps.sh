#!/bin/sh
# deps.sh - make sure the Debian packages framec builds and tests with are
# here. As root it installs what is missing; otherwise it prints the exact
# apt-get line and stops.
PKGS="build-essential libbearssl-dev libjsmn-dev musl-tools openssl python3 faketime binutils
      clang libclang-rt-dev valgrind tinyproxy gnutls-bin golang-go curl pkgconf groff-base man-db"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
        { echo "deps: apt-get failed" >&2; exit 1; }
else
    echo "deps: missing packages. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
