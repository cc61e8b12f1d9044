#!/bin/bash
# bench.sh - `make bench`: every figure of the performance table in one run,
# framec side by side with its peers on the same server and machine, printed
# as ratios (the machines are shared and noisy: absolute times are not
# comparable between runs, ratios taken in one run are).
#
# Peers: Debian's curl (`curl -s --cacert` with the three X-Frame headers)
# and Python requests written as in the Frame documentation
# (tests/bench/frame_get.py one-shot, tests/bench/frame_session.py for
# keep-alive). Server: Debian's nginx on 127.0.0.1 over TLS with the test
# CA, serving the accounts JSON fixtures with keep-alive; started here and
# stopped at the end. nginx checks no signature (the headers are still
# computed and sent): every peer's signing is first proven against the local
# Frame API (tests/frame_api.py), which checks them, and the signing, heap
# and RAM rows run against it.
#
# Knobs (environment; `make bench BENCH_RUNS=50` passes the first):
#   BENCH_RUNS=30          cold calls per peer (medians; peers interleaved)
#   BENCH_KA_REQUESTS=1000 requests per keep-alive run
#   BENCH_KA_RUNS=5        keep-alive runs per peer
#   BENCH_JSON_RUNS=10     runs of the 10 MB listing
#   BENCH_JSON_MB=10       size of the big accounts list (MB, 10^6 bytes)
#   BENCH_RSS_RUNS=10      runs per peer for the peak-RSS row
#   BENCH_CG_RUNS=3        callgrind runs per peer
#   BENCH_SHARE_S=60       seconds of calls every 5 s (tests/bench/resume.sh)
#   BENCH_SIGN_ROUNDS=7    interleaved rounds of the signing benchmark
#   BENCH_TLS="TLSv1.2 TLSv1.3"   protocols nginx offers
#   BENCH_PYTHON=/usr/bin/python3 the interpreter with requests
#   BENCH_CPPFLAGS         the library's -I and -D flags (bench.mk passes the
#                          Makefile's), so harness structs match libframec.a
#   KEEP=1                 keep the scratch folder (logs, nginx config)
#
# As root, missing Debian packages are installed; otherwise their rows are
# marked skipped with the apt-get line. Everything listens on 127.0.0.1.
set -u
KEEP=${KEEP:-}
cd "$(dirname "$0")/../.." || exit 1
TOP=$PWD
T_START=$(date +%s)

RUNS=${BENCH_RUNS:-30}
KA_N=${BENCH_KA_REQUESTS:-1000}
KA_RUNS=${BENCH_KA_RUNS:-5}
JSON_RUNS=${BENCH_JSON_RUNS:-10}
JSON_MB=${BENCH_JSON_MB:-10}
RSS_RUNS=${BENCH_RSS_RUNS:-10}
CG_RUNS=${BENCH_CG_RUNS:-3}
SIGN_ROUNDS=${BENCH_SIGN_ROUNDS:-7}
TLS_PROTOCOLS=${BENCH_TLS:-TLSv1.2 TLSv1.3}
CPPF=${BENCH_CPPFLAGS:--Isrc -Iport}
MAKE=${MAKE:-make}
BB=$TOP/build/bench # harness binaries and build products of the bench

# ---- Packages ---------------------------------------------------------------
BASE_PKGS="build-essential libbearssl-dev libjsmn-dev musl-tools openssl python3 binutils"
# package -> what needs it (rows are marked skipped when it is missing)
ROW_PKGS="nginx curl python3-requests valgrind libssl-dev gcc-arm-none-eabi
          libnewlib-arm-none-eabi ca-certificates"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing_base="" missing_rows=""
for p in $BASE_PKGS; do installed "$p" || missing_base="$missing_base $p"; done
for p in $ROW_PKGS; do installed "$p" || missing_rows="$missing_rows $p"; done
if [ -n "$missing_base$missing_rows" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "bench: installing$missing_base$missing_rows"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null &&
            apt-get install -y -qq --no-install-recommends $missing_base $missing_rows >/dev/null ||
            echo "bench: apt-get failed; rows whose tools are missing are skipped" >&2
        missing_base="" missing_rows=""
        for p in $BASE_PKGS; do installed "$p" || missing_base="$missing_base $p"; done
        for p in $ROW_PKGS; do installed "$p" || missing_rows="$missing_rows $p"; done
    fi
fi
if [ -n "$missing_base" ]; then
    echo "bench: cannot build framec without:$missing_base. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y$missing_base$missing_rows" >&2
    exit 1
fi
if [ -n "$missing_rows" ]; then
    echo "bench: some rows will be skipped. For all of them run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y$missing_rows" >&2
fi
has_pkg() { case " $missing_rows " in *" $1 "*) return 1 ;; esac; return 0; }
skip_msg() { echo "skipped: apt-get install $*"; }

# ---- Build -------------------------------------------------------------------
echo "bench: building (make all static build/tests/peak_rss) and the harnesses"
mkdir -p "$TOP/build" # a fresh clone has none yet
{ $MAKE --no-print-directory -C "$TOP" all static build/tests/peak_rss &&
    $MAKE --no-print-directory -C "$TOP" TLS_PROFILE=lean build/static/lean/framec; } >"$TOP/build/bench.log" 2>&1 || {
    echo "bench: build failed:" >&2
    tail -n 30 "$TOP/build/bench.log" >&2
    exit 1
}
mkdir -p "$BB"
STATIC=$TOP/build/static/full/framec
STATIC_LEAN=$TOP/build/static/lean/framec
DYN=$TOP/framec
build_log=$BB/build.log
: >"$build_log"
cc_h() { # harness build; output name first
    local out=$1
    shift
    "$@" -o "$out" >>"$build_log" 2>&1 || { echo "bench: cannot build $out (see $build_log)" >&2; return 1; }
}
# The runner is static musl, so forking it costs the children nothing.
cc_h "$BB/bench_run" musl-gcc -static -Os -s -Wall -Wextra tests/bench/run.c || exit 1
RUN=$BB/bench_run
CLI_TOKENS=$(awk '$1 == "#define" && $2 == "TOKENS" { print $3 }' src/cli/cli.h)
cc_h "$BB/ram_bench" cc -std=c99 -O2 -Wall -Wextra $CPPF -DCLI_TOKENS="$CLI_TOKENS" tests/bench/ram_bench.c \
    "$TOP/libframec.a" "$TOP/libframec_posix.a" -lbearssl -lpthread -Wl,--wrap=fc_port_connect || exit 1
