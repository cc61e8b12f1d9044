#!/bin/bash
# anchors.sh - trust anchors compiled in (make ANCHORS=bundle.pem): what
# framec-anchors writes is what --cacert would load, and a framec built
# with it verifies with no CA file. Everything it builds goes into its
# scratch folder: ./framec and build/static/framec stay as they are.
# Closes with "N passed, N failed".
. "$(dirname "$0")/lib.sh"
make_certs
CA=$CERTS/ca.pem
TOOL=$TOP/build/tools/framec-anchors
A=$WORK/anchored

# ---- The generated C, byte for byte ------------------------------------------
# Several CAs: the test CA and the other CA (ECDSA P-256), an RSA-2048 and
# an ECDSA P-384 root made here.
for k in rsa:rsa:2048 p384:ec:secp384r1; do
    IFS=: read -r n alg arg <<<"$k"
    if [ "$alg" = rsa ]; then opt=(-newkey rsa:"$arg"); else opt=(-newkey ec -pkeyopt ec_paramgen_curve:"$arg"); fi
    openssl req -x509 "${opt[@]}" -nodes -keyout "$WORK/$n.key" -out "$WORK/$n-root.pem" -days 30 \
        -subj "/CN=framec anchors test $n" -addext basicConstraints=critical,CA:true \
        >/dev/null 2>&1 || echo "openssl could not make the $n root"
done
cat "$CA" "$WORK/rsa-root.pem" "$CERTS/other-ca.pem" "$WORK/p384-root.pem" >"$WORK/bundle.pem"
ok "framec-anchors exists (make all builds it)" [ -x "$TOOL" ]
"$TOOL" -o "$WORK/ta.c" "$WORK/bundle.pem" 2>"$ERRF"
ok "framec-anchors writes C: exit $? ($(cat "$ERRF"))" [ -s "$WORK/ta.c" ]
ok "the C holds four anchors" grep -q 'fc_builtin_anchors_count = 4;' "$WORK/ta.c"
"$TOOL" -n my_roots "$WORK/bundle.pem" >"$WORK/named.c"
ok "-n names the list, to stdout without -o" grep -q '^const br_x509_trust_anchor my_roots\[4\]' "$WORK/named.c"
cc -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror -I"$TOP/src" -I"$TOP/port" \
    -I"$TOP/tests" -o "$WORK/anchors_same" "$TOP/tests/anchors_same.c" "$WORK/ta.c" \
    "$TOP/libframec.a" -lbearssl 2>"$ERRF"
ok "the generated C compiles warning-free into a test program ($(head -c 300 "$ERRF"))" [ -x "$WORK/anchors_same" ]
"$WORK/anchors_same" "$WORK/bundle.pem" >"$WORK/same.out" 2>&1
grep -v -E '^[0-9]+ passed' "$WORK/same.out"
line=$(tail -n 1 "$WORK/same.out")
p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
case $p$f in *[!0-9]*|'') echo "not ok anchors_same printed no count"; FAIL=$((FAIL + 1)) ;;
*) PASS=$((PASS + p)); FAIL=$((FAIL + f)) ;; esac
printf -- '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n' >"$WORK/bad.pem"
"$TOOL" -o "$WORK/bad.c" "$WORK/bad.pem" 2>"$ERRF"; rc=$?
ok "framec-anchors refuses a corrupt bundle: exit $rc, $(cat "$ERRF")" \
    eval '[ $rc -eq 1 ] && grep -q "not valid PEM" "$ERRF"'
"$TOOL" -o "$WORK/none.c" "$WORK/nope.pem" 2>"$ERRF"; rc=$?
ok "framec-anchors: a missing bundle is exit 1 ($(cat "$ERRF"))" [ $rc -eq 1 ]

# ---- What framec-anchors drops: what --cacert would, as of its run ---------
# expired.pem is a CA-less leaf valid 2020-01-01..2020-06-01: as a root it
# is expired today and good at SOURCE_DATE_EPOCH 1580000000 (2020-01-26).
openssl req -x509 -newkey rsa:1024 -nodes -keyout "$WORK/weak.key" -out "$WORK/weak-root.pem" -days 30 \
    -subj "/CN=framec anchors test weak" -addext basicConstraints=critical,CA:true \
    >/dev/null 2>&1 || echo "openssl could not make the RSA-1024 root"
cat "$CA" "$CERTS/expired.pem" >"$WORK/with-expired.pem"
"$TOOL" -o "$WORK/exp.c" "$WORK/with-expired.pem" 2>"$ERRF"; rc=$?
ok "framec-anchors drops a root expired now: exit $rc, one anchor left" \
    eval '[ $rc -eq 0 ] && grep -q "fc_builtin_anchors_count = 1;" "$WORK/exp.c"'
