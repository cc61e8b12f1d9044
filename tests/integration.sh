#!/bin/bash
# integration.sh - framec against the local Frame API over real TLS.
# Certificates are made now; servers listen on 127.0.0.1 only. Prints one
# line per failed check and closes with "N passed, N failed".
. "$(dirname "$0")/lib.sh"
make_certs
CA=$CERTS/ca.pem
start_api ec ec
start_api rsa rsa
start_api chunked ec --chunked
start_api close ec --close-after 1
start_api fail5 ec --fail-first 100 --fail-status 503
for k in wrongname expired notyet untrusted selfsigned; do start_api "$k" "$k"; done
U=https://localhost:$PORT_ec/v1
ACC=f0145d11-f205-49bd-9df5-7bd7697f027a

# ---- Bodies arrive exactly as the server sent them -----------------------
for srv in ec rsa chunked; do
    port=PORT_$srv
    url=https://localhost:${!port}/v1
    for path in /accounts /accounts/$ACC /customers/ /organizations /datacenters /cloud_providers; do
        "$PY" "$TOP/tests/fetch.py" "$CA" "$url$path" >"$WORK/ref" || echo "reference fetch failed: $path"
        fc --url "$url" --cacert "$CA" get "$path"
        ok "$srv get $path: exit 0 ($ERR)" [ "$RC" -eq 0 ]
        ok "$srv get $path: body identical to the reference client's" cmp -s "$OUT" "$WORK/ref"
        ok "$srv get $path: nothing on stderr" [ -z "$ERR" ]
    done
done
# A body larger than framec's 64 KiB output buffer streams through intact.
start_api big ec --accounts 2000 --chunked
"$PY" "$TOP/tests/fetch.py" "$CA" "https://localhost:$PORT_big/v1/accounts" >"$WORK/ref"
fc --url "https://localhost:$PORT_big/v1" --cacert "$CA" get /accounts
ok "large body: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "large body: bigger than the output buffer" [ "$(wc -c <"$WORK/ref")" -gt 131072 ]
ok "large body: identical to the reference client's" cmp -s "$OUT" "$WORK/ref"
fc -v --url "https://localhost:$PORT_chunked/v1" --cacert "$CA" get /accounts
ok "the chunked server really sent chunked" has "< Transfer-Encoding: chunked"
ok "the plain server sent Content-Length" sh -c "'$FRAMEC' -v --url '$U' --cacert '$CA' get /accounts 2>&1 >/dev/null | grep -q '< Content-Length: '"

# The static binary does the same, with no shared library at all.
ok "static binary exists" [ -x "$STATIC_ELF" ]
ok "static binary has no dynamic section" sh -c "! readelf -d '$STATIC_ELF' 2>/dev/null | grep -q NEEDED"
FRAMEC=$STATIC fc --url "$U" --cacert "$CA" get /accounts
"$PY" "$TOP/tests/fetch.py" "$CA" "$U/accounts" >"$WORK/ref"
ok "static get /accounts: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "static get /accounts: identical body" cmp -s "$OUT" "$WORK/ref"

# ---- Query, POST bodies, and what reached the server ---------------------
fc --url "$U" --cacert "$CA" get /accounts --query "name=Café \"Nord\"" --query organization_id=x/y
ok "query: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "query: percent-encoded on the wire" grep -q '"query": *"name=Caf%C3%A9%20%22Nord%22&organization_id=x%2Fy"' "$WORK/ec.log"
TOK=/accounts/$ACC/secure-anonymous/secure-anon-7d1015db-6564-4e7f-a3f9-5fb16f6756c2/tokens
fc --url "$U" --cacert "$CA" post "$TOK" --data '{"first_name":"Ada"}'
ok "post --data: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "post --data: a JWT string came back" grep -q '^"eyJ' "$OUT"
ok "post --data: body and type reached the server" grep -q '"body": *"{\\"first_name\\":\\"Ada\\"}"' "$WORK/ec.log"
printf '{"email":"kiosk@example.com"}' >"$WORK/body.json"
fc --url "$U" --cacert "$CA" post "$TOK" --data @"$WORK/body.json"
ok "post --data @FILE: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "post --data @FILE: file body reached the server" grep -q 'kiosk@example.com' "$WORK/ec.log"
fc --url "$U" --cacert "$CA" post /accounts/$ACC/publish
ok "post without body: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "post without body: task id returned" grep -q '"task_id"' "$OUT"
ok "user agent is framec/VERSION" grep -q '"user_agent": *"framec/[0-9]' "$WORK/ec.log"