HAVE_SIGN=0
if has_pkg libssl-dev && cc_h "$BB/sign_bench" cc -std=c99 -O2 -Wall -Wextra $CPPF \
    tests/bench/sign_bench.c "$TOP/libframec.a" "$TOP/libframec_posix.a" -lbearssl -lcrypto; then
    HAVE_SIGN=1
fi

# ---- Servers -------------------------------------------------------------------
source "$TOP/tests/lib.sh" # WORK, CERTS, credentials, start_api, cleanup on exit
unset http_proxy HTTP_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY REQUESTS_CA_BUNDLE CURL_CA_BUNDLE
make_certs
CA=$CERTS/ca.pem
ID=$FRAME_CLIENT_ID SECRET=$FRAME_CLIENT_SECRET

# The Python with requests: Debian's, else the first python3 that has it
# (its real executable, never a pyenv-style shim that would be timed too).
PYB=${BENCH_PYTHON:-}
if [ -z "$PYB" ]; then
    for p in /usr/bin/python3 python3; do
        PYB=$("$p" -c 'import sys, requests; print(sys.executable)' 2>/dev/null) && break
        PYB=""
    done
fi
HAVE_PYREQ=0
[ -n "$PYB" ] && HAVE_PYREQ=1
HAVE_CURL=0
command -v curl >/dev/null && HAVE_CURL=1
HAVE_NGINX=0
command -v nginx >/dev/null && HAVE_NGINX=1
NGINX=$(command -v nginx)

