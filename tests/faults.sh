#!/bin/bash
# faults.sh - framec on a hostile network: a server that cuts responses
# short, stalls, trickles, resets, lies about lengths, sends bad chunks,
# bad JSON, TLS alerts or no TLS at all (tests/fault_api.py); retries and
# backoff; bad certificates; a wrong clock (faketime); HTTP proxies
# (tinyproxy). For every fault: the exit code, exactly one line on stderr
# naming the cause, nothing on stdout unless the whole body arrived, and
# the time limit plus one second. Prints one line per failed check ("# "
# lines are notes) and closes with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

make_certs
CA=$CERTS/ca.pem
R=$WORK/runs
mkdir -p "$R"

# ---- Servers ------------------------------------------------------------------
wait_port() { # NAME: waits up to 10 s for $WORK/NAME.port, sets PORT_NAME
    local name=$1 i
    for i in $(seq 100); do
        [ -s "$WORK/$name.port" ] && break
        sleep 0.1
    done
    [ -s "$WORK/$name.port" ] || { echo "server $name did not start:" >&2; cat "$WORK/$name.err" >&2; exit 1; }
    printf -v "PORT_$name" '%s' "$(cat "$WORK/$name.port")"
}

# start_fault NAME CERT [fault_api.py options]: like lib.sh's start_api.
start_fault() {
    local name=$1 cert=$2
    shift 2
    "$PY" "$TOP/tests/fault_api.py" --cert "$CERTS/$cert.pem" --key "$CERTS/$cert.key" \
        --port 0 --port-file "$WORK/$name.port" --log "$WORK/$name.log" "$@" \
        2>"$WORK/$name.err" &
    PIDS+=($!)
}