# ---- sign ------------------------------------------------------------------
FRAME_CLIENT_ID=abc.img.frame.nutanix.com FRAME_CLIENT_SECRET=0123456789abcdef0123456789abcdef01234567 \
    fc sign --timestamp 1700000000
printf 'X-Frame-ClientId: abc.img.frame.nutanix.com\nX-Frame-Timestamp: 1700000000\nX-Frame-Signature: a00975f6ef06471301abd1a3a337adec128d5549ec82c81f4f27e767cb03812e\n' >"$WORK/want"
ok "sign vector 1: exit 0" [ "$RC" -eq 0 ]
ok "sign vector 1: the three documented lines" cmp -s "$OUT" "$WORK/want"
FRAME_CLIENT_ID=client-id-example FRAME_CLIENT_SECRET=secret-example fc sign --timestamp 1475183415
ok "sign vector 2" grep -qx 'X-Frame-Signature: d107d402773b528b63b38aea3746de3569ebd282266d62bee18c94234d9fa8bb' "$OUT"
fc sign
now=$(date +%s)
ts=$(sed -n 's/^X-Frame-Timestamp: //p' "$OUT")
ok "sign without --timestamp uses now" [ $((ts - now)) -le 2 ] && [ $((now - ts)) -le 2 ]

# ---- Credentials -------------------------------------------------------------
printf '# framec\nclient_id = %s\nclient_secret=%s\n' "$FRAME_CLIENT_ID" "$FRAME_CLIENT_SECRET" >"$WORK/cred"
chmod 600 "$WORK/cred"
env -u FRAME_CLIENT_ID -u FRAME_CLIENT_SECRET "$FRAMEC" --credentials "$WORK/cred" --url "$U" --cacert "$CA" get /customers/ >"$OUT" 2>"$ERRF"
ok "credentials file: exit 0 ($(cat "$ERRF"))" [ $? -eq 0 ]
printf 'client_id=x\nsecret=oops\n' >"$WORK/badcred" && chmod 600 "$WORK/badcred"
expect_fail "credentials file with an unknown key" 3 "unknown key" --credentials "$WORK/badcred" --url "$U" --cacert "$CA" get /accounts
ok "bad credentials file: the value is not echoed" sh -c "! grep -q oops '$ERRF'"
FRAMEC_SAVE=$FRAMEC
unset FRAME_CLIENT_SECRET
expect_fail "no credentials" 3 "FRAME_CLIENT_SECRET" --url "$U" --cacert "$CA" get /accounts
export FRAME_CLIENT_SECRET=0123456789abcdef0123456789abcdef01234567
expect_fail "missing credentials file" 3 "cannot open" --credentials "$WORK/nope" get /accounts

# ---- HTTP errors -------------------------------------------------------------
FRAME_CLIENT_SECRET=wrong-secret expect_fail "wrong secret" 6 "HTTP 401" --url "$U" --cacert "$CA" get /accounts
expect_fail "unknown account" 6 "HTTP 404" --url "$U" --cacert "$CA" get /accounts/nope
expect_fail "server error" 7 "HTTP 503" --url "https://localhost:$PORT_fail5/v1" --cacert "$CA" get /accounts

# ---- TLS: each failed check is named -----------------------------------------
for srv in untrusted selfsigned; do
    port=PORT_$srv
    expect_fail "$srv certificate" 5 "not signed by a trusted CA" --url "https://localhost:${!port}/v1" --cacert "$CA" get /accounts