ok "framec-anchors says what it dropped ($(cat "$ERRF"))" \
    grep -qx 'framec-anchors: 1 trust anchors, 1 dropped (1 expired, 0 with RSA below 2048 bits)' "$ERRF"
SOURCE_DATE_EPOCH=1580000000 "$TOOL" -o "$WORK/exp2020.c" "$WORK/with-expired.pem" 2>"$ERRF"; rc=$?
ok "SOURCE_DATE_EPOCH is the time: in January 2020 both are kept, nothing said (exit $rc, '$(cat "$ERRF")')" \
    eval '[ $rc -eq 0 ] && [ ! -s "$ERRF" ] && grep -q "fc_builtin_anchors_count = 2;" "$WORK/exp2020.c"'
cat "$WORK/weak-root.pem" "$WORK/rsa-root.pem" >"$WORK/with-weak.pem"
"$TOOL" -o "$WORK/weak.c" "$WORK/with-weak.pem" 2>"$ERRF"; rc=$?
ok "framec-anchors drops an RSA-1024 root (exit $rc, $(cat "$ERRF"))" \
    eval '[ $rc -eq 0 ] && grep -q "fc_builtin_anchors_count = 1;" "$WORK/weak.c" && grep -q "(0 expired, 1 with RSA below 2048 bits)" "$ERRF"'
"$TOOL" -o "$WORK/onlyexp.c" "$CERTS/expired.pem" 2>"$ERRF"; rc=$?
ok "framec-anchors: a bundle with nothing usable is exit 1 ($(cat "$ERRF"))" \
    eval '[ $rc -eq 1 ] && grep -q "every certificate was dropped" "$ERRF"'
for bad in 12x -5 99999999999999999999; do
    SOURCE_DATE_EPOCH=$bad "$TOOL" -o "$WORK/sde.c" "$CA" 2>"$ERRF"; rc=$?
    ok "framec-anchors: SOURCE_DATE_EPOCH=$bad is exit 1 ($(cat "$ERRF"))" \
        eval '[ $rc -eq 1 ] && grep -q "SOURCE_DATE_EPOCH" "$ERRF"'
done

# ---- A framec with the test CA compiled in -----------------------------------
make -s --no-print-directory -C "$TOP" ANCHORS="$CA" ANCHORS_DIR="$A" "$A/framec" >"$WORK/make.log" 2>&1
ok "make ANCHORS=ca.pem builds $A/framec ($(tail -n 3 "$WORK/make.log"))" [ -x "$A/framec" ]
start_api ec ec
start_api untrusted untrusted
U=https://localhost:$PORT_ec/v1
FRAMEC=$A/framec fc -v --url "$U" get /customers/
ok "compiled-in CA: verifies the local API with no --cacert and no SSL_CERT_FILE ($ERR)" [ "$RC" -eq 0 ]
ok "compiled-in CA: -v says so" has '^\* CA: 1 compiled-in trust anchors$'
FRAMEC=$A/framec expect_fail "compiled-in CA: a server it did not sign" 5 "not signed by a trusted CA" \
    --url "https://localhost:$PORT_untrusted/v1" get /customers/
FRAMEC=$A/framec fc --url "https://localhost:$PORT_untrusted/v1" --cacert "$CERTS/other-ca.pem" get /customers/
ok "--cacert overrides the compiled-in CA: its server passes ($ERR)" [ "$RC" -eq 0 ]
FRAMEC=$A/framec expect_fail "--cacert overrides the compiled-in CA: the compiled-in one is not used" 5 \
    "not signed by a trusted CA" --url "$U" --cacert "$CERTS/other-ca.pem" get /customers/
SSL_CERT_FILE=$CERTS/other-ca.pem FRAMEC=$A/framec fc -v --url "https://localhost:$PORT_untrusted/v1" get /customers/
ok "SSL_CERT_FILE overrides the compiled-in CA ($ERR)" [ "$RC" -eq 0 ]
ok "SSL_CERT_FILE: -v names the bundle" has "CA bundle '$CERTS/other-ca.pem'"
FRAMEC=$A/framec fc --url "$U" --pinnedpubkey "sha256//$(openssl x509 -in "$CERTS/ec.pem" -pubkey -noout |
    openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | base64)" get /customers/
ok "compiled-in CA and a pin together ($ERR)" [ "$RC" -eq 0 ]
# Without ANCHORS nothing changes: the tree's framec reads the default bundle.
fc -v --url "$U" get /customers/
ok "./framec has no compiled-in anchors: the default bundle, which lacks the test CA (exit $RC)" \
    eval '[ "$RC" -eq 5 ] && has "CA bundle ./etc/ssl/certs/ca-certificates.crt."'

finish