free_port() {
    "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_proxy NAME CONNECT_PORT [config lines...]: tinyproxy in the
# foreground (-d), logging CONNECTs to $WORK/NAME.log; sets PROXY_NAME.
start_proxy() {
    local name=$1 cport=$2 port
    shift 2
    port=$(free_port)
    {
        printf 'Port %s\nListen 127.0.0.1\nTimeout 30\nMaxClients 50\n' "$port"
        printf 'Allow 127.0.0.1\nLogFile "%s"\nLogLevel Connect\nConnectPort %s\n' "$WORK/$name.log" "$cport"
        [ $# -gt 0 ] && printf '%s\n' "$@"
    } >"$WORK/$name.conf"
    : >"$WORK/$name.log"
    tinyproxy -d -c "$WORK/$name.conf" >"$WORK/$name.err" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null ||
        { echo "tinyproxy $name did not start:" >&2; cat "$WORK/$name.err" >&2; exit 1; }
    printf -v "PROXY_$name" '%s' "$port"
}

# A leaf signed by the test CA and valid 2001..2044, for the runs under a
# 1970 clock: what is checked there is the floor (the build time), which
# must not depend on when certs.sh last ran.
make_longlived() {
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc \
        -keyout "$CERTS/longlived.key" -subj /CN=localhost -out "$WORK/ll.csr" >"$WORK/ll.log" 2>&1 &&
    printf '%s\n' 'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature' \
        'extendedKeyUsage=serverAuth' 'subjectAltName=DNS:localhost' \
        'subjectKeyIdentifier=hash' 'authorityKeyIdentifier=keyid' >"$WORK/ll.ext" &&
    faketime '2001-01-01 00:00:00' openssl x509 -req -in "$WORK/ll.csr" -CA "$CA" \
        -CAkey "$CERTS/ca.key" -set_serial "0x$(openssl rand -hex 8)" -days 15700 -sha256 \
        -extfile "$WORK/ll.ext" -out "$CERTS/longlived.pem" >>"$WORK/ll.log" 2>&1 ||
        { echo "cannot make the long-lived certificate:" >&2; cat "$WORK/ll.log" >&2; exit 1; }
}
make_longlived

start_fault f ec
for m in plain garbage reset hello-close silent-handshake handshake-alert; do start_fault "${m//-/_}" ec "--$m"; done
for n in f plain garbage reset hello_close silent_handshake handshake_alert; do wait_port "$n"; done
start_api api ec
start_api old longlived
start_api clock1 ec
start_api clock2 ec
start_api clock3 ec
for k in expired notyet wrongname untrusted selfsigned; do start_api "$k" "$k"; done
start_proxy tp "$PORT_api"
start_proxy tpa "$PORT_api" 'BasicAuth user pass'

FU=https://localhost:$PORT_f/v1
API=https://localhost:$PORT_api/v1
B=(--url "$FU" --cacert "$CA" --timeout 2 --retries 0) # every fault case
"$PY" -B -c 'import sys; sys.path.insert(0, sys.argv[1]); import fault_api as f
open(sys.argv[2], "wb").write(f.BODY); open(sys.argv[3], "wb").write(f.SLOW_BODY)' \
    "$TOP/tests" "$WORK/body" "$WORK/slow_body"
"$PY" "$TOP/tests/fetch.py" "$CA" "$API/customers/" >"$WORK/customers" ||
    { echo "reference fetch failed" >&2; exit 1; }

# ---- Running framec: in the foreground or in the background -------------------
# run ID [framec args]: results in $R/ID.{out,err,rc,ms}; CLOCK=1970 or
# CLOCK=+1h (a faketime offset) runs framec under libfaketime. spawn: the
# same in the background. collect ID: waits for it, then sets RC OUT ERR MS
# for lib.sh's one_line, empty_out, has and within.
declare -A JOB
_run() {
    local id=$1 t0
    shift
    case ${CLOCK:-} in
    '') set -- "$FRAMEC" "$@" ;;
    1970) set -- faketime '1970-01-02 00:00:00' "$FRAMEC" "$@" ;;
    *) set -- faketime -f "$CLOCK" "$FRAMEC" "$@" ;;
    esac
    t0=$(date +%s%N)
    timeout 60 "$@" >"$R/$id.out" 2>"$R/$id.err"
    echo $? >"$R/$id.rc"
    echo $((($(date +%s%N) - t0) / 1000000)) >"$R/$id.ms"
}
# Under valgrind (SLACK_MS >= 3000) parallel runs only fight for the CPU:
# spawn then runs in the foreground too (SERIAL=1 forces that anywhere).
[ "$SLACK_MS" -ge 3000 ] && SERIAL=${SERIAL:-1}
spawn() {
    if [ -n "$SERIAL" ]; then _run "$@"; else _run "$@" & JOB[$1]=$!; fi
}
collect() {
    [ -n "${JOB[$1]}" ] && wait "${JOB[$1]}"
    RC=$(cat "$R/$1.rc") MS=$(cat "$R/$1.ms") OUT=$R/$1.out ERR=$(cat "$R/$1.err")
}
run() { _run "$@"; collect "$1"; }
lines() { [ -z "$ERR" ] && echo 0 || printf '%s\n' "$ERR" | wc -l; }

# failed NAME CODE PATTERN LIMIT_MS: the collected run failed as it must.
failed() {
    local name=$1 code=$2 pat=$3 lim=$4
    ok "$name: exit $RC, want $code ($ERR)" [ "$RC" -eq "$code" ]
    ok "$name: one line on stderr, got $(lines)" one_line
    ok "$name: stderr names the cause /$pat/ ($ERR)" has "$pat"
    ok "$name: nothing on stdout, got $(wc -c <"$OUT") bytes" empty_out
    ok "$name: done within $lim ms (${MS} ms)" within "$lim"
}
# succeeded NAME WANT_FILE LIMIT_MS: exit 0, stdout is exactly the body.
succeeded() {
    local name=$1 want=$2 lim=$3
    ok "$name: exit $RC, want 0 ($ERR)" [ "$RC" -eq 0 ]
    ok "$name: stdout is exactly the body ($(wc -c <"$OUT") bytes, want $(wc -c <"$want"))" cmp -s "$OUT" "$want"
    ok "$name: nothing on stderr ($ERR)" [ -z "$ERR" ]
    ok "$name: done within $lim ms (${MS} ms)" within "$lim"
}
# fault ID CODE PATTERN [framec args]: a fault run now, with the 3 s limit.
fault() {
    local id=$1 code=$2 pat=$3
    shift 3
    run "$id" "$@"
    failed "$id" "$code" "$pat" 3000
}
seen() { grep -c "\"key\":\"$1\"" "$WORK/f.log"; } # requests the fault server saw for key
at_least() { [ "$MS" -ge "$1" ]; }
note() { echo "# note: $*"; }

