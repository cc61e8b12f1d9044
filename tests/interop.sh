#!/bin/bash
# interop.sh - framec against three independent TLS servers, on 127.0.0.1:
#   openssl   OpenSSL's s_server -HTTP (a file holds the whole response)
#   gnutls    GnuTLS's gnutls-serv --http --httpdata (it adds the head), kept
#             on loopback by tests/interop_bind.c
#   go        Go's crypto/tls (tests/interop_server.go, built here)
# with every certificate shape of tests/interop_certs.sh and a few server
# policies (TLS 1.3 only, cipher suites or curves a build lacks), each run
# with three builds: the dynamic framec, the full static and the lean static.
# A good shape must give exit 0 and the served body; a bad one exit 5 and
# the one line that names its defect. Cells are SERVER/SHAPE/BUILD.
#
# INTEROP_ONLY=REGEX runs only the SERVER/SHAPE pairs it matches (grep -E);
# INTEROP_VERBOSE=1 prints a "# cell" line for each cell, passed or not.
# Prints one line per failed check and closes with "N passed, N failed".
. "$(dirname "$0")/lib.sh"
unset no_proxy NO_PROXY

declare -A BUILD=([dynamic]=$TOP/framec [full]=$TOP/build/static/full/framec
    [lean]=$TOP/build/static/lean/framec)
BUILDS="dynamic full lean"
for b in $BUILDS; do
    [ -x "${BUILD[$b]}" ] || {
        echo "missing ${BUILD[$b]} (make all, make static, make TLS_PROFILE=lean build/static/lean/framec)"
        exit 1
    }
done
for t in openssl gnutls-serv go cc; do
    command -v "$t" >/dev/null || { echo "missing $t (tests/deps.sh installs it)"; exit 1; }
done

IC=$WORK/interop
bash "$TOP/tests/interop_certs.sh" "$IC" || { echo "interop_certs.sh failed"; exit 1; }

# The Go server, offline: the standard library only, caches under build/.
GOSRV=$WORK/interop_server
mkdir -p "$TOP/build/go"
GOCACHE=$TOP/build/go/cache GOPATH=$TOP/build/go/path GO111MODULE=off GOFLAGS='' GOPROXY=off \
    go build -o "$GOSRV" "$TOP/tests/interop_server.go" 2>"$WORK/go-build.err" ||
    { echo "go build interop_server.go failed:"; cat "$WORK/go-build.err"; exit 1; }
SHIM=$WORK/interop_bind.so
cc -std=gnu99 -Wall -Wextra -Wshadow -Wconversion -Werror -O2 -shared -fPIC \
    -o "$SHIM" "$TOP/tests/interop_bind.c" -ldl 2>"$WORK/shim.err" ||
    { echo "cc interop_bind.c failed:"; cat "$WORK/shim.err"; exit 1; }

# Each server answers with its own name, so a body also says who served it.
for s in openssl gnutls go; do
    printf '{"server":"%s","accounts":[{"id":"interop"}]}' "$s" >"$WORK/body.$s"
done
# s_server -HTTP sends the file named by the path, relative to its folder,
# as the whole response: status line and head included.
mkdir -p "$WORK/www/v1"
{
    printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n'
    printf 'Content-Length: %d\r\n\r\n' "$(wc -c <"$WORK/body.openssl")"
    cat "$WORK/body.openssl"
} >"$WORK/www/v1/accounts"