start_api api ec --accounts 10
# shellcheck disable=SC2154 # PORT_api is set by start_api (printf -v)
API=https://localhost:$PORT_api/v1

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Fixtures: the 10-account list as the local API serves it (fetched with the
# independent reference client), and the big list built by frame_api.py's
# own code (what `frame_api.py --accounts N` would send), N chosen so the
# body holds at least BENCH_JSON_MB MB.
WWW=$WORK/www
mkdir -p "$WWW/small/v1" "$WWW/big/v1"
"$PY" "$TOP/tests/fetch.py" "$CA" "$API/accounts" >"$WWW/small/v1/accounts" || {
    echo "bench: cannot fetch the fixture from the local API" >&2
    exit 1
}
BIG_N=$("$PY" - "$TOP/tests" "$WWW/big/v1/accounts" "$JSON_MB" <<'EOF'
import math, sys
sys.path.insert(0, sys.argv[1])
import frame_api as f
out, target = sys.argv[2], int(float(sys.argv[3]) * 1e6)
def body(n):
    return f.FrameApi(f.DEFAULT_CLIENT_ID, f.DEFAULT_CLIENT_SECRET, 300, n, 0, 503).unfiltered_accounts_body()
probe = len(body(2000))
n = math.ceil(target * 2000 / probe * 1.002)
b = body(n)
while len(b) < target:
    n += max(1, (target - len(b)) // 200)
    b = body(n)
open(out, "wb").write(b)
print(n)
EOF
) || { echo "bench: cannot build the big fixture" >&2; exit 1; }
BIG_BYTES=$(stat -c %s "$WWW/big/v1/accounts")
SMALL_BYTES=$(stat -c %s "$WWW/small/v1/accounts")
# With nginx started as root its worker runs as nobody: the fixtures must
# be readable to it (the keys are read by the master, before that).
chmod 711 "$WORK"
chmod -R a+rX "$WWW"

PORT=0 VPORT=0
start_nginx() {
    local ng=$WORK/nginx i
    mkdir -p "$ng/tmp"
    PORT=$(free_port) VPORT=$(free_port) RPORT=$(free_port)
    cat >"$ng/nginx.conf" <<EOF
# Written by tests/bench/bench.sh; 127.0.0.1 only.
daemon off;
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 128; }
http {
    access_log off;
    client_body_temp_path $ng/tmp/body;
    proxy_temp_path $ng/tmp/proxy;
    fastcgi_temp_path $ng/tmp/fastcgi;
    uwsgi_temp_path $ng/tmp/uwsgi;
    scgi_temp_path $ng/tmp/scgi;
    types { }
    default_type application/json;
    charset_types application/json;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    tcp_nodelay on;
    ssl_certificate $CERTS/ec.pem;
    ssl_certificate_key $CERTS/ec.key;
    ssl_protocols $TLS_PROTOCOLS;
    root $WWW;
    # Timed: nothing logged.
    server { listen 127.0.0.1:$PORT ssl; server_name localhost; location / { } }
    # Checked: one line per request with its connection, to prove keep-alive.
    log_format conn '\$connection \$connection_requests \$status \$request_uri';
    server {
        listen 127.0.0.1:$VPORT ssl; server_name localhost;
        access_log $ng/verify.log conn;
        location / { }
    }
    # Sessions kept (tests/bench/resume.sh): nginx's default never resumes.
    log_format reuse '\$ssl_session_reused \$connection \$http_user_agent';
    server {
        listen 127.0.0.1:$RPORT ssl; server_name localhost;
        ssl_session_cache shared:fc:1m;
        ssl_session_timeout 1h;
        ssl_session_tickets off;
        access_log $ng/resume.log reuse;
        location / { }
    }
}
EOF
    "$NGINX" -p "$ng/" -c "$ng/nginx.conf" -e "$ng/error.log" 2>>"$ng/error.log" &
    PIDS+=($!)
    for i in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null &&
            (exec 3<>"/dev/tcp/127.0.0.1/$VPORT") 2>/dev/null &&
            (exec 3<>"/dev/tcp/127.0.0.1/$RPORT") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "bench: nginx did not start:" >&2
    cat "$ng/error.log" >&2
    return 1
}
if [ "$HAVE_NGINX" = 1 ]; then
    start_nginx || HAVE_NGINX=0
fi
SMALL=https://localhost:$PORT/small/v1
BIG=https://localhost:$PORT/big/v1
VSMALL=https://localhost:$VPORT/small/v1

# ---- Helpers -------------------------------------------------------------------
NAMES=() FRAMECS=() PEERS=() RATIOS=() TARGETS=() RESULTS=()
DETAILS=()
CHECKS=() # correctness: one line each
row() { NAMES+=("$1"); FRAMECS+=("$2"); PEERS+=("$3"); RATIOS+=("$4"); TARGETS+=("$5"); RESULTS+=("$6"); }
detail() { DETAILS+=("$*"); }
check() { # NAME COMMAND...: a correctness check, recorded
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then CHECKS+=("ok      $name"); return 0; fi
    CHECKS+=("FAILED  $name")
    return 1
}
calc() { awk "BEGIN { printf \"%s\", $* }"; }      # calc 'expr' with printf inside
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
ms() { calc "sprintf(\"%.2f ms\", $1 / 1000)"; } # from microseconds
ratio() { calc "sprintf(\"%.2f\", $1 / $2)"; }
verdict() { if "$@"; then echo MET; else echo "NOT MET"; fi; }
kb() { calc "sprintf(\"%.1f KB\", $1 / 1024)"; }  # from bytes
# field NAME FIELD < runner output: 2 ok, 3 failed, 4 median us, 5 p25,
# 6 p75, 7 min, 8 max, 9 median RSS KB, 10 max RSS KB
field() { awk -v n="$1" -v f="$2" '$1 == n { print $f }'; }
runner_failures() { # runner output: names of commands with failed runs
    awk '$3 > 0 { printf "%s%s (%d of %d runs failed)", s, $1, $3, $2 + $3; s = ", " }'
}

ERRDIR=$WORK/errs
mkdir -p "$ERRDIR"
FRAMEC_SMALL=("$STATIC" --url "$SMALL" --cacert "$CA" accounts list)
TS=$(date +%s)
SIG=$(printf '%s' "$TS$ID" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')
HDRS=(-H "X-Frame-ClientId: $ID" -H "X-Frame-Timestamp: $TS" -H "X-Frame-Signature: $SIG")

# ---- Correctness first: a fast wrong answer is no result ------------------------
check "framec (static) signed GET accepted by the local Frame API" \
    bash -c '[ "$("$0" --url "$1" --cacert "$2" accounts list --field id | wc -l)" -eq 10 ]' \
    "$STATIC" "$API" "$CA"
if [ "$HAVE_CURL" = 1 ]; then
    check "curl with the bench's headers accepted by the local Frame API" \
        bash -c '[ "$(curl -s -o /dev/null -w "%{http_code}" --cacert "$1" "${@:3}" "$2/accounts")" = 200 ]' \
        _ "$CA" "$API" "${HDRS[@]}"
fi
if [ "$HAVE_PYREQ" = 1 ]; then
    check "Python one-shot (frame_get.py) accepted by the local Frame API" \
        "$PYB" tests/bench/frame_get.py "$API/accounts" "$CA"
    check "Python Session loop (frame_session.py) accepted by the local Frame API" \
        "$PYB" tests/bench/frame_session.py "$API/accounts" "$CA" 3
fi
# framec batch: the lead's work in progress; used only if it is there and works.
HAVE_BATCH=0
# (`framec batch --help` prints the general help today, so the test is
# whether an empty batch is accepted.)
if "$STATIC" batch --help >/dev/null 2>&1 &&
    "$STATIC" --url "$API" --cacert "$CA" batch </dev/null >/dev/null 2>&1; then
    if check "framec batch: 3 requests, 3 lines, accepted by the local Frame API" \
        bash -c '[ "$(printf "GET /accounts\nGET /accounts\nGET /customers/\n" |
                      "$0" --url "$1" --cacert "$2" batch | wc -l)" -eq 3 ]' \
        "$STATIC" "$API" "$CA"; then
        HAVE_BATCH=1
    fi
fi
if [ "$HAVE_NGINX" = 1 ]; then
    check "framec through nginx: the body is the fixture, byte for byte" \
        bash -c '"$0" --url "$1" --cacert "$2" accounts list | cmp -s - "$3"' \
        "$STATIC" "$SMALL" "$CA" "$WWW/small/v1/accounts"
    [ "$HAVE_CURL" = 1 ] && check "curl through nginx: the body is the fixture" \
        bash -c 'curl -s --cacert "$1" "${@:4}" "$2/accounts" | cmp -s - "$3"' \
        _ "$CA" "$SMALL" "$WWW/small/v1/accounts" "${HDRS[@]}"
    check "framec --field id over the big list: one line per account ($BIG_N)" \
        bash -c '[ "$("$0" --url "$1" --cacert "$2" accounts list --field id | wc -l)" -eq "$3" ]' \
        "$STATIC" "$BIG" "$CA" "$BIG_N"
fi
TLS_NOTE=""
if [ "$HAVE_NGINX" = 1 ] && [ "$HAVE_CURL" = 1 ]; then
    TLS_NOTE=$(curl -sv -o /dev/null --cacert "$CA" "$SMALL/accounts" 2>&1 |
        sed -n 's/^\* SSL connection using \(.*\)$/\1/p' | head -n 1)
fi

# ---- Row: cold call ------------------------------------------------------------
COLD_OUT=""
if [ "$HAVE_NGINX" = 1 ]; then
    cmds=(-- framec "${FRAMEC_SMALL[@]}")
    [ "$HAVE_CURL" = 1 ] && cmds+=(::: curl curl -s --cacert "$CA" "${HDRS[@]}" "$SMALL/accounts")
    [ "$HAVE_PYREQ" = 1 ] && cmds+=(::: python "$PYB" tests/bench/frame_get.py "$SMALL/accounts" "$CA")
    echo "bench: cold calls, $RUNS runs per peer, interleaved"
    COLD_OUT=$("$RUN" -r "$RUNS" -w 2 -e "$ERRDIR" "${cmds[@]}")
    f_us=$(field framec 4 <<<"$COLD_OUT")
    peers="" rat="" res=MET
    if [ "$HAVE_CURL" = 1 ]; then
        c_us=$(field curl 4 <<<"$COLD_OUT")
        peers="curl $(ms "$c_us")"
        rc=$(ratio "$c_us" "$f_us")
        rat="${rc}x faster than curl"
        ge "$rc" 3 || res="NOT MET"
    else
        peers="curl $(skip_msg curl)"
        res="NOT MET (no curl)"
    fi
    if [ "$HAVE_PYREQ" = 1 ]; then
        p_us=$(field python 4 <<<"$COLD_OUT")
        rp=$(ratio "$p_us" "$f_us")
        peers="$peers; Python $(ms "$p_us")"
        rat="$rat; ${rp}x faster than Python"
        ge "$rp" 30 || res="NOT MET"
    else
        peers="$peers; Python $(skip_msg python3-requests)"
        res="NOT MET (no Python requests)"
    fi
    fails=$(runner_failures <<<"$COLD_OUT")
    [ -n "$fails" ] && res="$res; FAILED RUNS: $fails"
    row "cold call (median wall, handshake included)" "$(ms "$f_us")" "$peers" "$rat" \
        ">=3x faster than curl, >=30x faster than Python" "$res"
    while read -r n ok fl med p25 p75 mn mx rss _; do
        detail "cold call: $n median $(ms "$med") (p25 $(ms "$p25"), p75 $(ms "$p75"), min $(ms "$mn"), max $(ms "$mx")); peak RSS $rss KB; $ok runs ok, $fl failed"
    done <<<"$COLD_OUT"
else
    row "cold call (median wall, handshake included)" "-" "-" "-" \
        ">=3x faster than curl, >=30x faster than Python" "$(skip_msg nginx)"
fi

# ---- Row: instructions per cold call ------------------------------------------
cg() { # callgrind's instruction count of one run of a command
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' | tail -n 1
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
# cg_vs_curl URL FRAMEC...: CG_RUNS callgrind runs of framec and of curl
# fetching URL/accounts, interleaved: every count in fi_all and ci_all,
# their medians in f_ins and c_ins.
cg_vs_curl() {
    local url=$1 i
    shift
    fi_all="" ci_all=""
    for i in $(seq "$CG_RUNS"); do
        fi_all="$fi_all $(cg "$@")"
        ci_all="$ci_all $(cg curl -s --cacert "$CA" "${HDRS[@]}" "$url/accounts")"
    done
    f_ins=$(tr ' ' '\n' <<<"$fi_all" | grep . | median)
    c_ins=$(tr ' ' '\n' <<<"$ci_all" | grep . | median)
}
if [ "$HAVE_NGINX" = 1 ] && has_pkg valgrind && [ "$HAVE_CURL" = 1 ]; then
    echo "bench: callgrind, $CG_RUNS runs per peer"
    cg_vs_curl "$SMALL" "${FRAMEC_SMALL[@]}"
    if [ -n "$f_ins" ] && [ -n "$c_ins" ]; then
        r=$(calc "sprintf(\"%.3f\", $f_ins / $c_ins)")
        row "instructions per cold call (callgrind)" "$(calc "sprintf(\"%.2f M\", $f_ins / 1e6)")" \
            "curl $(calc "sprintf(\"%.2f M\", $c_ins / 1e6)")" "$r of curl (1/$(ratio "$c_ins" "$f_ins"))" \
            "<=1/4 of curl" "$(verdict ge 0.25 "$r")"
        detail "instructions: framec runs:$fi_all; curl runs:$ci_all"
    else
        row "instructions per cold call (callgrind)" "?" "?" "-" "<=1/4 of curl" "FAILED: no count from callgrind"
    fi
else
    why=$(skip_msg valgrind)
    [ "$HAVE_NGINX" = 1 ] || why=$(skip_msg nginx)
    [ "$HAVE_CURL" = 1 ] || why=$(skip_msg curl)
    row "instructions per cold call (callgrind)" "-" "-" "-" "<=1/4 of curl" "$why"
fi

# ---- Row: keep-alive --------------------------------------------------------------
KA_TARGET=">=2x curl (req/s)"
if [ "$HAVE_NGINX" = 1 ]; then
    REQS=$WORK/batch.txt
    for i in $(seq "$KA_N"); do echo "GET /accounts"; done >"$REQS"
    URLS=()
    for i in $(seq "$KA_N"); do URLS+=("$SMALL/accounts"); done
    VURLS=()
    for i in $(seq "$KA_N"); do VURLS+=("$VSMALL/accounts"); done
    VLOG=$WORK/nginx/verify.log
    # One connection each, and every request answered: counted in nginx's log.
    ka_check() { # NAME COMMAND... (against the logged server)
        local name=$1 conns reqs
        shift
        : >"$VLOG"
        "$@" >/dev/null 2>&1
        sleep 0.2
        conns=$(awk '{ print $1 }' "$VLOG" | sort -u | wc -l)
        reqs=$(awk '$3 == 200' "$VLOG" | wc -l)
        if [ "$conns" -eq 1 ] && [ "$reqs" -eq "$KA_N" ]; then
            CHECKS+=("ok      keep-alive $name: $reqs requests answered 200 over $conns connection")
        else
            CHECKS+=("FAILED  keep-alive $name: $reqs requests answered 200 over $conns connections")
        fi
    }
    cmds=(--)
    if [ "$HAVE_BATCH" = 1 ]; then
        ka_check "framec batch" bash -c '"$0" --url "$1" --cacert "$2" batch <"$3"' \
            "$STATIC" "$VSMALL" "$CA" "$REQS"
        cmds+=(framec "<$REQS" "$STATIC" --url "$SMALL" --cacert "$CA" batch :::)
    fi
    if [ "$HAVE_CURL" = 1 ]; then
        ka_check "curl ($KA_N URLs, one invocation)" curl -s --cacert "$CA" "${HDRS[@]}" "${VURLS[@]}"
        cmds+=(curl curl -s --cacert "$CA" "${HDRS[@]}" "${URLS[@]}" :::)
    fi
    if [ "$HAVE_PYREQ" = 1 ]; then
        ka_check "Python requests.Session" "$PYB" tests/bench/frame_session.py "$VSMALL/accounts" "$CA" "$KA_N"
        cmds+=(python "$PYB" tests/bench/frame_session.py "$SMALL/accounts" "$CA" "$KA_N" :::)
    fi
    unset 'cmds[${#cmds[@]}-1]' # the last :::
    KA_OUT=""
    if [ "${#cmds[@]}" -gt 1 ]; then
        echo "bench: keep-alive, $KA_N requests x $KA_RUNS runs per peer, interleaved"
        KA_OUT=$("$RUN" -r "$KA_RUNS" -w 1 -e "$ERRDIR" "${cmds[@]}")
    fi
    rps() { calc "sprintf(\"%.0f\", $KA_N * 1e6 / $1)"; }
    peers="" rat="" fr="-" res=""
    if [ "$HAVE_CURL" = 1 ]; then
        c_rps=$(rps "$(field curl 4 <<<"$KA_OUT")")
        peers="curl $c_rps req/s"
    else
        peers="curl $(skip_msg curl)"
    fi
    if [ "$HAVE_PYREQ" = 1 ]; then
        p_rps=$(rps "$(field python 4 <<<"$KA_OUT")")
        peers="$peers; Python Session $p_rps req/s"
    else
        peers="$peers; Python $(skip_msg python3-requests)"
    fi
    if [ "$HAVE_BATCH" = 1 ]; then
        f_rps=$(rps "$(field framec 4 <<<"$KA_OUT")")
        fr="$f_rps req/s"
        if [ "$HAVE_CURL" = 1 ]; then
            rc=$(ratio "$f_rps" "$c_rps")
            rat="${rc}x curl"
            res=$(verdict ge "$rc" 2)
        else
            res="NOT MET (no curl to compare)"
        fi
        [ "$HAVE_PYREQ" = 1 ] && rat="$rat; $(ratio "$f_rps" "$p_rps")x Python"
    else
        fr="not available yet"
        rat="-"
        res="NOT MET: framec batch not available yet"
    fi
    fails=$(runner_failures <<<"$KA_OUT")
    [ -n "$fails" ] && res="$res; FAILED RUNS: $fails"
    row "keep-alive ($KA_N signed GETs, one connection)" "$fr" "$peers" "$rat" "$KA_TARGET" "$res"
    while read -r n ok fl med p25 p75 mn mx rss _; do
        [ -n "$n" ] && detail "keep-alive: $n median $(ms "$med") for $KA_N requests (p25 $(ms "$p25"), p75 $(ms "$p75")); peak RSS $rss KB; $ok runs ok, $fl failed"
    done <<<"$KA_OUT"
else
    row "keep-alive ($KA_N signed GETs, one connection)" "-" "-" "-" "$KA_TARGET" "$(skip_msg nginx)"
fi

# ---- Row: signing ----------------------------------------------------------------
if [ "$HAVE_SIGN" = 1 ]; then
    echo "bench: signing, $SIGN_ROUNDS interleaved rounds"
    SIGN_OUT=$("$BB/sign_bench" "$SIGN_ROUNDS" 0.2) || SIGN_OUT=""
    want=$("$PY" -c 'import hmac, hashlib, sys
print(hmac.new(sys.argv[2].encode(), (sys.argv[3] + sys.argv[1]).encode(), hashlib.sha256).hexdigest())' \
        "$ID" "$SECRET" "$(awk '$1 == "check" { print $2 }' <<<"$SIGN_OUT")")
    got=$(awk '$1 == "check" { print $3 }' <<<"$SIGN_OUT")
    if [ -n "$got" ] && [ "$got" = "$want" ]; then
        CHECKS+=("ok      signatures: framec, BearSSL and OpenSSL agree on 1,024 messages, and with Python's hmac")
        fs=$(field framec 2 <<<"$SIGN_OUT") bs=$(field bearssl 2 <<<"$SIGN_OUT") os=$(field openssl 2 <<<"$SIGN_OUT")
        ro=$(ratio "$fs" "$os") rb=$(ratio "$fs" "$bs")
        res=MET
        ge "$ro" 2 || res="NOT MET"
        ge "$rb" 1 || res="NOT MET"
        row "signing (signatures/s, key pads precomputed)" "$(calc "sprintf(\"%.2f M/s\", $fs / 1e6)")" \
            "BearSSL br_hmac $(calc "sprintf(\"%.2f M/s\", $bs / 1e6)"); OpenSSL HMAC() $(calc "sprintf(\"%.2f M/s\", $os / 1e6)")" \
            "${ro}x OpenSSL; ${rb}x BearSSL" ">=2x OpenSSL one-shot, >=1x BearSSL" "$res"
        detail "signing (median, min, max per second): $(grep -v '^check' <<<"$SIGN_OUT" | tr '\n' ';')"
    else
        CHECKS+=("FAILED  signatures: sign_bench disagrees ($got, want $want)")
        row "signing (signatures/s, key pads precomputed)" "?" "?" "-" ">=2x OpenSSL one-shot, >=1x BearSSL" "FAILED: wrong signatures"
    fi
else
    row "signing (signatures/s, key pads precomputed)" "-" "-" "-" ">=2x OpenSSL one-shot, >=1x BearSSL" \
        "$(skip_msg libssl-dev)"
fi

# ---- Row: JSON -------------------------------------------------------------------
if [ "$HAVE_NGINX" = 1 ]; then
    echo "bench: streaming $(calc "sprintf(\"%.1f\", $BIG_BYTES / 1e6)") MB through --field id, $JSON_RUNS runs"
    cmds=(-- big "$STATIC" --url "$BIG" --cacert "$CA" accounts list --field id
        ::: small "$STATIC" --url "$SMALL" --cacert "$CA" accounts list --field id)
    [ "$HAVE_CURL" = 1 ] && cmds+=(::: curl-big curl -s --cacert "$CA" "${HDRS[@]}" "$BIG/accounts")
    JSON_OUT=$("$RUN" -r "$JSON_RUNS" -w 1 -e "$ERRDIR" "${cmds[@]}")
    b_us=$(field big 4 <<<"$JSON_OUT") s_us=$(field small 4 <<<"$JSON_OUT")
    b_rss=$(field big 10 <<<"$JSON_OUT") s_rss=$(field small 10 <<<"$JSON_OUT")
    mbs=$(calc "sprintf(\"%.0f\", $BIG_BYTES / $b_us)") # bytes/us = MB/s
    drss=$((b_rss - s_rss))
    peers="10-element list: peak RSS $s_rss KB"
    [ "$HAVE_CURL" = 1 ] &&
        peers="$peers; curl download only (no parsing) $(calc "sprintf(\"%.0f\", $BIG_BYTES / $(field curl-big 4 <<<"$JSON_OUT"))") MB/s"
    res=MET
    ge "$mbs" 200 || res="NOT MET"
    [ "$drss" -le 64 ] || res="NOT MET"
    fails=$(runner_failures <<<"$JSON_OUT")
    [ -n "$fails" ] && res="$res; FAILED RUNS: $fails"
    row "JSON: $(calc "sprintf(\"%.1f\", $BIG_BYTES / 1e6)") MB list through --field id" \
        "$mbs MB/s; peak RSS $b_rss KB" "$peers" "RSS +$drss KB vs 10 elements" \
        ">=200 MB/s; peak RSS within 64 KB" "$res"
    detail "JSON: $BIG_N accounts, $BIG_BYTES bytes (the 10-element list: $SMALL_BYTES bytes); big median $(ms "$b_us"), 10-element median $(ms "$s_us");" \
        "without the fixed cost (big - small): $(calc "sprintf(\"%.0f\", $BIG_BYTES / ($b_us - $s_us))") MB/s;" \
        "peak RSS max over runs: big $b_rss KB, small $s_rss KB (medians $(field big 9 <<<"$JSON_OUT"), $(field small 9 <<<"$JSON_OUT"))"
else
    row "JSON: 10 MB list through --field id" "-" "-" "-" ">=200 MB/s; peak RSS within 64 KB" "$(skip_msg nginx)"
fi

# ---- Rows: binary sizes (x86-64, armhf, arm64; both TLS profiles) ---------------
. "$TOP/tests/bench/sizes.sh"

# ---- Row: peak RSS ------------------------------------------------------------------
if [ "$HAVE_NGINX" = 1 ]; then
    BUNDLE=$WORK/bundle.pem
    DEB_BUNDLE=/etc/ssl/certs/ca-certificates.crt
    if [ -s "$DEB_BUNDLE" ]; then
        cat "$DEB_BUNDLE" "$CA" >"$BUNDLE"
        NCERTS=$(grep -c 'BEGIN CERTIFICATE' "$BUNDLE")
        echo "bench: peak RSS, $RSS_RUNS runs per peer, single CA and the Debian bundle ($NCERTS certificates)"
        cmds=(-- framec-1ca "${FRAMEC_SMALL[@]}"
            ::: framec-bundle "$STATIC" --url "$SMALL" --cacert "$BUNDLE" accounts list)
        [ "$HAVE_CURL" = 1 ] && cmds+=(::: curl-1ca curl -s --cacert "$CA" "${HDRS[@]}" "$SMALL/accounts"
            ::: curl-bundle curl -s --cacert "$BUNDLE" "${HDRS[@]}" "$SMALL/accounts")
        RSS_OUT=$("$RUN" -r "$RSS_RUNS" -w 1 -e "$ERRDIR" "${cmds[@]}")
        f1=$(field framec-1ca 10 <<<"$RSS_OUT") fb=$(field framec-bundle 10 <<<"$RSS_OUT")
        res=MET
        [ "$f1" -le 400 ] || res="NOT MET"
        if [ "$HAVE_CURL" = 1 ]; then
            c1=$(field curl-1ca 10 <<<"$RSS_OUT") cb=$(field curl-bundle 10 <<<"$RSS_OUT")
            peers="curl: single CA $c1 KB, bundle $cb KB"
            rat="single CA 1/$(ratio "$c1" "$f1") of curl; bundle 1/$(ratio "$cb" "$fb") of curl"
            ge "$(ratio "$cb" "$fb")" 25 || res="NOT MET"
        else
            peers="curl $(skip_msg curl)"
            rat="-"
            res="NOT MET (no curl to compare)"
        fi
        fails=$(runner_failures <<<"$RSS_OUT")
        [ -n "$fails" ] && res="$res; FAILED RUNS: $fails"
        row "peak RSS, one cold call (static build)" "single CA $f1 KB; bundle $fb KB" "$peers" "$rat" \
            "<=400 KB single CA; bundle <=1/25 of curl" "$res"
        detail "peak RSS: the largest of $RSS_RUNS runs each (medians: $(awk '{ printf "%s%s %s KB", s, $1, $9; s = ", " }' <<<"$RSS_OUT")); Debian bundle + test CA = $NCERTS certificates"
        detail "peak RSS: cross-check with build/tests/peak_rss: framec single CA $("$TOP/build/tests/peak_rss" "${FRAMEC_SMALL[@]}") KB"
        # The same runs, timed: the Debian bundle is framec's default --cacert,
        # so this is the cold call most users make.
        if [ "$HAVE_CURL" = 1 ]; then
            fbt=$(field framec-bundle 4 <<<"$RSS_OUT") cbt=$(field curl-bundle 4 <<<"$RSS_OUT")
            rb=$(ratio "$cbt" "$fbt")
            row "cold call with the Debian CA bundle (the default --cacert)" "$(ms "$fbt")" "curl $(ms "$cbt")" \
                "${rb}x faster than curl" ">=3x faster than curl (the cold call's target)" \
                "$(verdict ge "$rb" 3)"
            detail "cold call with the bundle: medians of the $RSS_RUNS peak-RSS runs, $NCERTS certificates loaded per call"
        fi
    else
        row "peak RSS, one cold call (static build)" "-" "-" "-" "<=400 KB single CA; bundle <=1/25 of curl" \
            "$(skip_msg ca-certificates)"
    fi
else
    row "peak RSS, one cold call (static build)" "-" "-" "-" "<=400 KB single CA; bundle <=1/25 of curl" \
        "$(skip_msg nginx)"
fi

# ---- Rows: library RAM and heap ------------------------------------------------------
echo "bench: library RAM and heap (painted stack, counted allocations) against the local Frame API"
RAM_OUT=$("$BB/ram_bench" "$API" "$CA" 2>"$WORK/ram_bench.err")
if [ $? -eq 0 ]; then
    rv() { awk -v k="$1" '$1 == k { print $2 }' <<<"$RAM_OUT"; }
    cl=$(rv sizeof_fc_client) tb=$(rv tls_buf) tp=$(rv token_pool) st=$(rv stack_cold_request) sl=$(rv stack_cold_library)
    total=$((cl + tb + tp + st))
    row "library RAM (default profile)" "$total B ($(kb "$total"))" "-" \
        "client $cl + TLS buffer $tb + token pool $tp + stack $st" "<=40 KB" "$(verdict [ "$total" -le 40960 ])"
    detail "library RAM: peak stack of one cold request $st B with the POSIX port's getaddrinfo on the same stack, $sl B for the library alone (connect on another stack), $(rv stack_keepalive_request) B for a keep-alive request; with the library-alone stack the sum is $((cl + tb + tp + sl)) B"
    small=$((cl + 4096 + 325 + tp + st))
    detail "library RAM: the opt-in small-RAM profile (--tls-max-fragment 4096, a buffer of FC_TLS_BUFSIZE(4096) = 4421 B) sums to $small B ($(kb "$small")), $(verdict [ "$small" -le 40960 ]) against 40 KB; only for servers that honour max_fragment_length"
    detail "library RAM: token pool = $CLI_TOKENS x $(rv sizeof_jsmntok) B (src/cli/cli.h TOKENS); fc_client holds fc_tls $(rv sizeof_fc_tls) B (BearSSL client + X.509 contexts) and FC_WORK_MAX; trust anchors for one CA take $(rv anchors_1ca) B more (not counted by the target); sizes are x86-64's (pointers 8 B)"
    al=$(rv allocs_cold_library) ak=$(rv allocs_keepalive_library) ap=$(rv allocs_cold_port_connect)
    row "heap (allocations by the library in a request)" "$al (cold), $ak (keep-alive)" "-" \
        "port: $ap in fc_port_connect (getaddrinfo)" "0" "$(verdict [ "$al" -eq 0 ] && [ "$ak" -eq 0 ])"
    detail "heap: malloc/calloc/realloc/aligned replaced in the harness, counted only during fc_client_request; the POSIX port's fc_port_connect made $ap allocations ($(rv alloc_bytes_cold_port_connect) B, glibc getaddrinfo); with connect on another thread the library made $(rv allocs_offloaded_library)"
else
    row "library RAM (default profile)" "?" "-" "-" "<=40 KB" "FAILED: $(head -c 200 "$WORK/ram_bench.err")"
    row "heap (allocations by the library in a request)" "?" "-" "-" "0" "FAILED: ram_bench did not run"
fi
if has_pkg valgrind; then
    vg=$(valgrind --tool=memcheck "$DYN" --url "$API" --cacert "$CA" accounts list 2>&1 >/dev/null |
        sed -n 's/^==[0-9]*== *total heap usage: \(.*\)$/\1/p')
    detail "heap: for comparison, the whole dynamic framec command under valgrind memcheck (stdio, getaddrinfo, all): $vg"
fi

# ---- Rows: TLS sessions resumed across runs (tests/bench/resume.sh) ----------------------
. "$TOP/tests/bench/resume.sh"

# ---- Row: microcontroller size ---------------------------------------------------------
MCU_TARGET=".text <=16 KB"
if has_pkg gcc-arm-none-eabi && has_pkg libnewlib-arm-none-eabi; then
    echo "bench: microcontroller build (arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os)"
    inc=$BB/arm/include
    mkdir -p "$inc"
    ln -sf /usr/include/jsmn.h "$inc/jsmn.h"
    ln -sf /usr/include/bearssl.h "$inc/bearssl.h"
    ln -sfn /usr/include/bearssl "$inc/bearssl"
    objs=() failed="" warns=0
    : >"$BB/arm/log"
    for f in src/*.c; do
        b=$(basename "$f" .c)
        [ "$b" = tls ] && continue
        if arm-none-eabi-gcc -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion \
            -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections \
            -isystem "$inc" $CPPF -c "$f" -o "$BB/arm/$b.o" 2>>"$BB/arm/log"; then
            objs+=("$BB/arm/$b.o")
        else
            failed="$failed $b.c"
        fi
    done
    warns=$(grep -c 'warning:' "$BB/arm/log")
    tot=$(arm-none-eabi-size -t "${objs[@]}" | tail -n 1)
    txt=$(awk '{ print $1 }' <<<"$tot") dat=$(awk '{ print $2 }' <<<"$tot") bss=$(awk '{ print $3 }' <<<"$tot")
    code=$(arm-none-eabi-size -A "${objs[@]}" | awk '$1 ~ /^\.text/ { s += $2 } END { print s + 0 }')
    ro=$(arm-none-eabi-size -A "${objs[@]}" | awk '$1 ~ /^\.rodata/ { s += $2 } END { print s + 0 }')
    res=$(verdict [ "$txt" -le 16384 ])
    [ -n "$failed" ] && res="$res (partial: did not compile:$failed, see $BB/arm/log)"
    row "microcontroller size (the library: src/*.c minus tls.c; Cortex-M4 -Os)" \
        ".text $txt B ($(kb "$txt")), .data $dat, .bss $bss" "-" "code $code + rodata $ro" "$MCU_TARGET" "$res"
    detail "microcontroller: per file (text data bss): $(arm-none-eabi-size "${objs[@]}" | awk 'NR > 1 { n = $6; sub(".*/", "", n); printf "%s%s %s %s %s", s, n, $1, $2, $3; s = "; " }')"
    detail "microcontroller: objects are not linked, so nothing is garbage-collected and memcpy/memset/strlen, fc_tls_* and fc_port_* (undefined) are not counted; BearSSL headers are needed by client.c and api.c (framec.h includes tls.h) for types only; $warns compiler warnings (see $BB/arm/log)"
    cli=()
    for f in src/cli/*.c; do
        arm-none-eabi-gcc -std=c99 -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections \
            -isystem "$inc" $CPPF -Isrc/cli -DFC_VERSION='"bench"' -c "$f" -o "$BB/arm/cli_$(basename "$f" .c).o" 2>/dev/null &&
            cli+=("$BB/arm/cli_$(basename "$f" .c).o")
    done
    [ ${#cli[@]} -gt 0 ] &&
        detail "microcontroller: not counted, the command line src/cli/ (${#cli[@]} files): $(arm-none-eabi-size -t "${cli[@]}" | tail -n 1 | awk '{ printf ".text %s .data %s .bss %s", $1, $2, $3 }')"
else
    row "microcontroller size (the library: src/*.c minus tls.c; Cortex-M4 -Os)" "-" "-" "-" "$MCU_TARGET" \
        "$(skip_msg gcc-arm-none-eabi libnewlib-arm-none-eabi)"
fi

# ---- The table ------------------------------------------------------------------------
commit=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout")
dirty=""
[ -n "$(git -C "$TOP" status --porcelain --untracked-files=no 2>/dev/null)" ] && dirty=" + uncommitted changes"
echo
echo "framec benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), Linux $(uname -r); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $commit$dirty"
echo "peers: $(curl --version 2>/dev/null | head -n 1 | cut -d' ' -f1-5); $([ "$HAVE_PYREQ" = 1 ] && "$PYB" -c 'import sys, requests; print("Python %s, requests %s" % (sys.version.split()[0], requests.__version__))'); server $("$NGINX" -v 2>&1 | sed 's/^nginx version: //') offering $TLS_PROTOCOLS${TLS_NOTE:+ (curl negotiated $TLS_NOTE; framec speaks TLS 1.2 only)}"
echo "runs: cold calls $RUNS, keep-alive $KA_RUNS x $KA_N, JSON $JSON_RUNS, peak RSS $RSS_RUNS, callgrind $CG_RUNS; medians; peers interleaved; curl's headers computed beforehand (not timed); framec = build/static/framec"
echo
echo "| row | framec | peers | ratio | target | result |"
echo "|---|---|---|---|---|---|"
for i in "${!NAMES[@]}"; do
    echo "| ${NAMES[$i]} | ${FRAMECS[$i]} | ${PEERS[$i]} | ${RATIOS[$i]} | ${TARGETS[$i]} | ${RESULTS[$i]} |"
done
met=0 targets=0
for r in "${RESULTS[@]}"; do
    case $r in MET) met=$((met + 1)) targets=$((targets + 1)) ;; "NOT MET") targets=$((targets + 1)) ;; esac
done
echo
echo "$met of $targets targets met ($((${#NAMES[@]} - targets)) rows skipped or without a target)."
echo
echo "Checks:"
for c in "${CHECKS[@]}"; do echo "  $c"; done
echo
echo "Details:"
for d in "${DETAILS[@]}"; do echo "  - $d"; done
echo
echo "bench: $(($(date +%s) - T_START)) s in all"
bad=0
for c in "${CHECKS[@]}"; do case $c in FAILED*) bad=1 ;; esac; done
exit $bad
