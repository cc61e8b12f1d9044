# lib.sh - sourced by integration.sh and demo.sh: a scratch folder, test
# certificates, and local Frame API servers that stop when the script ends.
# Everything listens on 127.0.0.1 and is reached as "localhost".

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d /tmp/framec-test.XXXXXX)
CERTS=$WORK/certs
PIDS=()
PY=${PYTHON:-python3}

export FRAME_CLIENT_ID=test-client.img.frame.nutanix.com
export FRAME_CLIENT_SECRET=0123456789abcdef0123456789abcdef01234567
unset FRAME_API_URL SSL_CERT_FILE https_proxy HTTPS_PROXY
# No credentials file of this machine's user may leak into a test.
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config
mkdir -p "$HOME"

cleanup() { # KEEP=1 keeps the scratch folder (logs) for a post-mortem
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    if [ -n "$KEEP" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

make_certs() {
    bash "$TOP/tests/certs.sh" "$CERTS" || { echo "certs.sh failed" >&2; exit 1; }
}

# start_api NAME CERT [frame_api.py options...]: serves with $CERTS/CERT.pem
# and sets PORT_NAME to the port it listens on (waits up to 10 s for it).
start_api() {
    local name=$1 cert=$2 i
    shift 2
    "$PY" "$TOP/tests/frame_api.py" --cert "$CERTS/$cert.pem" --key "$CERTS/$cert.key" \
        --port 0 --port-file "$WORK/$name.port" --log "$WORK/$name.log" "$@" \
        2>"$WORK/$name.err" &
    PIDS+=($!)
    for i in $(seq 100); do
        [ -s "$WORK/$name.port" ] && break
        sleep 0.1
    done
    [ -s "$WORK/$name.port" ] || { echo "server $name did not start:" >&2; cat "$WORK/$name.err" >&2; exit 1; }
    printf -v "PORT_$name" '%s' "$(cat "$WORK/$name.port")"
}

# ---- Checks: each prints a line only when it fails ----------------------
# The build under test (run.sh points these at the sanitizer and valgrind
# variants); SLACK_MS widens time limits for the slow ones.
FRAMEC=${FRAMEC:-$TOP/framec}
TEST_BIN_DIR=${TEST_BIN_DIR:-$TOP/build/tests}
SLACK_MS=${SLACK_MS:-0}
# The static binary; cross.sh sets STATIC to a qemu wrapper and STATIC_ELF
# to the binary itself.
STATIC=${STATIC:-$TOP/build/static/framec}
STATIC_ELF=${STATIC_ELF:-$STATIC}
PASS=0 FAIL=0

ok() { # name, then a command that must succeed
    local name=$1; shift
    if "$@"; then PASS=$((PASS + 1)); else FAIL=$((FAIL + 1)); echo "not ok $name"; fi
}

# fc [args...]: runs framec with a hard outer limit, leaving RC, OUT
# (stdout file), ERR (stderr text) and MS (wall milliseconds).
OUT=$WORK/out ERRF=$WORK/err
fc() {
    local t0=$(date +%s%N)
    timeout 60 "$FRAMEC" "$@" >"$OUT" 2>"$ERRF"; RC=$?
    MS=$((($(date +%s%N) - t0) / 1000000))
    ERR=$(cat "$ERRF")
}
within() { [ "$MS" -lt $(($1 + SLACK_MS)) ]; } # within LIMIT_MS: the last fc's time
one_line() { [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] && [ -n "$ERR" ]; }
empty_out() { [ ! -s "$OUT" ]; }
has() { printf '%s' "$ERR" | grep -q -- "$1"; }

# expect_fail NAME CODE PATTERN [framec args...]: exit code, one line on
# stderr matching PATTERN, and nothing on stdout.
expect_fail() {
    local name=$1 code=$2 pat=$3; shift 3
    fc "$@"
    ok "$name: exit $RC, want $code ($ERR)" [ "$RC" -eq "$code" ]
    ok "$name: one line on stderr" one_line
    ok "$name: stderr names the cause /$pat/ ($ERR)" has "$pat"
    ok "$name: nothing on stdout" empty_out
}


# finish: the closing line, and the exit status.
finish() {
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}
