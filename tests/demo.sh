#!/bin/bash
# demo.sh - starts the local Frame API over TLS on 127.0.0.1 and shows real
# framec calls against it, then stops the server. Run it with `make demo`.
. "$(dirname "$0")/lib.sh"
FRAMEC=$TOP/framec
make_certs
start_api demo ec
export FRAME_API_URL=https://localhost:$PORT_demo/v1 SSL_CERT_FILE=$CERTS/ca.pem

show() { # prints the command, runs it, shows its exit code
    printf '\n$ framec %s\n' "$*"
    "$FRAMEC" "$@"
    printf '\n[exit %d]\n' $? # bodies end as the server sent them
}

echo "Local Frame API: $FRAME_API_URL (test CA: $SSL_CERT_FILE)"
echo "Credentials from FRAME_CLIENT_ID=$FRAME_CLIENT_ID and FRAME_CLIENT_SECRET (not shown)."
show get /accounts
show get /accounts/f0145d11-f205-49bd-9df5-7bd7697f027a
show -v get /customers/
show post /accounts/3584a552-5bf1-4991-a650-437873165175/secure-anonymous/secure-anon-7d1015db-6564-4e7f-a3f9-5fb16f6756c2/tokens --data '{"first_name":"Kiosk"}'
show sign
show get /accounts/no-such-account
echo
echo "Server stopped. Exit codes: framec --help."
