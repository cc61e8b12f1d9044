#!/bin/bash
# soak.sh - the soak test (tests/soak.c) against the local Frame API.
. "$(dirname "$0")/lib.sh"
make_certs
start_api soak ec
$TEST_WRAP "$TEST_BIN_DIR/soak" "https://localhost:$PORT_soak/v1" "$CERTS/ca.pem" "${SOAK_REQUESTS:-10000}"