# libfaketime cannot wrap every build: an ASan binary hangs under it, and a
# static binary (or one under qemu-user) runs but ignores it, reading the
# real clock. The wrong-clock cases run only when the probe's signature
# carries the faked time (2001-01-01 00:00:00 UTC is 978307200).
ft_ts=$(TZ=UTC timeout 5 faketime '2001-01-01 00:00:00' "$FRAMEC" sign 2>/dev/null |
    sed -n 's/^X-Frame-Timestamp: //p')
if [ "${ft_ts:-0}" -ge 978307200 ] 2>/dev/null && [ "$ft_ts" -lt 978307260 ]; then FT=1; else
    FT=; note "faketime does not set the clock of $FRAMEC (static, qemu or sanitizer build): the wrong-clock cases are skipped"; fi

# ---- The slow cases start first, in the background --------------------------------
spawn stall-before "${B[@]}" get /fault/stall-before --query key=stall-before
spawn stall-mid-body "${B[@]}" get /fault/stall-mid-body --query key=stall-mid-body
spawn slow-ok --url "$FU" --cacert "$CA" --retries 0 --max-time 10 get /fault/slow --query key=slow-ok
spawn slow-idle --url "$FU" --cacert "$CA" --retries 0 --timeout 1 --max-time 10 get /fault/slow --query key=slow-idle
spawn slow-max "${B[@]}" --max-time 2 get /fault/slow --query key=slow-max
spawn connect-only --url "$FU" --cacert "$CA" --retries 0 --connect-timeout 1 --timeout 3 \
    get /fault/stall-before --query key=connect-only
spawn 429-once --url "$FU" --cacert "$CA" --timeout 2 get /fault/429-once --query key=429-once
spawn 503-date --url "$FU" --cacert "$CA" --timeout 2 get /fault/503-date-once --query key=503-date
spawn 503-always --url "$FU" --cacert "$CA" --timeout 2 --retries 2 get /fault/503-always --query key=503-always
spawn put-503 --url "$FU" --cacert "$CA" --timeout 2 --retries 2 put /fault/503-always --query key=put-503 --data '{}'
spawn delete-503 --url "$FU" --cacert "$CA" --timeout 2 --retries 1 delete /fault/503-always --query key=delete-503
spawn max-time-retries --url "$FU" --cacert "$CA" --timeout 2 --max-time 1 get /fault/503-always --query key=max-time-retries
spawn 429-long --url "$FU" --cacert "$CA" --timeout 2 --max-time 3 get /fault/429-long --query key=429-long
spawn lost-retried --url "$FU" --cacert "$CA" --timeout 2 --retries 2 get /fault/close-mid-body --query key=lost-retried
spawn empty-retried --url "$FU" --cacert "$CA" --timeout 2 --retries 2 get /fault/empty-reply --query key=empty-retried
spawn reset-retried --url "$FU" --cacert "$CA" --timeout 2 --retries 2 get /fault/reset-mid-body --query key=reset-retried
spawn silent-handshake --url "https://localhost:$PORT_silent_handshake/v1" --cacert "$CA" --retries 0 \
    --connect-timeout 1 --timeout 5 get /x
spawn silent-handshake-retried --url "https://localhost:$PORT_silent_handshake/v1" --cacert "$CA" \
    --connect-timeout 1 --max-time 2 get /x
for s in 502 503 504; do
    spawn "$s-once" --url "$FU" --cacert "$CA" --timeout 2 get "/fault/$s-once" --query "key=$s-once"
