#!/bin/sh
# capture_corpus.sh - real HTTP responses from real servers, as fuzz seeds.
#
#   tests/capture_corpus.sh      (by hand; needs nginx, python3, openssl)
#
# Starts, on 127.0.0.1 and free ports only, in a temporary directory:
#   - nginx (the Debian package) serving small and ~20 KB JSON files, 404s,
#     a redirect, 204, 304, a range, HEAD, and chunked bodies (SSI takes the
#     length away, so nginx answers chunked; gzip does the same);
#   - python3 -m http.server: HTTP/1.0 answers, and through --cgi the
#     close-delimited kind (no Content-Length: the close ends the body);
#   - openssl s_server -www and -WWW over TLS, read back decrypted through
#     openssl s_client -quiet (close-delimited HTTP/1.0).
# Each response is written byte for byte as the server sent it, behind the
# 4-byte prefix the targets expect (see tests/fuzz_http.c): into
# tests/corpus/http/cap-*, and the chunked bodies (the bytes after the head)
# into tests/corpus/chunked/cap-*. Running it again rewrites the same files;
# dates, ETags and the TLS server's status page differ from run to run.
set -eu
cd "$(dirname "$0")/.."
http=tests/corpus/http
chunked=tests/corpus/chunked
mkdir -p "$http" "$chunked"
tmp=$(mktemp -d)
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
    sleep 0.2
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
chmod 755 "$tmp" # nginx workers and CGI scripts run as nobody

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {
    i=0
    until python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1" 2>/dev/null; do
        i=$((i + 1))
        [ $i -lt 50 ] || { echo "capture: nothing listens on port $1" >&2; exit 1; }
        sleep 0.1
    done
}

# raw PORT REQUEST: sends REQUEST (printf escapes) and prints every byte
# the server returns until it closes the connection.
raw() {
    printf "$2" | python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5)
s.sendall(sys.stdin.buffer.read())
out = b""
while True:
    d = s.recv(65536)
    if not d:
        break
    out += d
sys.stdout.buffer.write(out)' "$1"
}

# seed FILE PREFIX: writes stdin to FILE behind the 4-byte PREFIX (printf escapes).
seed() {
    { printf "$2"; cat; } >"$1"
    echo "  $1 ($(wc -c <"$1") bytes)"
}

# The chunked part of a response: the bytes after the first empty line.
after_head() {
    python3 -c 'import sys; d = sys.stdin.buffer.read(); sys.stdout.buffer.write(d[d.index(b"\r\n\r\n") + 4:])'
}

# Parser mode, 2048-byte lines, 100 headers; HEAD sets bit 0. The three
# seed bytes vary so the splits differ from file to file.
P='\074\001\002\003'
PH='\075\007\010\011'
# fuzz_chunked: 4096-byte lines, 100 headers.
C='\017\001\002\003'

# ---- Content -----------------------------------------------------------------
www=$tmp/www
mkdir -p "$www/chunked" "$www/gz" "$www/cgi-bin"
printf '{"id":"42","name":"demo","active":true}\n' >"$www/small.json"
python3 -c '
import json
rows = [{"id": str(1000 + i), "name": "account-%d" % i, "organization_id": "org-%d" % (i % 7),
         "active": i % 3 != 0, "created_at": "2024-01-%02dT10:00:00Z" % (1 + i % 28)}
        for i in range(150)]
print(json.dumps(rows))' >"$www/big.json"
cp "$www/small.json" "$www/big.json" "$www/chunked/"
cp "$www/small.json" "$www/big.json" "$www/gz/"
cat >"$www/cgi-bin/list" <<'EOF'
#!/bin/sh
printf 'Content-Type: application/json\r\n\r\n'
cat "${0%/*}/../big.json"
EOF
cat >"$www/cgi-bin/small" <<'EOF'
#!/bin/sh
printf 'Content-Type: application/json\r\n\r\n{"id":"42"}\n'
EOF
cat >"$www/cgi-bin/status" <<'EOF'
#!/bin/sh
printf 'Status: 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Type: application/json\r\n\r\n{"error":"busy"}\n'
EOF
chmod -R a+rX "$www"
chmod 755 "$www/cgi-bin/list" "$www/cgi-bin/small" "$www/cgi-bin/status"

# ---- nginx ---------------------------------------------------------------------
port=$(free_port)
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    types { application/json json; }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$port;
        root $www;
        location /chunked/ { ssi on; ssi_types application/json; }
        location /gz/ { gzip on; gzip_types application/json; gzip_min_length 1; }
        location = /empty { return 204; }
        location = /moved { return 301 /small.json; }
    }
}
EOF
nginx -e "$tmp/nginx/error.log" -c "$tmp/nginx.conf"
wait_port "$port"
echo "nginx on 127.0.0.1:$port"
C1='Host: 127.0.0.1\r\nConnection: close\r\n\r\n'
raw "$port" "GET /small.json HTTP/1.1\r\n$C1" | seed "$http/cap-nginx-small" "$P"
raw "$port" "GET /big.json HTTP/1.1\r\n$C1" | seed "$http/cap-nginx-big" '\074\021\042\063'
raw "$port" "GET /missing.json HTTP/1.1\r\n$C1" | seed "$http/cap-nginx-404" '\074\004\005\006'
raw "$port" "GET /moved HTTP/1.1\r\n$C1" | seed "$http/cap-nginx-301" '\074\101\102\103'
raw "$port" "GET /empty HTTP/1.1\r\n$C1" | seed "$http/cap-nginx-204" '\074\301\302\303'
raw "$port" "HEAD /big.json HTTP/1.1\r\n$C1" | seed "$http/cap-nginx-head" "$PH"
raw "$port" "GET /big.json HTTP/1.1\r\nRange: bytes=0-99\r\n$C1" |
    seed "$http/cap-nginx-206" '\074\013\014\015'