done
expect_fail "wrong host name" 5 "name does not match" --url "https://localhost:$PORT_wrongname/v1" --cacert "$CA" get /accounts
expect_fail "expired certificate" 5 "certificate check failed: expired$" --url "https://localhost:$PORT_expired/v1" --cacert "$CA" get /accounts
expect_fail "not yet valid certificate" 5 "certificate check failed: not yet valid$" --url "https://localhost:$PORT_notyet/v1" --cacert "$CA" get /accounts
fc --url "https://localhost:$PORT_selfsigned/v1" --cacert "$CERTS/selfsigned.pem" get /customers/
ok "a self-signed certificate given as the CA file is trusted ($ERR)" [ "$RC" -eq 0 ]
fc --url "$U" get /accounts
ok "system bundle does not trust the test CA: exit 5 ($ERR)" [ "$RC" -eq 5 ]
SSL_CERT_FILE=$CA fc --url "$U" get /customers/
ok "SSL_CERT_FILE is the default CA bundle ($ERR)" [ "$RC" -eq 0 ]
FRAME_API_URL=$U SSL_CERT_FILE=$CA fc get /customers/
ok "FRAME_API_URL is the default base URL ($ERR)" [ "$RC" -eq 0 ]
printf -- '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n' >"$WORK/bad.pem"
expect_fail "corrupt CA bundle" 3 "CA bundle" --url "$U" --cacert "$WORK/bad.pem" get /accounts
expect_fail "missing CA bundle" 3 "cannot open CA bundle" --url "$U" --cacert "$WORK/none.pem" get /accounts

# ---- Public-key pinning (--pinnedpubkey) ---------------------------------------
# The pins are computed now, from the certificates made now, as curl's
# documentation computes them.
pin_of() {
    openssl x509 -in "$CERTS/$1.pem" -pubkey -noout | openssl pkey -pubin -outform DER |
        openssl dgst -sha256 -binary | base64
}
PIN_EC=sha256//$(pin_of ec) PIN_RSA=sha256//$(pin_of rsa) PIN_UNTRUSTED=sha256//$(pin_of untrusted)
fc --url "$U" --cacert "$CA" --pinnedpubkey "$PIN_EC" get /customers/
ok "the server's pin: exit 0 ($ERR)" [ "$RC" -eq 0 ]
fc --url "$U" --cacert "$CA" --pinnedpubkey "$PIN_RSA;$PIN_UNTRUSTED;$PIN_EC" get /customers/
ok "the server's pin third of three: exit 0 ($ERR)" [ "$RC" -eq 0 ]
fc --url "https://localhost:$PORT_rsa/v1" --cacert "$CA" --pinnedpubkey "$PIN_RSA" get /customers/
ok "the RSA server's pin: exit 0 ($ERR)" [ "$RC" -eq 0 ]
expect_fail "another server's pin" 5 "matches no pinned key" \
    --url "$U" --cacert "$CA" --pinnedpubkey "$PIN_RSA" get /customers/
expect_fail "a pin does not bypass chain validation" 5 "not signed by a trusted CA" \
    --url "https://localhost:$PORT_untrusted/v1" --cacert "$CA" --pinnedpubkey "$PIN_UNTRUSTED" get /customers/
expect_fail "a pin does not bypass the name check" 5 "name does not match" \
    --url "https://localhost:$PORT_wrongname/v1" --cacert "$CA" \
    --pinnedpubkey "sha256//$(pin_of wrongname)" get /customers/
expect_fail "malformed pin" 2 "is not sha256// and the base64" --url "$U" --cacert "$CA" \
    --pinnedpubkey "sha256//not-base64" get /customers/
expect_fail "pin of 31 bytes" 2 "is not sha256// and the base64" --url "$U" --cacert "$CA" \
    --pinnedpubkey "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==" get /customers/
expect_fail "a key file instead of a hash" 2 "hashes only" --url "$U" --cacert "$CA" \
    --pinnedpubkey "$CERTS/ec.pem" get /customers/
expect_fail "pinnedpubkey without a value" 2 "needs a value" --url "$U" --cacert "$CA" get /customers/ \
    --pinnedpubkey

# ---- Network failures and timeouts -------------------------------------------
FREE=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
expect_fail "connection refused" 4 "refused" --url "https://localhost:$FREE/v1" --cacert "$CA" get /accounts
"$PY" -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
conns = []
while True:
    c, _ = s.accept(); conns.append(c)  # accept, then say nothing
