#!/bin/bash
# tls_profiles.sh - the TLS profiles over real TLS on 127.0.0.1:
#   - the lean static build (TLS_PROFILE=lean) talks to ECDSA (P-256 and
#     P-384) and RSA servers, and refuses what it leaves out (a P-521 server
#     key) where the full build succeeds;
#   - both builds put AES-GCM first exactly when the CPU has AES
#     instructions (the server logs the suite it negotiated);
#   - the small-RAM profile (--tls-max-fragment) asks for the fragment
#     length, carries large bodies intact, and names the failure when a
#     server ignores it (tests/mfl_server.c).
# Prints one line per failed check and closes with "N passed, N failed".
. "$(dirname "$0")/lib.sh"
make_certs
CA=$CERTS/ca.pem
LEAN=$TOP/build/static/lean/framec
FULL=$TOP/build/static/full/framec
for b in "$LEAN" "$FULL"; do
    [ -x "$b" ] || { echo "missing $b (make static and make TLS_PROFILE=lean build/static/lean/framec)"; exit 1; }
done

# Server keys on P-384 (in both profiles) and P-521 (full only), signed
# by the test CA.
printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n' >"$WORK/leaf.ext"
for c in 384 521; do
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-$c -nodes -subj /CN=localhost \
        -keyout "$CERTS/p$c.key" -out "$WORK/p$c.csr" 2>/dev/null &&
        openssl x509 -req -in "$WORK/p$c.csr" -CA "$CA" -CAkey "$CERTS/ca.key" -CAcreateserial \
            -days 2 -sha256 -extfile "$WORK/leaf.ext" -out "$CERTS/p$c.pem" 2>/dev/null ||
        { echo "could not make the P-$c certificate"; exit 1; }
done

start_api ec ec
start_api rsa rsa
start_api p384 p384
start_api p521 p521
start_api big ec --accounts 400
start_api order ec --client-order

# ---- The lean profile ------------------------------------------------------
for srv in ec rsa; do
    port=PORT_$srv
    url=https://localhost:${!port}/v1
    "$PY" "$TOP/tests/fetch.py" "$CA" "$url/accounts" >"$WORK/ref" || echo "reference fetch failed"
    FRAMEC=$LEAN fc --url "$url" --cacert "$CA" get /accounts
    ok "lean, $srv server: exit 0 ($ERR)" [ "$RC" -eq 0 ]
    ok "lean, $srv server: body identical to the reference client's" cmp -s "$OUT" "$WORK/ref"
done
"$PY" "$TOP/tests/fetch.py" "$CA" "https://localhost:$PORT_p384/v1/accounts" >"$WORK/ref" ||
    echo "reference fetch failed"
for b in "$FULL" "$LEAN"; do
    FRAMEC=$b fc --url "https://localhost:$PORT_p384/v1" --cacert "$CA" get /accounts
    ok "$(basename "$(dirname "$b")"), P-384 server: exit 0 ($ERR)" [ "$RC" -eq 0 ]
    ok "$(basename "$(dirname "$b")"), P-384 server: body identical" cmp -s "$OUT" "$WORK/ref"
done
FRAMEC=$FULL fc --url "https://localhost:$PORT_p521/v1" --cacert "$CA" get /accounts
ok "full, P-521 server: exit 0 ($ERR)" [ "$RC" -eq 0 ]
# The lean build does not offer P-521, so an OpenSSL server will not
# present the certificate at all.
FRAMEC=$LEAN expect_fail "lean, P-521 server" 5 "no cipher suite or curve this build has" \
    --url "https://localhost:$PORT_p521/v1" --cacert "$CA" get /accounts

# ---- Suite order: AES-GCM first with AES instructions, else ChaCha20 -------
# (a server that follows the client's order, as nginx does by default)
if grep -qw aes /proc/cpuinfo; then want=GCM; else want=CHACHA20; fi
for b in "$LEAN" "$FULL" "$FRAMEC"; do
    : >"$WORK/order.log"
    FRAMEC=$b fc --url "https://localhost:$PORT_order/v1" --cacert "$CA" get /accounts
    got=$(sed -n 's/.*"cipher":"\([^"]*\)".*/\1/p' "$WORK/order.log" | tail -n 1)
    ok "$(basename "$(dirname "$b")")/$(basename "$b"): negotiated $got, want *$want* (exit $RC)" \
        sh -c "[ $RC -eq 0 ] && case '$got' in *$want*) true ;; *) false ;; esac"