# wait_port FILE: up to 10 s for the server to write its port there (Go and
# the shim: the number; s_server: "ACCEPT 127.0.0.1:PORT", after other
# lines; a line counts once its newline is there); sets SPORT.
wait_port() {
    local _ num='s/^\([0-9][0-9]*\)$/\1/p' accept='s/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p'
    SPORT=
    for _ in $(seq 100); do
        if [ -s "$1" ] && [ -z "$(tail -c 1 "$1")" ]; then
            SPORT=$(sed -n "$accept; t; $num" "$1")
            [ -n "$SPORT" ] && return 0
        fi
        kill -0 "$SPID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# The CONNECT proxy that takes any host name to 127.0.0.1 (the wildcard
# shape's api.test.example resolves nowhere).
"$GOSRV" -proxy -port-file "$WORK/proxy.port" 2>"$WORK/proxy.log" &
SPID=$!
PIDS+=("$SPID")
wait_port "$WORK/proxy.port" || { echo "the CONNECT proxy did not start"; cat "$WORK/proxy.log"; exit 1; }
PROXY=http://localhost:$SPORT

# Server options for each policy a cell may ask for (- is the default):
#   weak      the server must accept its own weak certificate
#   tls13     TLS 1.3 only
#   rsakx     only RSA key exchange (the lean build has ECDHE only)
#   nosuite   only suites no build has: DHE (OpenSSL), Camellia (GnuTLS), RC4 (Go)
#   curve384  ECDHE on P-384 only (both builds offer it)
#   curve521  ECDHE on P-521 only (the lean build has P-256, P-384, X25519)
openssl_policy() {
    case $1 in
    -) ;;
    # Debian's SECLEVEL 2: "ee key too small" (RSA-1024), "ca md too weak" (SHA-1)
    weak) echo "-cipher DEFAULT:@SECLEVEL=0" ;;
    tls13) echo "-tls1_3" ;;
    rsakx) echo "-tls1_2 -cipher AES128-GCM-SHA256" ;;
    nosuite) echo "-tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384" ;;
    curve384) echo "-tls1_2 -cipher ECDHE -groups P-384" ;;
    curve521) echo "-tls1_2 -cipher ECDHE -groups P-521" ;;
    esac
}
gnutls_policy() {
    case $1 in
    - | weak) ;;
    # (with -VERS-ALL:+VERS-TLS1.3 it answers TLS 1.2 with handshake_failure,
    # not protocol_version)
    tls13) echo "--priority=NORMAL:-VERS-TLS1.2:-VERS-TLS1.1:-VERS-TLS1.0" ;;
    rsakx) echo "--priority=NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA" ;;
    nosuite) echo "--priority=NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+CAMELLIA-128-GCM:+CAMELLIA-256-GCM" ;;
    curve384) echo "--priority=NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA:-GROUP-ALL:+GROUP-SECP384R1" ;;
    curve521) echo "--priority=NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA:-GROUP-ALL:+GROUP-SECP521R1" ;;
    esac
}
go_policy() {
    case $1 in
    - | weak) ;;
    tls13) echo "-min 1.3" ;;
    rsakx) echo "-max 1.2 -ciphers TLS_RSA_WITH_AES_128_GCM_SHA256" ;;
    nosuite) echo "-max 1.2 -ciphers TLS_ECDHE_RSA_WITH_RC4_128_SHA,TLS_RSA_WITH_RC4_128_SHA" ;;
    curve384) echo "-max 1.2 -curves P384 -ciphers TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" ;;
    curve521) echo "-max 1.2 -curves P521 -ciphers TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" ;;
    esac
}

# start SERVER CERTS POLICY CELL: starts it on 127.0.0.1 with $IC/CERTS,
# logging to $WORK/SERVER.CELL.log, sets SPID and SPORT; fails when it does
# not say its port within 10 s.
start() {
    local srv=$1 d=$IC/$2 log=$WORK/$1.$4.log
    rm -f "$WORK/port"
    # shellcheck disable=SC2046 # the policies are words
    case $srv in
    openssl)
        local chain=()
        [ -s "$d/rest.pem" ] && chain=(-cert_chain "$d/rest.pem")
        (cd "$WORK/www" && exec openssl s_server -accept 127.0.0.1:0 -HTTP -no-CAfile -no-CApath \
            -no-CAstore -cert "$d/leaf.pem" -key "$d/key.pem" "${chain[@]}" \
            $(openssl_policy "$3") >"$WORK/port" 2>"$log") &
        ;;
    gnutls)
        INTEROP_PORT_FILE=$WORK/port LD_PRELOAD=$SHIM gnutls-serv --http \
            --httpdata="$WORK/body.gnutls" -p 0 -a -q --x509certfile="$d/chain.pem" \
            --x509keyfile="$d/key.pem" $(gnutls_policy "$3") >"$log" 2>&1 &
        ;;
    go)
        "$GOSRV" -cert "$d/chain.pem" -key "$d/key.pem" -body "$WORK/body.go" \
            -port-file "$WORK/port" $(go_policy "$3") 2>"$log" &
        ;;
    esac
    SPID=$!
    PIDS+=("$SPID")
    wait_port "$WORK/port"
}