' "$WORK/silent.port" & PIDS+=($!)
for i in $(seq 50); do [ -s "$WORK/silent.port" ] && break; sleep 0.1; done
SILENT=https://localhost:$(cat "$WORK/silent.port")/v1
expect_fail "silent server" 8 "timed out" --retries 0 --timeout 1 --url "$SILENT" --cacert "$CA" get /accounts
ok "silent server: gave up within --timeout + 1 s (${MS} ms)" within 2000
expect_fail "silent server, retrying" 8 "timed out" --timeout 1 --max-time 2 --url "$SILENT" --cacert "$CA" get /accounts
ok "silent server, retrying: gave up within --max-time + 1 s (${MS} ms)" within 3000
expect_fail "silent server, connect phase" 8 "timed out" --retries 0 --connect-timeout 1 --url "$SILENT" --cacert "$CA" get /accounts
ok "silent server: gave up within --connect-timeout + 1 s (${MS} ms)" within 2000

# ---- Usage -------------------------------------------------------------------
expect_fail "no command" 2 "no command" 
expect_fail "unknown command" 2 "unknown command" frobnicate /x
expect_fail "unknown option" 2 "unknown option" --frob get /x
expect_fail "get without PATH" 2 "needs a PATH" get
expect_fail "data with get" 2 "only goes with post or put" get /x --data '{}'
expect_fail "bad timeout" 2 "not a number of seconds" --timeout abc get /x
expect_fail "query in PATH" 2 "--query" get '/accounts?name=x'
expect_fail "control bytes in PATH" 2 "control" --url "$U" --cacert "$CA" get "$(printf '/accounts\r\nX-Evil: 1')"
expect_fail "missing --data file" 2 "cannot open data file" post /x --data @"$WORK/nope"
expect_fail "plain http URL" 3 "https://" --url "http://localhost:$PORT_ec/v1" --cacert "$CA" get /accounts
fc --help
ok "--help: exit 0" [ "$RC" -eq 0 ]
for c in 0 1 2 3 4 5 6 7 8 9 10; do ok "--help documents exit code $c" grep -qE "(^| )$c [a-zA-Z]" "$OUT"; done
fc --version
ok "--version" grep -qx 'framec [0-9.]*' "$OUT"

# ---- -v: headers on stderr, never the signature or the secret ---------------
fc -v --url "$U" --cacert "$CA" get /customers/
ok "-v: exit 0" [ "$RC" -eq 0 ]
ok "-v: request line shown" has "> GET /v1/customers/ HTTP/1.1"
ok "-v: response status shown" has "< HTTP/1.1 200"
ok "-v: signature redacted" has "X-Frame-Signature: \[redacted\]"
ok "-v: secret appears nowhere" sh -c "! grep -q '$FRAME_CLIENT_SECRET' '$OUT' '$ERRF'"
sig=$(grep -o '"timestamp": *"[0-9]*"' "$WORK/ec.log" | tail -n 1 | grep -o '[0-9]*')
realsig=$("$FRAMEC" sign --timestamp "$sig" | sed -n 's/^X-Frame-Signature: //p')
ok "-v: the signature sent appears nowhere" sh -c "! grep -q '$realsig' '$OUT' '$ERRF'"

# ---- The library: keep-alive and reconnect ------------------------------------
start_api fail4 ec --fail-first 4 --fail-status 503
start_api sessions ec --session-cache
FRAMEC_TEST_URL_SESSIONS=https://localhost:$PORT_sessions/v1 \
FRAMEC_TEST_CA=$CA FRAMEC_TEST_URL=$U FRAMEC_TEST_URL_CLOSE=https://localhost:$PORT_close/v1 \
    FRAMEC_TEST_PIN=sha256//$(pin_of ec) \
    FRAMEC_TEST_URL_FAIL=https://localhost:$PORT_fail4/v1 \
    $TEST_WRAP "$TEST_BIN_DIR/test_client" >"$WORK/tc" 2>&1