done

# ---- Cut short: exit 9 ------------------------------------------------------------
fault close-after-status 9 "cut short" "${B[@]}" get /fault/close-after-status --query key=x
fault close-mid-headers 9 "cut short" "${B[@]}" get /fault/close-mid-headers --query key=x
fault close-mid-body 9 "cut short" "${B[@]}" get /fault/close-mid-body --query key=x
fault close-mid-chunk 9 "cut short" "${B[@]}" get /fault/close-mid-chunk --query key=x
fault cl-longer-than-body 9 "cut short" "${B[@]}" get /fault/cl-longer --query key=x
fault close-notify-mid-body 9 "cut short" "${B[@]}" get /fault/close-notify-mid-body --query key=x
fault empty-reply 9 "closed\|cut short" "${B[@]}" get /fault/empty-reply --query key=x
fault non-http-reply 9 "status line" "${B[@]}" get /fault/non-http --query key=x

# ---- TLS alert mid-body, reset mid-body --------------------------------------------
fault fatal-alert-mid-body 5 "alert" "${B[@]}" get /fault/alert-mid-body --query key=x
fault reset-mid-body 4 "connection" "${B[@]}" get /fault/reset-mid-body --query key=x

# ---- Framing: exit 9 ------------------------------------------------------------------
fault long-header-line 9 "header line too long" "${B[@]}" get /fault/long-header --query key=x
fault 10000-headers 9 "too many header" "${B[@]}" get /fault/many-headers --query key=x
for c in negative nonnumeric overflow conflict; do
    fault "content-length-$c" 9 "Content-Length" "${B[@]}" get "/fault/cl-$c" --query key=x
done
fault content-length-with-chunked 9 "framing" "${B[@]}" get /fault/cl-chunked --query key=x
for c in overflow bare-cr bare-lf; do
    fault "chunk-$c" 9 "chunk" "${B[@]}" get "/fault/chunk-$c" --query key=x
done

# ---- Valid but unusual: exit 0, the body exactly -----------------------------------
run ok "${B[@]}" get /fault/ok --query key=x
succeeded "baseline 200" "$WORK/body" 3000
run http10 "${B[@]}" get /fault/http10 --query key=x
succeeded "HTTP/1.0 body delimited by the close" "$WORK/body" 3000
run chunk-ext "${B[@]}" get /fault/chunk-ext-trailers --query key=x
succeeded "chunk extensions and trailers" "$WORK/body" 3000
run chunk-bws "${B[@]}" get /fault/chunk-ext-bws --query key=x
succeeded "chunk extension after whitespace" "$WORK/body" 3000
run big-array "${B[@]}" get /fault/big-array --query key=x
ok "big valid array (110 KB): exit $RC, want 0 ($ERR)" [ "$RC" -eq 0 ]
# A close-delimited body is complete only at close_notify (RFC 9112 9.8):
# a bare TCP close could be anyone cutting the body short.
fault http10-no-close-notify 9 "closed without close_notify" "${B[@]}" get /fault/http10-no-notify --query key=x

