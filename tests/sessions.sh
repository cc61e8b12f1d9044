#!/bin/bash
# sessions.sh - --tls-sessions FILE over real TLS on 127.0.0.1, against the
# local Frame API keeping sessions (frame_api.py --session-cache; its log
# says per request whether OpenSSL resumed, so resumption is checked on
# the server's side, not taken from framec's word):
#   - the first call makes the file (0600 whatever the umask, 137 bytes),
#     the next ones resume; -v names the handshake and the suite;
#   - every refusal rule: a symbolic link, a directory, another owner,
#     group or other access (a warning; the file is neither read nor
#     written), a wrong size or a damaged file (replaced), an expired
#     session, a clock before its creation, another server, another CA,
#     other pins, another TLS profile (a full handshake, then replaced);
#   - the fallbacks: a server that forgot the session (restarted) gets a
#     full handshake in the same connection; a session whose secret the
#     server does not share fails the resumed handshake, is forgotten and
#     a full handshake follows, transparently;
#   - FRAMEC_TLS_SESSIONS and the credentials file's tls_sessions=, and
#     --tls-sessions "" turning both off.
# The file's fields are rewritten from session.h's layout (offsets, big-
# endian, SHA-256 check) by python3 here, never by framec.
. "$(dirname "$0")/lib.sh"
make_certs
CA=$CERTS/ca.pem
LEAN=$TOP/build/static/lean/framec
start_api s ec --session-cache
start_api t ec --session-cache
U=https://localhost:$PORT_s/v1
F=$WORK/session
# call [framec args]: accounts list with the session file, -v.
# URL, CAF and EXTRA (an array) change the call for one case.
EXTRA=()
call() { fc --url "${URL:-$U}" --cacert "${CAF:-$CA}" --tls-sessions "$F" -v "${EXTRA[@]}" "$@" accounts list; }
# reused NAME: the last request of server NAME resumed a session.
reused() { tail -n 1 "$WORK/$1.log" | grep -q '"tls_reused":true'; }
full() { has "TLS 1.2 full handshake, ECDHE_"; }
resumed() { has "TLS 1.2 resumed handshake, ECDHE_"; }
mode() { stat -c %a "$1"; }
both() { resumed && reused "${1:-s}"; }
differs() { ! cmp -s "$1" "$2"; }
made_new() { ! tail -n 1 "$WORK/${1:-s}.log" | grep -q '"tls_reused":true'; }
fresh() { [ "$(stat -c %s "$F")" = 137 ] && [ "$(mode "$F")" = 600 ] && differs "$F" "$WORK/good"; }
# field OFFSET HEX: rewrites bytes of $F and its check, as session.h lays out.
field() {
    python3 - "$F" "$1" "$2" <<'EOF'
import hashlib, sys
path, off, val = sys.argv[1], int(sys.argv[2]), bytes.fromhex(sys.argv[3])
b = bytearray(open(path, "rb").read())
b[off:off + len(val)] = val
b[129:137] = hashlib.sha256(bytes(b[:129])).digest()[:8]
open(path, "wb").write(bytes(b))
EOF
}
created_at() { field 4 "$(printf '%016x' "$1")"; }

# ---- Made, then resumed ----------------------------------------------------------
old_umask=$(umask)
umask 000
call
umask "$old_umask"
ok "first call: exit $RC ($ERR)" [ "$RC" -eq 0 ]
ok "first call: a full handshake ($ERR)" full
ok "first call: the CA bundle was read" has "CA bundle"
ok "first call: the server made a new session" made_new s
ok "the file is 0600 under umask 000 ($(mode "$F"))" [ "$(mode "$F")" = 600 ]
ok "the file is 137 bytes" [ "$(stat -c %s "$F")" = 137 ]
ok "no temporary file left" [ -z "$(ls -A "$WORK" | grep '^\.framec-')" ]
ok "the client secret is not in the file" sh -c "! grep -q '$FRAME_CLIENT_SECRET' '$F'"
cp "$F" "$WORK/first"
call
ok "second call: exit $RC" [ "$RC" -eq 0 ]
ok "second call: resumed ($ERR)" resumed
ok "second call: the server resumed it" reused s
ok "a resumed call leaves the file as it was (resuming never extends)" cmp -s "$F" "$WORK/first"
ok "second call: the CA bundle was not read (a resumed handshake needs none)" sh -c "! grep -q 'CA bundle' '$ERRF'"
call
ok "third call: resumed" resumed
ok "without -v nothing is printed about sessions" sh -c \
    "'$FRAMEC' --url '$U' --cacert '$CA' --tls-sessions '$F' accounts list 2>&1 >/dev/null | grep -c . | grep -qx 0"