stop() {
    local p keep=()
    kill "$SPID" 2>/dev/null
    wait "$SPID" 2>/dev/null
    for p in "${PIDS[@]}"; do [ "$p" = "$SPID" ] || keep+=("$p"); done
    PIDS=("${keep[@]}")
}

# What a server cannot show a client, found by trying each (s_client
# -showcerts and the servers' logs): quirk SERVER CELL BUILD prints
# "skip REASON", "want MESSAGE" when the server changes what framec can
# see, or nothing.
quirk() {
    case $1/$2/$3 in
    gnutls/order/*) echo "skip gnutls-serv sorts the chain it loads (it sends leaf, intermediate, root)" ;;
    gnutls/extra/*) echo "skip gnutls-serv drops the certificates that are not in the leaf's chain" ;;
    gnutls/ku-certsign*/*) echo "skip GnuTLS will not use a leaf whose keyUsage lacks digitalSignature (no cipher suite)" ;;
    gnutls/secp256k1/*) echo "skip GnuTLS 3.7 has no secp256k1" ;;
    openssl/ku-certsign/*) echo "skip OpenSSL will not use an ECDSA leaf whose keyUsage lacks digitalSignature (no shared cipher)" ;;
    # s_server only picks an ECDSA leaf on a curve the ClientHello lists: no
    # build lists secp256k1 and lean lists no P-521, so framec never sees the
    # certificate and the server ends the handshake. (For the same reason
    # openssl/p384/lean passes only once lean lists secp384r1.)
    openssl/secp256k1/* | openssl/p521/lean) echo "want no cipher suite or curve this build has" ;;
    esac
}

# The cells. CERTS is the folder interop_certs.sh wrote; POLICY a server
# policy above; then what the full-profile builds (dynamic, full static) and
# the lean build must do: ok, or the message of exit 5 (= same as full).
cells() {
    cat <<'EOF'
rsa2048         | rsa2048         | -        | ok                                      | =
rsa4096         | rsa4096         | -        | ok                                      | =
p256            | p256            | -        | ok                                      | =
p384            | p384            | -        | ok                                      | =
int384          | int384          | -        | ok                                      | =
p521            | p521            | -        | ok                                      | unsupported key or curve
chain3          | chain3          | -        | ok                                      | =
cross           | cross           | -        | ok                                      | =
extra           | extra           | -        | ok                                      | =
wildcard        | wildcard        | -        | ok                                      | =
cn-only         | cn-only         | -        | ok                                      | =
ip-san          | ip-san          | -        | ok                                      | =
nc-ok           | nc-ok           | -        | ok                                      | =
rsakx           | rsa2048         | rsakx    | ok                                      | no cipher suite or curve this build has
curve384        | rsa2048         | curve384 | ok                                      | =
curve521        | rsa2048         | curve521 | ok                                      | no cipher suite or curve this build has
untrusted       | untrusted       | -        | not signed by a trusted CA              | =
wrongname       | wrongname       | -        | name does not match the host            | =
expired         | expired         | -        | certificate check failed: expired       | =
notyet          | notyet          | -        | not yet valid                           | =
clientauth      | clientauth      | -        | not for TLS servers                     | =
nc-bad          | nc-bad          | -        | outside the issuer's name constraints   | =
rsa1024         | rsa1024         | weak     | key too weak                            | =
sha1            | sha1            | weak     | SHA-1 signature                         | =
ku-certsign     | ku-certsign     | -        | key usage forbids this use              | =
ku-certsign-rsa | ku-certsign-rsa | -        | key usage forbids this use              | =
order           | order           | -        | chain out of order                      | =
critext         | critext         | -        | unsupported critical extension          | =
ip-as-dns       | ip-as-dns       | -        | name does not match the host            | =
expired-root    | expired-root    | -        | not signed by a trusted CA              | =
secp256k1       | secp256k1       | -        | unsupported key or curve                | =
tls13           | p256            | tls13    | server requires TLS 1.3                 | =
nosuite         | rsa2048         | nosuite  | no cipher suite or curve this build has | =
EOF
}
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

for srv in openssl gnutls go; do
    while IFS="|" read -r -u 3 cell certs pol want_full want_lean; do
        cell=$(trim "$cell")
        [ -n "$cell" ] || continue
        certs=$(trim "$certs") pol=$(trim "$pol")
        want_full=$(trim "$want_full") want_lean=$(trim "$want_lean")
        [ "$want_lean" = "=" ] && want_lean=$want_full
        [ -n "$INTEROP_ONLY" ] && ! grep -qE -- "$INTEROP_ONLY" <<<"$srv/$cell" && continue
        q=$(quirk "$srv" "$cell" any)
        if [ "${q%% *}" = skip ]; then
            echo "# skip $srv/$cell: ${q#skip }"
            continue
        fi
        if ! start "$srv" "$certs" "$pol" "$cell"; then
            ok "$srv/$cell: the server did not start ($(tail -n 1 "$WORK/$srv.$cell.log"))" false
            stop
            continue
        fi
        host=$(cat "$IC/$certs/host")
        args=(--retries 0 --url "https://$host:$SPORT/v1" --cacert "$IC/$certs/ca.pem")
        [ "$host" = api.test.example ] && args+=(--proxy "$PROXY")
        for b in $BUILDS; do
            name=$srv/$cell/$b
            want=$want_full
            [ "$b" = lean ] && want=$want_lean
            q=$(quirk "$srv" "$cell" "$b")
            [ "${q%% *}" = want ] && want=${q#want }
            fails=$FAIL
            if [ "$want" = ok ]; then
                FRAMEC=${BUILD[$b]} fc "${args[@]}" get /accounts
                ok "$name: exit $RC, want 0 ($ERR)" [ "$RC" -eq 0 ]
                ok "$name: the body $srv served" cmp -s "$OUT" "$WORK/body.$srv"
            else
                FRAMEC=${BUILD[$b]} expect_fail "$name" 5 "$want" "${args[@]}" get /accounts
            fi
            rc=$RC err=$ERR
            if [ "$cell" = expired-root ]; then
                # -v writes more than the one error line: checked on its own.
                FRAMEC=${BUILD[$b]} fc -v "${args[@]}" get /accounts
                ok "$name: -v says an expired anchor was dropped" has dropped
            fi
            # curl (OpenSSL, Debian's defaults) is the reference for what a
            # trusted client refuses: on every certificate shape it must
            # agree. Not on server policies (curl speaks TLS 1.3 and
            # suites BearSSL lacks), secp256k1 (BearSSL has no such curve;
            # the certificate is not at fault) nor order (OpenSSL builds
            # the path from certificates in any order; BearSSL's minimal
            # validator takes them as sent, and framec says so).
            if [ "$b" = dynamic ] && { [ "$pol" = - ] || [ "$pol" = weak ]; } &&
                [ "$cell" != secp256k1 ] && [ "$cell" != order ]; then
                cargs=(-sS -o /dev/null --max-time 20 --cacert "$IC/$certs/ca.pem")
                [ "$host" = api.test.example ] && cargs+=(-x "$PROXY")
                timeout 30 curl "${cargs[@]}" "https://$host:$SPORT/v1/accounts" 2>"$WORK/curl.err"
                crc=$?
                if [ "$want_full" = ok ]; then
                    ok "$srv/$cell: curl accepts it too (exit $crc: $(head -c 200 "$WORK/curl.err"))" [ "$crc" -eq 0 ]
                else
                    ok "$srv/$cell: curl refuses it too (exit $crc)" [ "$crc" -ne 0 ]
                fi
            fi
            if [ -n "$INTEROP_VERBOSE" ]; then
                if [ "$FAIL" -eq "$fails" ]; then r=pass; else r=FAIL; fi
                echo "# cell $name: $r (exit $rc: ${err:-no message})"
            fi
        done
        stop
    done 3< <(cells)
done

finish