# ---- JSON: exit 9 on commands that parse it --------------------------------------------
fault invalid-json 9 "not valid JSON" "${B[@]}" get /fault/invalid-json-rows --field x --query key=x
fault "invalid-json after good rows" 9 "not valid JSON" "${B[@]}" get /fault/invalid-json-late --field x --query key=x
fault invalid-json-object 9 "not valid JSON" "${B[@]}" get /fault/invalid-json-object --field x --query key=x
fault "invalid-json (plain get)" 9 "not valid JSON" "${B[@]}" get /fault/invalid-json --query key=x
fault deep-json 9 "nested too deeply" "${B[@]}" get /fault/deep-json --field x --query key=x
fault deep-json-object 9 "nested too deeply" "${B[@]}" get /fault/deep-json-object --field x --query key=x
fault "deep-json (plain get)" 9 "nested too deeply" "${B[@]}" get /fault/deep-json --query key=x
fault too-many-tokens 9 "response too large for 2048 JSON tokens" "${B[@]}" get /fault/many-tokens --field k0 --query key=x
fault too-many-tokens-object 9 "response too large for 2048 JSON tokens" "${B[@]}" get /fault/many-tokens-object --field k0 --query key=x
run invalid-scalar-rows "${B[@]}" get /fault/invalid-json --field x --query key=x
note "[1,,2] with --field x: exit $RC ($ERR)"
# Valid JSON too big for the client's token pool or element buffer, with
# plain get: passed through intact (only what is printed needs tokens).
for c in many-tokens many-tokens-small big-object; do
    run "$c-raw" "${B[@]}" get "/fault/$c" --query key=x
    ok "valid $c (plain get): exit 0 ($ERR)" [ "$RC" -eq 0 ]
    ok "valid $c (plain get): the whole body, valid JSON ($(wc -c <"$OUT") bytes)" \
        "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT"
done

# ---- Retries -----------------------------------------------------------------------------
collect 429-once
succeeded "429 with Retry-After: 1, then 200" "$WORK/body" 4000
ok "429-once: waited the Retry-After second (${MS} ms)" at_least 1000
ok "429-once: the server saw 2 requests, got $(seen 429-once)" [ "$(seen 429-once)" -eq 2 ]
for s in 502 503 504; do
    collect "$s-once"
    succeeded "$s, then 200" "$WORK/body" 3000
    ok "$s-once: backoff without Retry-After stays under the 0.5 s base (${MS} ms)" within 1500
    ok "$s-once: the server saw 2 requests, got $(seen "$s-once")" [ "$(seen "$s-once")" -eq 2 ]
done
collect 503-date
succeeded "503 with Retry-After as an HTTP-date, then 200" "$WORK/body" 5000
ok "503-date: waited for the date (${MS} ms)" at_least 1000
collect 503-always
failed "503 forever, --retries 2" 7 "HTTP 503" 3000
ok "503 forever: the server saw 3 requests, got $(seen 503-always)" [ "$(seen 503-always)" -eq 3 ]
collect put-503
failed "PUT to 503 forever, --retries 2" 7 "HTTP 503" 3000
ok "PUT to 503: retried, 3 requests, got $(seen put-503)" [ "$(seen put-503)" -eq 3 ]
collect delete-503
failed "DELETE to 503 forever, --retries 1" 7 "HTTP 503" 3000
ok "DELETE to 503: retried, 2 requests, got $(seen delete-503)" [ "$(seen delete-503)" -eq 2 ]
run post-503 --url "$FU" --cacert "$CA" --timeout 2 --retries 2 post /fault/503-always --query key=post-503
failed "POST to 503 forever, --retries 2" 7 "HTTP 503" 3000
ok "POST to 503: not retried (the request left), 1 request, got $(seen post-503)" [ "$(seen post-503)" -eq 1 ]
run status-500 --url "$FU" --cacert "$CA" --timeout 2 --retries 2 get /fault/status-500 --query key=status-500
failed "500, --retries 2" 7 "HTTP 500" 3000
ok "500: not a retried status, 1 request, got $(seen status-500)" [ "$(seen status-500)" -eq 1 ]
collect max-time-retries
failed "503 forever with --max-time 1" 7 "HTTP 503" 2000
collect 429-long
failed "429 with Retry-After: 3600 and --max-time 3" 6 "HTTP 429" 4000
collect lost-retried
failed "cut short, --retries 2" 9 "cut short" 4000
ok "cut short: GET retried, 3 requests, got $(seen lost-retried)" [ "$(seen lost-retried)" -eq 3 ]
collect empty-retried
ok "empty reply, --retries 2: exit 4 or 9, got $RC ($ERR)" [ "$RC" -eq 4 -o "$RC" -eq 9 ]
ok "empty reply: GET retried, 3 requests, got $(seen empty-retried)" [ "$(seen empty-retried)" -eq 3 ]
collect reset-retried
failed "reset mid-body, --retries 2" 4 "connection" 4000
ok "reset mid-body: GET retried, 3 requests, got $(seen reset-retried)" [ "$(seen reset-retried)" -eq 3 ]
run post-lost --url "$FU" --cacert "$CA" --timeout 2 --retries 2 post /fault/close-mid-body --query key=post-lost
failed "POST cut short, --retries 2" 9 "cut short" 3000
ok "POST cut short: not retried, 1 request, got $(seen post-lost)" [ "$(seen post-lost)" -eq 1 ]