cp "$F" "$WORK/good"

# ---- Files that are not safe to trust: a warning, neither read nor written ------------
unsafe() { # NAME PATTERN
    ok "$1: exit $RC ($ERR)" [ "$RC" -eq 0 ]
    ok "$1: warns /$2/ ($ERR)" has "warning: TLS session file .* not used: .*$2"
    ok "$1: full handshake" full
}
ln -s "$WORK/good" "$WORK/link"
F=$WORK/link call
unsafe "symbolic link" "symbolic link"
ok "symbolic link: still a link" [ -L "$WORK/link" ]
ok "symbolic link: its target untouched" cmp -s "$WORK/good" "$WORK/first"
mkdir "$WORK/dir"
F=$WORK/dir call
unsafe "directory" "not a regular file"
cp "$WORK/good" "$WORK/wide" && chmod 644 "$WORK/wide"
F=$WORK/wide call
unsafe "mode 644" "group or others"
ok "mode 644: not rewritten" cmp -s "$WORK/wide" "$WORK/good"
cp "$WORK/good" "$WORK/g" && chmod 640 "$WORK/g"
F=$WORK/g call
unsafe "mode 640" "group or others"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    cp "$WORK/good" "$WORK/theirs" && chmod 600 "$WORK/theirs" && chown nobody "$WORK/theirs"
    F=$WORK/theirs call
    unsafe "another owner" "another user"
    ok "another owner: not rewritten" cmp -s "$WORK/theirs" "$WORK/good"
else
    echo "# note: not root: the other-owner case needs chown, skipped"
fi

# ---- Sessions that are not offered: full handshake, then replaced ------------------
replaced() { # NAME PATTERN
    ok "$1: exit $RC ($ERR)" [ "$RC" -eq 0 ]
    ok "$1: full handshake /$2/ ($ERR)" has "TLS 1.2 full handshake, ECDHE_.*$2"
    ok "$1: the CA bundle was read for it" has "CA bundle"
    ok "$1: the server made a new session" made_new "${SRV:-s}"
    ok "$1: replaced (137 bytes, 0600)" fresh
    call
    ok "$1: the next call resumes ($ERR)" both "${SRV:-s}"
    cp "$WORK/good" "$F"
}
head -c 100 "$WORK/good" >"$F" && chmod 600 "$F"
call
ok "wrong size: -v says so" has "wrong size"
replaced "wrong size" ""
cp "$WORK/good" "$F" && printf 'X' | dd of="$F" bs=1 seek=90 conv=notrunc 2>/dev/null
call
ok "damaged: -v says so" has "damaged"
replaced "damaged" ""
created_at $(($(date +%s) - 3601))
call
replaced "an hour old" "expired"
created_at $(($(date +%s) + 3600))
call
replaced "made after the clock's now" "clock reads before"
URL=https://localhost:$PORT_t/v1 SRV=t call
URL=https://localhost:$PORT_t/v1 SRV=t replaced "another server (port)" "another host"
cp "$CA" "$WORK/ca-copy.pem"
CAF=$WORK/ca-copy.pem call
CAF=$WORK/ca-copy.pem replaced "the same CA from another file" "another host, CA"
touch -d '1 minute ago' "$WORK/ca-copy.pem"
CAF=$WORK/ca-copy.pem call
CAF=$WORK/ca-copy.pem replaced "the CA file changed (touched)" "another host, CA"
cat "$CA" "$CERTS/other-ca.pem" >"$WORK/two-cas.pem"
CAF=$WORK/two-cas.pem call
CAF=$WORK/two-cas.pem replaced "another CA bundle" "another host, CA"
PIN=$(openssl x509 -in "$CERTS/ec.pem" -pubkey -noout | openssl pkey -pubin -outform der 2>/dev/null |
    openssl dgst -sha256 -binary | base64)
