#!/bin/bash
# commands.sh - every named command against the local Frame API: what goes
# on the wire (method, path, query, body, from the server's log), what comes
# out (compared with Python's own reading of the same data), the workflows
# (--all, publish --wait, session-wait, sat-token), --field, credentials
# files, flat memory over long lists, and secrets never shown.
. "$(dirname "$0")/lib.sh"

make_certs
CA=$CERTS/ca.pem
start_api api ec
start_api chunked ec --chunked
start_api big ec --accounts 100000
start_api small ec --accounts 10
export FRAME_API_URL=https://localhost:$PORT_api/v1 SSL_CERT_FILE=$CA
LOG=$WORK/api.log

ACC=f0145d11-f205-49bd-9df5-7bd7697f027a
BROKEN=5499d3cb-cf74-471f-8204-66af66fe31b4
ORG=ab4f06b1-412c-4aed-809a-06166ee8704b
CUST=0ed107c1-2c06-4132-832e-f04a97282225.13b460a8-d0fc-4fce-8430-77926940e44e
PROV=secure-anon-7d1015db-6564-4e7f-a3f9-5fb16f6756c2
TASK=b0c6f3a2-0000-4000-8000-000000000001
SESS=gateway-prod.KR5LDopQG8MzV136

# last_request: "METHOD PATH?QUERY" of the newest logged request.
last_request() {
    "$PY" -c 'import json,sys; r=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print(r["method"], r["path"] + ("?" + r["query"] if r["query"] else ""))' "$LOG"
}
last_body() {
    "$PY" -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["body"])' "$LOG"
}

# wire NAME "METHOD /v1/path?query" framec-args...: the command sends
# exactly that request line (the status does not matter here).
wire() {
    local name=$1 want=$2; shift 2
    fc "$@"
    local got=$(last_request)
    ok "$name: sent '$want', got '$got' (exit $RC: $ERR)" [ "$got" = "$want" ]
}

# ---- Every command sends exactly the documented request ---------------------
wire "accounts list" "GET /v1/accounts" accounts list
wire "accounts list filters" "GET /v1/accounts?name=Caf%C3%A9&organization_id=$ORG" accounts list --name Café --organization-id $ORG
wire "accounts get" "GET /v1/accounts/$ACC" accounts get $ACC
wire "accounts availability-zones" "GET /v1/accounts/$ACC/availability_zones" accounts availability-zones $ACC
wire "accounts upgrade-groups" "GET /v1/accounts/$ACC/deployment_groups" accounts upgrade-groups $ACC
wire "accounts user-volumes-settings" "GET /v1/accounts/$ACC/user_volumes_settings" accounts user-volumes-settings $ACC
wire "accounts publish" "POST /v1/accounts/$ACC/publish" accounts publish $ACC
wire "accounts publish-tasks" "GET /v1/accounts/$ACC/publish/tasks" accounts publish-tasks $ACC
wire "accounts publish-status" "GET /v1/accounts/$ACC/publish/$TASK" accounts publish-status $ACC $TASK
wire "accounts session" "GET /v1/accounts/$ACC/sessions/$SESS" accounts session $ACC $SESS
wire "accounts sat-token" "POST /v1/accounts/$ACC/secure-anonymous/$PROV/tokens" accounts sat-token $ACC $PROV
wire "organizations list" "GET /v1/organizations?name=HQ&show_deleted=true&order=desc&order_by=name&offset=1&limit=2" \
    organizations list --name HQ --show-deleted --order desc --order-by name --offset 1 --limit 2
wire "organizations get" "GET /v1/organizations/$ORG" organizations get $ORG
wire "organizations audit-trails" "GET /v1/organizations/$ORG/audit-trails?search=x&kind=user.login&offset=0&limit=5" \
    organizations audit-trails $ORG --search x --kind user.login --offset 0 --limit 5
wire "organizations sat-token" "POST /v1/organizations/$ORG/secure-anonymous/$PROV/tokens" organizations sat-token $ORG $PROV
wire "customers get" "GET /v1/customers/" customers get
wire "customers accounts" "GET /v1/customers/$CUST/accounts?name=a&active=true&organization_id=$ORG&order=asc&order_by=name&offset=0&limit=3" \
    customers accounts $CUST --name a --active true --organization-id $ORG --order asc --order-by name --offset 0 --limit 3