# ---- Clock skew: 401 with the server's Date, re-signed once ---------------------------------
run skew --url "$FU" --cacert "$CA" --timeout 2 --retries 0 get /fault/skew --query key=skew
succeeded "server clock 1 h ahead (--retries 0: the re-sign is not a retry)" "$WORK/body" 3000
ok "skew: the server saw 2 requests, got $(seen skew)" [ "$(seen skew)" -eq 2 ]
run skew-post --url "$FU" --cacert "$CA" --timeout 2 --retries 0 post /fault/skew --query key=skew-post
succeeded "POST, server clock 1 h ahead" "$WORK/body" 3000
ok "skew POST: the server saw 2 requests, got $(seen skew-post)" [ "$(seen skew-post)" -eq 2 ]
if [ -n "$FT" ]; then
    CLOCK=+1h run skew-agree --url "$FU" --cacert "$CA" --timeout 2 get /fault/skew --query key=skew-agree
    succeeded "client and server both 1 h ahead" "$WORK/body" 3000
    ok "skew-agree: 1 request, got $(seen skew-agree)" [ "$(seen skew-agree)" -eq 1 ]
fi

# ---- Connection modes: before HTTP exists -----------------------------------------------------
conns() { grep -c '"mode"' "$WORK/$1.log"; }
fault plain-http-on-tls-port 5 "TLS" --url "https://localhost:$PORT_plain/v1" --cacert "$CA" --timeout 2 --retries 0 get /x
fault garbage-instead-of-serverhello 5 "TLS" --url "https://localhost:$PORT_garbage/v1" --cacert "$CA" --timeout 2 --retries 0 get /x
fault handshake-fatal-alert 5 "server requires TLS 1.3" --url "https://localhost:$PORT_handshake_alert/v1" --cacert "$CA" --timeout 2 --retries 0 get /x
# README: "connection lost during the handshake" is a connection failure
# (exit 4), retried even for POST since the request never left.
fault "closed during the handshake" 4 "closed" --url "https://localhost:$PORT_hello_close/v1" --cacert "$CA" --timeout 2 --retries 0 get /x
n0=$(conns hello_close)
run hello-close-retried --url "https://localhost:$PORT_hello_close/v1" --cacert "$CA" --timeout 2 --retries 2 post /x
ok "closed during the handshake, POST --retries 2: 3 connections, got $(($(conns hello_close) - n0)) (exit $RC: $ERR)" \
    [ $(($(conns hello_close) - n0)) -eq 3 ]
fault reset-after-accept 4 "connection" --url "https://localhost:$PORT_reset/v1" --cacert "$CA" --timeout 2 --retries 0 get /x
n0=$(conns reset)
run reset-retried-conn --url "https://localhost:$PORT_reset/v1" --cacert "$CA" --timeout 2 --retries 2 get /x
failed "reset after accept, --retries 2" 4 "connection" 4000
ok "reset after accept: 3 connections, got $(($(conns reset) - n0))" [ $(($(conns reset) - n0)) -eq 3 ]
n0=$(conns reset)
run reset-post --url "https://localhost:$PORT_reset/v1" --cacert "$CA" --timeout 2 --retries 2 post /x
failed "POST, reset after accept, --retries 2" 4 "connection" 4000
ok "POST, reset after accept: the request never left, so retried: 3 connections, got $(($(conns reset) - n0))" \
    [ $(($(conns reset) - n0)) -eq 3 ]

