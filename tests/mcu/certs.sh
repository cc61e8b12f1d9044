#!/bin/sh
# certs.sh OUT ANCHORS_TOOL - the test PKI as C for the Cortex-M images,
# made at build time (no key or certificate is ever committed):
#   OUT/pki/            tests/certs.sh's CA and localhost certificates
#   OUT/mcu_anchors.c   the CA as compiled-in trust anchors (framec-anchors,
#                       as a firmware would have them: mcu_anchors[])
#   OUT/mcu_certs.c     the server's certificate and key (DER), and
#                       mcu_cert_time, a time inside their validity: now
set -eu
out=$1 tool=$2
bash tests/certs.sh "$out/pki"
openssl x509 -in "$out/pki/ec.pem" -outform DER -out "$out/server.der"
openssl pkey -in "$out/pki/ec.key" -outform DER -out "$out/server.key.der"
"$tool" -n mcu_anchors -o "$out/mcu_anchors.c" "$out/pki/ca.pem"

carray() { # NAME FILE
    echo "const unsigned char $1[] = {"
    od -An -v -tx1 "$2" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
    echo "};"
    echo "const size_t $1_len = sizeof $1;"
}
{
    echo "/* Written by tests/mcu/certs.sh from $out/pki: test material only. */"
    echo "#include <stddef.h>"
    carray mcu_server_cert "$out/server.der"
    carray mcu_server_key "$out/server.key.der"
    echo "const long long mcu_cert_time = $(date +%s)LL;"
} >"$out/mcu_certs.c.tmp"
mv "$out/mcu_certs.c.tmp" "$out/mcu_certs.c"