wire "customers audit-trails" "GET /v1/customers/$CUST/audit-trails?search=login&offset=2&limit=4" \
    customers audit-trails $CUST --search login --offset 2 --limit 4
wire "infrastructure cloud-providers" "GET /v1/cloud_providers" infrastructure cloud-providers
wire "infrastructure datacenters" "GET /v1/datacenters" infrastructure datacenters
wire "path parameters are encoded in full" "GET /v1/accounts/a%2Fb%20c%3F%25" accounts get 'a/b c?%'
ok "unknown account: exit 6" [ "$RC" -eq 6 ]
wire "generic get keeps --query" "GET /v1/accounts?name=x%20y" get /accounts --query 'name=x y'
wire "a named command takes --query for parameters its table lacks" "GET /v1/accounts?name=a&x-new=1%202" \
    accounts list --name a --query 'x-new=1 2'
expect_fail "--query with sign" 2 "--query goes with get, delete, post, put and the named commands" \
    sign --query a=b

# ---- Help and usage -----------------------------------------------------------
fc --help
for c in "accounts list" "accounts get" "accounts availability-zones" "accounts upgrade-groups" \
    "accounts user-volumes-settings" "accounts publish" "accounts publish-tasks" "accounts publish-status" \
    "accounts session" "accounts session-wait" "accounts sat-token" "organizations list" "organizations get" \
    "organizations audit-trails" "organizations sat-token" "customers get" "customers accounts" \
    "customers audit-trails" "infrastructure cloud-providers" "infrastructure datacenters"; do
    ok "--help lists '$c'" grep -q "^  $c " "$OUT"
done
# Summaries live in src/cli/help.c, apart from the endpoint table: none may be missing.
ok "--help has a summary for every command" sh -c "! grep -Eq '^  [a-z|]+ [^ ]+( [A-Z]+)* *\$' \"\$1\"" sh "$OUT"
fc accounts list --help
ok "accounts list --help: exit 0" [ "$RC" -eq 0 ]
ok "accounts list --help shows its options" grep -q 'framec accounts list \[--name X\] \[--organization-id X\]' "$OUT"
fc organizations list --help
ok "organizations list --help shows choices and --all" grep -q '\[--order asc|desc\].*\[--all\]' "$OUT"
fc accounts sat-token --help
ok "sat-token --help shows body options" grep -q 'ACCOUNT PROVIDER .*\[--first-name X\].*\[--metadata JSON\]' "$OUT"
expect_fail "unknown verb" 2 "unknown command 'accounts frob'" accounts frob
expect_fail "missing path argument" 2 "usage: framec accounts get ACCOUNT" accounts get
expect_fail "option of another command" 2 "unknown option '--show-deleted' for this command" accounts list --show-deleted
expect_fail "bad choice" 2 "not one of asc|desc" organizations list --order up
expect_fail "bad integer" 2 "not a non-negative integer" organizations list --limit -1
# The same range on 32- and 64-bit machines: 2^32 is refused, not clamped.
expect_fail "offset of 2^32" 2 "'4294967296' is not a non-negative integer of at most 9 digits" organizations list --offset 4294967296
expect_fail "offset of 2^32 with --all" 2 "is not a non-negative integer of at most 9 digits" organizations list --all --offset 4294967296
expect_fail "limit of 10 digits" 2 "is not a non-negative integer of at most 9 digits" organizations list --limit 1000000000
expect_fail "--all on a list without paging" 2 "--all only goes with paged lists" accounts list --all
expect_fail "--wait without publish" 2 "--wait only goes with accounts publish" accounts get $ACC --wait
expect_fail "bad --metadata" 2 "wants a JSON object" accounts sat-token $ACC $PROV --metadata '[1,'