# ---- Certificates --------------------------------------------------------------------------------
for k in expired notyet wrongname untrusted selfsigned; do
    case $k in
    expired) pat="certificate check failed: expired" ;;
    notyet) pat="certificate check failed: not yet valid" ;;
    wrongname) pat="name does not match" ;;
    *) pat="not signed by a trusted CA" ;;
    esac
    port=PORT_$k
    fault "$k certificate" 5 "$pat" --url "https://localhost:${!port}/v1" --cacert "$CA" --timeout 2 get /customers/
done

# ---- Wrong clocks (libfaketime) --------------------------------------------------------------------
api_log() { grep -c '"status":'"$2" "$WORK/$1.log"; }
if [ -n "$FT" ]; then
    CLOCK=1970 run clock-1970 --url "https://localhost:$PORT_old/v1" --cacert "$CA" --timeout 2 get /customers/
    succeeded "clock at 1970: the certificate is checked at the build-time floor, the 401 fixed by the Date" "$WORK/customers" 3000
    ok "clock at 1970: the server saw a 401 then a 200 ($(api_log old 401) 401, $(api_log old 200) 200)" \
        [ "$(api_log old 401)" -eq 1 -a "$(api_log old 200)" -eq 1 ]
    CLOCK=1970 run clock-1970-expired --url "https://localhost:$PORT_expired/v1" --cacert "$CA" --timeout 2 get /customers/
    failed "clock at 1970, certificate expired in 2020" 5 "certificate check failed: expired" 3000
    CLOCK=1970 run clock-1970-notyet --url "https://localhost:$PORT_notyet/v1" --cacert "$CA" --timeout 2 get /customers/
    failed "clock at 1970, certificate valid from 2040" 5 "certificate check failed: not yet valid" 3000
    CLOCK=+1h run clock-plus1h --url "https://localhost:$PORT_clock1/v1" --cacert "$CA" --timeout 2 get /customers/
    succeeded "clock 1 h ahead of the server" "$WORK/customers" 3000
    ok "clock +1 h: 401 then 200 ($(api_log clock1 401) 401, $(api_log clock1 200) 200)" \
        [ "$(api_log clock1 401)" -eq 1 -a "$(api_log clock1 200)" -eq 1 ]
    CLOCK=-1h run clock-minus1h --url "https://localhost:$PORT_clock2/v1" --cacert "$CA" --timeout 2 get /customers/
    succeeded "clock 1 h behind the server" "$WORK/customers" 3000
fi
FRAME_CLIENT_SECRET=wrong-secret run wrong-secret --url "https://localhost:$PORT_clock3/v1" --cacert "$CA" --timeout 2 get /customers/
failed "a right clock and a wrong secret" 6 "HTTP 401" 3000
ok "wrong secret: the 401's Date is right, so no re-sign: 1 request, got $(api_log clock3 401)" [ "$(api_log clock3 401)" -eq 1 ]