done

# ---- The small-RAM profile: max_fragment_length ------------------------------
"$PY" "$TOP/tests/fetch.py" "$CA" "https://localhost:$PORT_big/v1/accounts" >"$WORK/big.ref"
for frag in 512 1024 2048 4096; do
    fc --tls-max-fragment "$frag" --url "https://localhost:$PORT_big/v1" --cacert "$CA" get /accounts
    ok "--tls-max-fragment $frag: exit 0 ($ERR)" [ "$RC" -eq 0 ]
    ok "--tls-max-fragment $frag: a body of many records arrives intact" cmp -s "$OUT" "$WORK/big.ref"
done
ok "the large body really spans many 512-byte records" [ "$(wc -c <"$WORK/big.ref")" -gt 65536 ]
expect_fail "--tls-max-fragment 3000" 2 "512, 1024, 2048 or 4096" \
    --tls-max-fragment 3000 --url "https://localhost:$PORT_ec/v1" --cacert "$CA" get /accounts

# What the ClientHello asks for: a listener that records its
# max_fragment_length extension (the RFC 6066 code, or none) and hangs up.
cat >"$WORK/hello_mfl.py" <<'EOF'
import os, socket, struct, sys
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(4)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(ls.getsockname()[1]))
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, _ = ls.accept()
    c.settimeout(5)
    data = b""
    try:
        while len(data) < 5 or len(data) < 5 + struct.unpack(">H", data[3:5])[0]:
            chunk = c.recv(4096)
            if not chunk:
                break
            data += chunk
        hello = data[5:]
        # handshake header 4, version 2, random 32, then session id,
        # cipher suites, compression methods, extensions
        i = 4 + 2 + 32
        i += 1 + hello[i]
        i += 2 + struct.unpack(">H", hello[i:i + 2])[0]
        i += 1 + hello[i]
        end = i + 2 + struct.unpack(">H", hello[i:i + 2])[0]
        i += 2
        mfl = "none"
        while i + 4 <= end:
            t, n = struct.unpack(">HH", hello[i:i + 4])
            if t == 1:
                mfl = str(hello[i + 4])
            i += 4 + n
        with open(sys.argv[2], "a") as f:
            f.write(mfl + "\n")
    except Exception as e:
        print("hello_mfl:", e, file=sys.stderr)
    c.close()
EOF
"$PY" "$WORK/hello_mfl.py" "$WORK/hello.port" "$WORK/mfl.log" 2>"$WORK/hello.err" &
PIDS+=($!)
for i in $(seq 100); do [ -s "$WORK/hello.port" ] && break; sleep 0.1; done
HELLO=(--retries 0 --url "https://localhost:$(cat "$WORK/hello.port")/v1" --cacert "$CA")
for frag in 1024 0 512 4096; do
    if [ "$frag" = 0 ]; then
        fc "${HELLO[@]}" get /accounts
    else
        fc --tls-max-fragment "$frag" "${HELLO[@]}" get /accounts
    fi
done
# RFC 6066 codes: 1 = 2^9, 2 = 2^10, 3 = 2^11, 4 = 2^12.
ok "ClientHellos asked for 1024, none, 512, 4096: $(tr '\n' ' ' <"$WORK/mfl.log")" \
    [ "$(tr '\n' ' ' <"$WORK/mfl.log")" = "2 none 1 4 " ]

# A server that sends 16 KiB records whatever was asked (tests/mfl_server.c).
"$TOP/build/tests/mfl_server" "$CERTS/ec.pem" "$CERTS/ec.key" "$WORK/mfl.port" 2>"$WORK/mfl.err" &
PIDS+=($!)
for i in $(seq 100); do [ -s "$WORK/mfl.port" ] && break; sleep 0.1; done
IGN=(--retries 0 --url "https://localhost:$(cat "$WORK/mfl.port")/v1" --cacert "$CA")
fc "${IGN[@]}" get /accounts
ok "full-size buffer: the record-ignoring server's body arrives (exit $RC, $ERR)" \
    sh -c "[ $RC -eq 0 ] && [ \$(wc -c <'$OUT') -ge 10002 ]"
for frag in 1024 4096; do
    expect_fail "--tls-max-fragment $frag, server ignores it" 5 "ignored max_fragment_length" \
        --tls-max-fragment "$frag" "${IGN[@]}" get /accounts
done

finish