lm=$(raw "$port" "HEAD /small.json HTTP/1.1\r\n$C1" | sed -n 's/^Last-Modified: \(.*\)\r$/\1/p')
raw "$port" "GET /small.json HTTP/1.1\r\nIf-Modified-Since: $lm\r\n$C1" |
    seed "$http/cap-nginx-304" '\074\031\032\033'
# Two responses on one connection: the parser must stop after the first.
raw "$port" "GET /small.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /missing HTTP/1.1\r\n$C1" |
    seed "$http/cap-nginx-pipelined" '\074\251\252\253'
# HTTP/1.0 request: nginx answers 1.1 and closes.
raw "$port" 'GET /small.json HTTP/1.0\r\n\r\n' | seed "$http/cap-nginx-req10" '\074\061\062\063'
# A request nginx refuses (400, close).
raw "$port" 'GET / HTTP/1.1\r\n\r\n' | seed "$http/cap-nginx-400" '\074\111\112\113'
for f in small big; do
    raw "$port" "GET /chunked/$f.json HTTP/1.1\r\n$C1" >"$tmp/c-$f"
    grep -q '^Transfer-Encoding: chunked' "$tmp/c-$f" || { echo "nginx did not chunk /chunked/$f.json" >&2; exit 1; }
    seed "$http/cap-nginx-chunked-$f" '\074\121\122\123' <"$tmp/c-$f"
    after_head <"$tmp/c-$f" | seed "$chunked/cap-nginx-$f" "$C"
done
raw "$port" "GET /gz/big.json HTTP/1.1\r\nAccept-Encoding: gzip\r\n$C1" >"$tmp/c-gz"
seed "$http/cap-nginx-chunked-gzip" '\074\141\142\143' <"$tmp/c-gz"
after_head <"$tmp/c-gz" | seed "$chunked/cap-nginx-gzip" '\017\005\006\007'

# ---- Python http.server ----------------------------------------------------------
port=$(free_port)
(cd "$www" && exec python3 -m http.server --cgi --bind 127.0.0.1 "$port") >"$tmp/py.log" 2>&1 &
pids="$pids $!"
wait_port "$port"
echo "python3 http.server on 127.0.0.1:$port"
raw "$port" "GET /small.json HTTP/1.1\r\n$C1" | seed "$http/cap-python-small" '\074\161\162\163'
raw "$port" "GET /big.json HTTP/1.1\r\n$C1" | seed "$http/cap-python-big" '\074\171\172\173'
raw "$port" "GET /missing.json HTTP/1.1\r\n$C1" | seed "$http/cap-python-404" '\074\201\202\203'
raw "$port" "HEAD /small.json HTTP/1.1\r\n$C1" | seed "$http/cap-python-head" '\075\211\212\213'
raw "$port" "GET /cgi-bin/small HTTP/1.1\r\n$C1" | seed "$http/cap-python-cgi-small" '\074\221\222\223'
raw "$port" "GET /cgi-bin/list HTTP/1.1\r\n$C1" | seed "$http/cap-python-cgi-big" '\074\231\232\233'
raw "$port" "GET /cgi-bin/status HTTP/1.1\r\n$C1" | seed "$http/cap-python-cgi-503" '\074\241\242\243'

# ---- openssl s_server over TLS ---------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
    -days 1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
tls() { # tls PORT REQUEST: the decrypted answer
    printf "$2" | openssl s_client -connect "127.0.0.1:$1" -quiet 2>/dev/null
}
port=$(free_port)
(cd "$www" && exec openssl s_server -accept "127.0.0.1:$port" -cert "$tmp/cert.pem" \
    -key "$tmp/key.pem" -www -quiet) >/dev/null 2>&1 &
pids="$pids $!"
wait_port "$port"
echo "openssl s_server -www on 127.0.0.1:$port"
tls "$port" 'GET / HTTP/1.0\r\n\r\n' | seed "$http/cap-tls-www" '\074\261\262\263'
port=$(free_port)
(cd "$www" && exec openssl s_server -accept "127.0.0.1:$port" -cert "$tmp/cert.pem" \
    -key "$tmp/key.pem" -WWW -quiet) >/dev/null 2>&1 &
pids="$pids $!"
wait_port "$port"
echo "openssl s_server -WWW on 127.0.0.1:$port"
tls "$port" 'GET /small.json HTTP/1.0\r\n\r\n' | seed "$http/cap-tls-file-small" '\074\271\272\273'
tls "$port" 'GET /big.json HTTP/1.0\r\n\r\n' | seed "$http/cap-tls-file-big" '\074\301\312\313'
tls "$port" 'GET /missing.json HTTP/1.0\r\n\r\n' | seed "$http/cap-tls-file-404" '\074\321\322\323'
echo "capture: done"
