#!/bin/bash
# demo.sh - starts the local Frame API over TLS on 127.0.0.1 and shows real
# framec calls against it, then stops the server. Run it with `make demo`.
. "$(dirname "$0")/lib.sh"
FRAMEC=$TOP/framec
make_certs
start_api demo ec
export FRAME_API_URL=https://localhost:$PORT_demo/v1 SSL_CERT_FILE=$CERTS/ca.pem
ACC=3584a552-5bf1-4991-a650-437873165175
PROV=secure-anon-7d1015db-6564-4e7f-a3f9-5fb16f6756c2

show() { # prints the command, runs it, shows its output and exit code
    local out rc
    printf '\n$ framec %s\n' "$*"
    out=$("$FRAMEC" "$@"); rc=$?
    [ -n "$out" ] && printf '%s\n' "$out" # raw bodies end without a newline
    printf '[exit %d]\n' $rc
}

echo "Local Frame API: $FRAME_API_URL (test CA: $SSL_CERT_FILE)"
echo "Credentials from FRAME_CLIENT_ID=$FRAME_CLIENT_ID and FRAME_CLIENT_SECRET (not shown)."
echo; echo "== Reading: a --field table, one account, the raw body"
show accounts list --field id --field name --field active
show accounts get $ACC --field name --field settings.session.timeout_minutes
show customers get
echo; echo "== Every page of a paged list, as one array"
show organizations list --all --limit 2 --field name
echo; echo "== Publishing and waiting for the task"
show accounts publish $ACC --wait --interval 0.2
echo; echo "== The kiosk flow: a token at boot, then watch the session"
show accounts sat-token $ACC $PROV --first-name Kiosk --metadata '{"kiosk":"lobby-1"}'
show accounts session-wait $ACC gateway-prod.demo1 --interval 0.2
echo; echo "== Debugging"
show -v infrastructure datacenters --field name
show sign
show accounts get no-such-account
echo
echo "Server stopped. Exit codes: framec --help."