# ---- --all: every page, one array ----------------------------------------------
"$PY" "$TOP/tests/fetch.py" "$CA" "$FRAME_API_URL/organizations" >"$WORK/orgs.ref"
before=$(wc -l <"$LOG")
fc organizations list --all --limit 2
ok "organizations list --all: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "--all: the same elements as one unpaged request" "$PY" -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(0 if a == b and len(a) > 2 else 1)' "$OUT" "$WORK/orgs.ref"
n=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/orgs.ref")
pages=$(tail -n +$((before + 1)) "$LOG" | grep -c '"path":"/v1/organizations"')
ok "--all: pages of 2 until a short page ($pages requests for $n items)" [ "$pages" -eq $((n / 2 + 1)) ]
ok "--all: offsets advance" grep -q '"query":"offset=2&limit=2"' "$LOG"
fc customers audit-trails $CUST --all
ok "customers audit-trails --all (default page size): a JSON array of 25" "$PY" -c '
import json, sys; sys.exit(0 if len(json.load(open(sys.argv[1]))) == 25 else 1)' "$OUT"
ok "--all default page size is 100" grep -q 'audit-trails","query":"offset=0&limit=100"' "$LOG"
fc organizations list --all --field name --limit 1
ok "--all with --field: one line per element" [ "$(wc -l <"$OUT")" -eq "$n" ]