EXTRA=(--pinnedpubkey "sha256//$PIN")
call
replaced "pinned" "pins"
EXTRA=()
if [ -x "$LEAN" ]; then
    FRAMEC=$LEAN call
    FRAMEC=$LEAN replaced "another TLS profile (lean)" "profile"
else
    echo "# note: no $LEAN (make TLS_PROFILE=lean build/static/lean/framec): profile case skipped"
fi
created_at 1000
call
replaced "a session from 1970" "expired"

# ---- Fallbacks ------------------------------------------------------------------
cp "$WORK/good" "$F"
kill "${PIDS[0]}" 2>/dev/null; wait "${PIDS[0]}" 2>/dev/null
# The restarted server has an empty cache (and a new port: the binding
# would differ, so the session is made for it first).
rm -f "$WORK/s.port"
start_api s ec --session-cache
U=https://localhost:$PORT_s/v1
call
ok "restarted server: first call made a session for it" full
call
ok "restarted server: resumed" both s
kill "${PIDS[-1]}" 2>/dev/null; wait "${PIDS[-1]}" 2>/dev/null
# Same port again, new process: it forgot every session.
"$PY" "$TOP/tests/frame_api.py" --cert "$CERTS/ec.pem" --key "$CERTS/ec.key" --port "$PORT_s" \
    --log "$WORK/s.log" --session-cache 2>"$WORK/s2.err" &
PIDS+=($!)
for i in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT_s") 2>/dev/null && break; sleep 0.1; done
cp "$F" "$WORK/good"
call
ok "server forgot the session: exit $RC ($ERR)" [ "$RC" -eq 0 ]
ok "server forgot the session: full handshake in the same connection ($ERR)" \
    has "full handshake, ECDHE_.*the server did not resume the session"
ok "server forgot the session: a new session saved" differs "$F" "$WORK/good"
call
ok "server forgot the session: the next call resumes" both s
# A secret the server does not share: the server resumes the ID, the
# Finished messages disagree, the session is forgotten, a full handshake
# follows in a new connection.
field 81 "$(printf '00%.0s' $(seq 48))"
call
ok "wrong master secret: exit $RC ($ERR)" [ "$RC" -eq 0 ]
ok "wrong master secret: -v says the resumption failed" has "resumed TLS handshake failed"
ok "wrong master secret: then a full handshake" full
call
ok "wrong master secret: the next call resumes" both s

# ---- Where the file is named ---------------------------------------------------------
rm -f "$F"
fc --url "$U" --cacert "$CA" accounts list
ok "no option, no file: nothing written" [ ! -e "$F" ]
FRAMEC_TLS_SESSIONS=$F fc --url "$U" --cacert "$CA" accounts list
ok "FRAMEC_TLS_SESSIONS: the file is made" [ -s "$F" ]
FRAMEC_TLS_SESSIONS=$F fc --url "$U" --cacert "$CA" -v accounts list
ok "FRAMEC_TLS_SESSIONS: resumed" resumed
FRAMEC_TLS_SESSIONS=$F fc --url "$U" --cacert "$CA" --tls-sessions "" -v accounts list
ok "--tls-sessions \"\" turns it off" full
printf 'client_id=%s\nclient_secret=%s\ntls_sessions=%s\n' "$FRAME_CLIENT_ID" "$FRAME_CLIENT_SECRET" "$F" \
    >"$WORK/cred" && chmod 600 "$WORK/cred"
fc --url "$U" --cacert "$CA" --credentials "$WORK/cred" -v accounts list
ok "credentials file tls_sessions=: resumed ($ERR)" resumed
rm -f "$F"
fc --tls-sessions "$F" sign
ok "sign makes no session file" [ ! -e "$F" ]
finish