grep -v -E '^[0-9]+ passed' "$WORK/tc"
line=$(tail -n 1 "$WORK/tc")
p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
case $p$f in *[!0-9]*|'') echo "not ok test_client printed no count"; FAIL=$((FAIL + 1)) ;;
*) PASS=$((PASS + p)); FAIL=$((FAIL + f)) ;; esac
# The workflows (flows.h) against the same API.
FRAMEC_TEST_CA=$CA FRAMEC_TEST_URL=$U $TEST_WRAP "$TEST_BIN_DIR/test_flows" >"$WORK/tf" 2>&1
grep -v -E '^[0-9]+ passed' "$WORK/tf"
line=$(tail -n 1 "$WORK/tf")
p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
case $p$f in *[!0-9]*|'') echo "not ok test_flows printed no count"; FAIL=$((FAIL + 1)) ;;
*) PASS=$((PASS + p)); FAIL=$((FAIL + f)) ;; esac
ok "keep-alive: the server saw one connection carry a fifth request" \
    grep -q '"n": *5,' "$WORK/ec.log"

# ---- No allocation in the library ----------------------------------------------
ok "libframec.a references no malloc/calloc/realloc/free" \
    sh -c "! nm -u '$TOP/libframec.a' | grep -qwE 'malloc|calloc|realloc|free'"
# Only port/ touches the OS: the port is its own archive.
ok "libframec.a defines no fc_port_ function (the port is libframec_posix.a)" \
    sh -c "! nm --defined-only '$TOP/libframec.a' | grep -q ' T fc_port_'"
ok "libframec.a calls no socket, getaddrinfo, poll, open or clock_gettime" \
    sh -c "! nm -u '$TOP/libframec.a' | grep -qwE 'socket|connect|getaddrinfo|poll|open|clock_gettime|getrandom'"
ok "libframec_posix.a defines the port" \
    sh -c "nm --defined-only '$TOP/libframec_posix.a' | grep -q ' T fc_port_connect'"
# The house rule: one job per file, none past about 600 lines.
long_files=$(cd "$TOP" && wc -l src/*.[ch] src/*/*.[ch] port/*.[ch] | awk '$2 != "total" && $1 > 600 { print $2 "(" $1 ")" }' | tr '\n' ' ')
ok "no source file past 600 lines: ${long_files:-none}" [ -z "$long_files" ]
# Libraries are found by asking the compiler, never by globbing
# /usr/lib/*/: with foreign-architecture -dev packages installed the glob
# picks another architecture's archive (issue 11).
globbed=$(cd "$TOP" && grep -n '/usr/lib/\*' Makefile tests/*.mk tests/*.sh tests/bench/*.sh | grep -v '^[^:]*:[0-9]*:[[:space:]]*#' | grep -v 'tests/integration.sh' | tr '\n' ' ')
ok "no library found by globbing /usr/lib/*/: ${globbed:-none}" [ -z "$globbed" ]
# port.h is what the library calls, all of it and nothing more: every
# fc_port_ function libframec.a needs is declared there, and every one
# declared there is needed (the command's own extras are in port_cli.h).
needed=$(nm -u "$TOP/libframec.a" | grep -o 'fc_port_[a-z_]*' | sort -u | tr '\n' ' ')
declared=$(grep -o '^[a-z0-9_ ]* \*\?fc_port_[a-z_]*(' "$TOP/port/port.h" | grep -o 'fc_port_[a-z_]*' | sort -u | tr '\n' ' ')
ok "port.h declares exactly what libframec.a calls (calls: $needed; declared: $declared)" \
    [ "${needed:-none}" = "$declared" ]
ok "libframec_posix.a holds none of the command's port_cli.h functions" \
    sh -c "! nm --defined-only '$TOP/libframec_posix.a' | grep -qE ' T fc_port_(no_core_dumps|file_private|std_streams|stderr_is_tty)'"
# framec.h does not pull the port in: an application that wants the port
# includes port.h itself (the kiosk in the README does).
printf '#include "framec.h"\nvoid f(void) { fc_port_sleep_ms(1); }\n' >"$WORK/noport.c"
ok "framec.h does not declare the port (fc_port_sleep_ms is unknown without port.h)" \
    sh -c "! cc -std=c99 -Werror=implicit-function-declaration -I'$TOP/src' -I'$TOP/port' -c '$WORK/noport.c' -o '$WORK/noport.o' 2>/dev/null"

finish