# ---- Proxies (tinyproxy) ------------------------------------------------------------------------------
tunnels() { grep -c "CONNECT localhost:$PORT_api" "$WORK/$1.log"; }
DEAD=http://127.0.0.1:$(free_port)
run proxy --proxy "http://127.0.0.1:$PROXY_tp" --url "$API" --cacert "$CA" --timeout 2 get /customers/
succeeded "--proxy" "$WORK/customers" 3000
ok "--proxy: the proxy made 1 tunnel, made $(tunnels tp)" [ "$(tunnels tp)" -eq 1 ]
https_proxy=http://127.0.0.1:$PROXY_tp run proxy-env --url "$API" --cacert "$CA" --timeout 2 get /customers/
succeeded "https_proxy" "$WORK/customers" 3000
ok "https_proxy: a second tunnel, $(tunnels tp) in all" [ "$(tunnels tp)" -eq 2 ]
HTTPS_PROXY=http://127.0.0.1:$PROXY_tp run proxy-env-upper --url "$API" --cacert "$CA" --timeout 2 get /customers/
succeeded "HTTPS_PROXY" "$WORK/customers" 3000
ok "HTTPS_PROXY: a third tunnel, $(tunnels tp) in all" [ "$(tunnels tp)" -eq 3 ]
https_proxy=http://127.0.0.1:$PROXY_tp NO_PROXY=localhost run no-proxy --url "$API" --cacert "$CA" --timeout 2 get /customers/
succeeded "NO_PROXY=localhost" "$WORK/customers" 3000
ok "NO_PROXY=localhost: no tunnel, still $(tunnels tp)" [ "$(tunnels tp)" -eq 3 ]
https_proxy=$DEAD no_proxy=example.com,localhost run no-proxy-dead --url "$API" --cacert "$CA" --timeout 2 get /customers/
succeeded "no_proxy=example.com,localhost with a dead https_proxy" "$WORK/customers" 3000
https_proxy=$DEAD run proxy-off --proxy "" --url "$API" --cacert "$CA" --timeout 2 get /customers/
succeeded "--proxy '' turns a dead https_proxy off" "$WORK/customers" 3000
HTTPS_PROXY=$DEAD run proxy-off-upper --proxy "" --url "$API" --cacert "$CA" --timeout 2 --retries 0 get /customers/
succeeded "--proxy '' turns a dead HTTPS_PROXY off too" "$WORK/customers" 3000
fault dead-proxy 4 "proxy\|127.0.0.1" --proxy "$DEAD" --url "$API" --cacert "$CA" --timeout 2 --retries 0 get /customers/
run proxy-auth --proxy "http://user:pass@127.0.0.1:$PROXY_tpa" --url "$API" --cacert "$CA" --timeout 2 get /customers/
succeeded "proxy with basic auth" "$WORK/customers" 3000
ok "proxy with basic auth: 1 tunnel, made $(tunnels tpa)" [ "$(tunnels tpa)" -eq 1 ]
fault proxy-407 4 "407" --proxy "http://127.0.0.1:$PROXY_tpa" --url "$API" --cacert "$CA" --timeout 2 --retries 0 get /customers/
fault proxy-wrong-password 4 "proxy.*HTTP 40[17]" --proxy "http://user:nope@127.0.0.1:$PROXY_tpa" --url "$API" --cacert "$CA" \
    --timeout 2 --retries 0 get /customers/
fault proxy-403-port 4 "proxy.*HTTP 403" --proxy "http://127.0.0.1:$PROXY_tp" --url "$FU" --cacert "$CA" --timeout 2 --retries 0 get /fault/ok
n0=$(tunnels tpa)
run proxy-407-default --proxy "http://127.0.0.1:$PROXY_tpa" --url "$API" --cacert "$CA" --timeout 2 get /customers/
failed "proxy 407, default retries" 4 "407" 3000
ok "proxy 407 is final: asked once, asked $(($(tunnels tpa) - n0)) times" [ $(($(tunnels tpa) - n0)) -eq 1 ]

# ---- The slow ones ---------------------------------------------------------------------------------------
collect stall-before
failed "stall before the response, --timeout 2" 8 "timed out" 3000
collect stall-mid-body
failed "stall mid-body, --timeout 2" 8 "timed out" 3000
collect slow-ok
succeeded "1 byte per 100 ms, --max-time 10" "$WORK/slow_body" 11000
ok "slow: the fixture really trickled (${MS} ms)" at_least 4000
collect slow-idle
succeeded "1 byte per 100 ms, --timeout 1: the limit is per read" "$WORK/slow_body" 11000
collect slow-max
failed "1 byte per 100 ms, --max-time 2" 8 "timed out" 3000
collect connect-only
failed "stall before the response, --connect-timeout 1 --timeout 3" 8 "timed out" 4000
ok "--connect-timeout does not cut the wait for the response (${MS} ms)" at_least 2900
collect silent-handshake
failed "silent TLS handshake, --connect-timeout 1 --timeout 5" 8 "timed out" 2000
collect silent-handshake-retried
failed "silent TLS handshake, --connect-timeout 1 --max-time 2, retrying" 8 "timed out" 3000

finish
