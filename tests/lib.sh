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