# ---- --field -------------------------------------------------------------------------
"$PY" "$TOP/tests/fetch.py" "$CA" "$FRAME_API_URL/accounts" >"$WORK/acc.ref"
"$PY" -c '
import json, sys
def cell(v):
    if v is None: return "null"
    if v is True: return "true"
    if v is False: return "false"
    s = v if isinstance(v, str) else json.dumps(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
for a in json.load(open(sys.argv[1])):
    print("\t".join([cell(a["id"]), cell(a["name"]), cell(a["website"]), cell(a["active"]), ""]))
' "$WORK/acc.ref" >"$WORK/rows.want"
for srv in api chunked; do
    port=PORT_$srv
    FRAME_API_URL=https://localhost:${!port}/v1 fc accounts list --field id --field name --field website --field active --field no_such
    ok "--field table ($srv): exit 0 ($ERR)" [ "$RC" -eq 0 ]
    ok "--field table ($srv): decoded, escaped, tab-separated, empty for missing" cmp -s "$OUT" "$WORK/rows.want"
done
ok "--field: the emoji and the tab were decoded from escapes" grep -q 'Launch\\tPad 🚀' "$OUT"
fc accounts get $ACC --field settings.session.timeout_minutes --field settings.features.1 --field settings.session.idle_minutes
ok "--field on an object: nested paths and indexes" [ "$(cat "$OUT")" = "$(printf '30\tsat\tnull')" ]
expect_fail "--field into a string" 2 "not an object or array" accounts get $ACC --field name.first
fc get /accounts --field name
ok "--field works with the generic get" [ "$(wc -l <"$OUT")" -eq 7 ]

# ---- sat-token: the bare token ----------------------------------------------------------
fc accounts sat-token $ACC $PROV --first-name 'Ada "L"' --last-name Lovelace --email ada@example.com \
    --email-domain example.com --metadata '{"kiosk":"lobby-1","n":2}'
ok "sat-token: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "sat-token: the bare JWT and a newline" grep -qxE 'eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+' "$OUT"
ok "sat-token: exactly one line" [ "$(wc -l <"$OUT")" -eq 1 ]
ok "sat-token: the body fields reached the server as JSON" "$PY" -c '
import json, sys
b = json.loads(sys.argv[1])
sys.exit(0 if b == {"first_name": "Ada \"L\"", "last_name": "Lovelace", "email": "ada@example.com",
                    "email_domain": "example.com", "metadata": {"kiosk": "lobby-1", "n": 2}} else 1)' "$(last_body)"
fc organizations sat-token $ORG $PROV
ok "organizations sat-token: a bare token" grep -qxE 'eyJ[A-Za-z0-9_.-]+' "$OUT"
ok "sat-token without options sends {}" [ "$(last_body)" = "{}" ]

# ---- publish --wait -----------------------------------------------------------------------
fc accounts publish $ACC --wait --interval 0.1
ok "publish --wait: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "publish --wait: the final task says success" grep -q '"status": *"success"' "$OUT"
ok "publish --wait: no progress lines when stderr is not a terminal" [ -z "$ERR" ]
polls=$(grep -c "\"path\":\"/v1/accounts/$ACC/publish/[0-9a-f-]*\"" "$LOG")
ok "publish --wait polled the task until it ended ($polls polls)" [ "$polls" -ge 2 ]
fc accounts publish $BROKEN --wait --interval 0.1
ok "publish --wait of a failing task: exit 10 ($ERR)" [ "$RC" -eq 10 ]
ok "publish --wait failure: one line naming it" sh -c "[ \"\$(wc -l <'$ERRF')\" -eq 1 ] && grep -q 'failed' '$ERRF'"
fc accounts publish $ACC --wait --interval 0.5 --max-wait 0.3
ok "publish --wait --max-wait: exit 8 ($ERR)" [ "$RC" -eq 8 ]
ok "publish --wait --max-wait: nothing on stdout" empty_out

# ---- session-wait --------------------------------------------------------------------------
fc accounts session-wait $ACC gateway-prod.sessionA --interval 0.05
ok "session-wait: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "session-wait: prints the final state" [ "$(cat "$OUT")" = closed ]
ok "session-wait: polled through init, reserved, Open, open" [ "$(grep -c 'sessions/gateway-prod.sessionA' "$LOG")" -eq 5 ]
fc accounts session-wait $ACC gateway-prod.sessionB --interval 0.2 --max-wait 0.5
ok "session-wait --max-wait: exit 8 ($ERR)" [ "$RC" -eq 8 ]
ok "session-wait --max-wait: within the limit plus a second ($MS ms)" within 1500
ok "session-wait --max-wait: nothing on stdout" empty_out

# ---- batch: many requests, one connection, one line each -------------------------------
printf '%s\n' "GET /customers/" "# a comment" "" "GET /accounts?name=Caf%C3%A9" "GET /accounts/nope" \
    "FROB /x" "POST /accounts/$ACC/secure-anonymous/$PROV/tokens {\"first_name\":\"B\"}" \
    "GET /datacenters" >"$WORK/batch.in"
before=$(wc -l <"$LOG")
"$FRAMEC" batch --status <"$WORK/batch.in" >"$OUT" 2>"$ERRF"; RC=$?
ok "batch: exit 6, the first failure's code (got $RC)" [ "$RC" -eq 6 ]
ok "batch: one output line per request (6)" [ "$(wc -l <"$OUT")" -eq 6 ]
ok "batch: statuses in order" [ "$(cut -f1 "$OUT" | tr '\n' ' ')" = "200 200 404 0 200 200 " ]
ok "batch: the query was decoded and sent encoded once" grep -q '"query":"name=Caf%C3%A9"' "$LOG"
ok "batch: each body is one JSON line" "$PY" -c '
import json, sys
for line in open(sys.argv[1]):
    st, body = line.rstrip("\n").split("\t", 1)
    if st != "0": json.loads(body)' "$OUT"
ok "batch: the token body reached the server" grep -q '"body":"{\\"first_name\\":\\"B\\"}"' "$LOG"
ok "batch: stderr names the failed lines" sh -c "grep -q 'line 5: HTTP 404' '$ERRF' && grep -q 'line 6: expected METHOD PATH' '$ERRF'"
conns=$(tail -n +$((before + 1)) "$LOG" | grep -o '"conn":[0-9]*' | sort -u | wc -l)
ok "batch: every request on one connection ($conns)" [ "$conns" -eq 1 ]
"$FRAMEC" batch --fail-fast <"$WORK/batch.in" >"$OUT" 2>"$ERRF"; RC=$?
ok "batch --fail-fast: stops at the 404 (exit $RC, $(wc -l <"$OUT") lines)" [ "$RC" -eq 6 ] && [ "$(wc -l <"$OUT")" -eq 3 ]
printf 'GET /customers/\nGET /datacenters\n' | "$FRAMEC" batch >"$OUT" 2>"$ERRF"; RC=$?
ok "batch without failures: exit 0, bare bodies" [ "$RC" -eq 0 ] && [ "$(head -c 1 "$OUT")" = "{" ]

# ---- Credentials, as people keep them -----------------------------------------------------
CID=$FRAME_CLIENT_ID SEC=$FRAME_CLIENT_SECRET
mkdir -p "$XDG_CONFIG_HOME/framec"
printf 'client_id=%s\nclient_secret=%s\n' "$CID" "$SEC" >"$XDG_CONFIG_HOME/framec/credentials"
chmod 644 "$XDG_CONFIG_HOME/framec/credentials"
FRAME_CLIENT_SECRET=wrong expect_fail "credentials file readable by others" 3 "chmod 600" customers get
chmod 600 "$XDG_CONFIG_HOME/framec/credentials"
FRAME_CLIENT_SECRET=wrong fc customers get
ok "XDG credentials file comes before the environment ($ERR)" [ "$RC" -eq 0 ]
mv "$XDG_CONFIG_HOME/framec/credentials" "$WORK/cred"
FRAME_CLIENT_SECRET=wrong expect_fail "without a file, the environment is used" 6 "HTTP 401" customers get
mkdir -p "$HOME/.config/framec" && cp -p "$WORK/cred" "$HOME/.config/framec/credentials"
FRAME_CLIENT_SECRET=wrong XDG_CONFIG_HOME= fc customers get
ok "~/.config/framec/credentials without XDG_CONFIG_HOME ($ERR)" [ "$RC" -eq 0 ]
rm -f "$HOME/.config/framec/credentials"
printf 'client_id=%s\nclient_secret=wrong\n' "$CID" >"$WORK/wrongcred" && chmod 600 "$WORK/wrongcred"
cp -p "$WORK/cred" "$XDG_CONFIG_HOME/framec/credentials"
expect_fail "--credentials comes first" 6 "HTTP 401" --credentials "$WORK/wrongcred" customers get
rm -f "$XDG_CONFIG_HOME/framec/credentials"

# ---- Nothing shows the secret or a signature ----------------------------------------------
: >"$WORK/all.out"
while read -r args; do
    eval "fc -v $args"
    cat "$OUT" "$ERRF" >>"$WORK/all.out"
done <<EOF
accounts list
accounts get $ACC
accounts availability-zones $ACC
accounts upgrade-groups $ACC
accounts user-volumes-settings $ACC
accounts publish $ACC --wait --interval 0.05
accounts publish-tasks $ACC
accounts session $ACC $SESS
accounts session-wait $ACC gateway-prod.sessionC --interval 0.05
accounts sat-token $ACC $PROV --first-name x
organizations list --all
organizations get $ORG
organizations audit-trails $ORG --all
organizations sat-token $ORG $PROV
customers get
customers accounts $CUST --all
customers audit-trails $CUST
infrastructure cloud-providers
infrastructure datacenters
get /accounts
post /accounts/$ACC/publish
sign --timestamp 1700000000
EOF
ok "-v on every command: headers were traced" grep -q 'X-Frame-Signature: \[redacted\]' "$WORK/all.out"
ok "-v on every command: the secret appears nowhere" sh -c "! grep -qF '$SEC' '$WORK/all.out'"
leaks=0
for ts in $(grep -o '"timestamp":"[0-9]*"' "$LOG" | grep -o '[0-9]*' | sort -u); do
    sig=$("$FRAMEC" sign --timestamp "$ts" | sed -n 's/^X-Frame-Signature: //p')
    grep -qF "$sig" "$WORK/all.out" && leaks=$((leaks + 1))
done
ok "-v on every command: no request signature appears ($leaks leaked)" [ "$leaks" -eq 0 ]

# ---- Flat memory over long lists ---------------------------------------------------------
# peak_rss (static, smaller than framec) reports the peak RSS in KB of the
# static framec; a Python or shell wrapper would report its own size.
PEAK=$TOP/build/tests/peak_rss
peak() { "$PEAK" "$STATIC" "$@" 2>/dev/null; }
head -c 900000 /dev/zero | tr '\0' a >"$WORK/900k.json"
base=$(peak sign)
held=$(peak --url "https://localhost:$PORT_small/v1" post /accounts/$ACC/publish --data @"$WORK/900k.json")
ok "the RSS probe sees memory: 900 KB of --data ($held KB) vs none ($base KB)" [ $((held - base)) -ge 850 ]
for mode in "" "--field id --field name"; do
    small=$(peak --url "https://localhost:$PORT_small/v1" accounts list $mode)
    big=$(peak --url "https://localhost:$PORT_big/v1" accounts list $mode)
    ok "accounts list $mode: 100,000 accounts ($big KB) vs 10 ($small KB): within 64 KB" \
        [ "$small" -gt 0 ] && [ "$big" -gt 0 ] && [ $((big - small)) -le 64 ]
done
FRAMEC=$STATIC fc --url "https://localhost:$PORT_big/v1" accounts list --field id
ok "100,000 accounts, one line each" [ "$(wc -l <"$OUT")" -eq 100000 ]

# ---- Output in blocks ------------------------------------------------------------------
# Past the held output, rows go out in blocks: every row still arrives, in
# order, and a failing stdout is still an error (exit 1), held or streamed.
"$PY" "$TOP/tests/fetch.py" "$CA" "https://localhost:$PORT_big/v1/accounts" | "$PY" -c '
import json, sys
for a in json.load(sys.stdin):
    n = a["name"].replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    print(a["id"] + "\t" + n)' >"$WORK/big.want"
fc --url "https://localhost:$PORT_big/v1" accounts list --field id --field name
ok "100,000 rows through the block buffer: exit 0 ($ERR)" [ "$RC" -eq 0 ]
ok "100,000 rows through the block buffer: as Python reads them" cmp -s "$OUT" "$WORK/big.want"
# A batch line bigger than the blocks, then a failing one, then a small one.
printf '%s\n' "GET /accounts" "GET /accounts/nope" "GET /accounts/$ACC" >"$WORK/bigbatch.in"
timeout 60 "$FRAMEC" --url "https://localhost:$PORT_big/v1" batch --status <"$WORK/bigbatch.in" >"$OUT" 2>"$ERRF"; RC=$?
ok "batch through the blocks: exit 6 ($RC)" [ "$RC" -eq 6 ]
ok "batch through the blocks: statuses in order, one line each" \
    [ "$(cut -f1 "$OUT" | tr '\n' ' ')" = "200 404 200 " ]
ok "batch through the blocks: 100,000 accounts on the first line, the account on the last" "$PY" -c '
import json, sys
lines = open(sys.argv[1]).read().split("\n")
sys.exit(0 if len(json.loads(lines[0].split("\t", 1)[1])) == 100000
         and json.loads(lines[2].split("\t", 1)[1])["id"] == sys.argv[2] else 1)' "$OUT" "$ACC"
ok "batch through the blocks: stderr names line 2" [ "$(cat "$ERRF")" = "framec: line 2: HTTP 404" ]
for url in "https://localhost:$PORT_small/v1" "https://localhost:$PORT_big/v1"; do
    timeout 60 "$FRAMEC" --url "$url" accounts list --field id >/dev/full 2>"$ERRF"; RC=$?
    ERR=$(cat "$ERRF")
    ok "stdout /dev/full, ${url##*:}: exit 1 ($RC: $ERR)" [ "$RC" -eq 1 ]
    ok "stdout /dev/full, ${url##*:}: one line, says so" [ "$ERR" = "framec: cannot write to stdout" ]
done

# Closed standard streams. A closed stdout would be the next descriptor
# opened, the TLS socket: the output would go to the server. It is refused
# before anything is opened, and the server sees nothing. Not under
# valgrind: it opens files of its own on the closed descriptors before
# framec starts, so framec never sees them closed.
case $FRAMEC in *valgrind*) echo "# closed-stream checks skipped under valgrind" ;; *)
seen_before=$(wc -l <"$LOG")
timeout 60 "$FRAMEC" accounts get "$ACC" >&- 2>"$ERRF"; RC=$?
ERR=$(cat "$ERRF")
ok "stdout closed: exit 1 ($RC: $ERR)" [ "$RC" -eq 1 ]
ok "stdout closed: one line, says so" [ "$ERR" = "framec: standard output is closed: nothing would be printed" ]
ok "stdout closed: the server saw no request" [ "$(wc -l <"$LOG")" -eq "$seen_before" ]
timeout 60 "$FRAMEC" accounts get "$ACC" >"$OUT" 2>&-; RC=$?
ok "stderr closed: exit 0 ($RC), the account printed" sh -c "[ $RC -eq 0 ] && grep -q '$ACC' '$OUT'"
timeout 60 "$FRAMEC" accounts get 00000000-dead-beef-0000-000000000000 >"$OUT" 2>&-; RC=$?
ok "stderr closed: a 404 still exits 6 ($RC)" [ "$RC" -eq 6 ]
timeout 60 "$FRAMEC" batch <&- >"$OUT" 2>"$ERRF"; RC=$?
ok "stdin closed: batch reads nothing, exit 0 ($RC: $(cat "$ERRF"))" sh -c "[ $RC -eq 0 ] && [ ! -s '$OUT' ]"
;;
esac

finish
