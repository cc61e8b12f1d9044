#!/usr/bin/python3
"""fault_api.py - a hostile HTTPS server for framec's fault tests (faults.sh).

One server serves every HTTP-level fault: the request path picks it.  A few
faults happen before HTTP exists and are chosen on the command line instead.
Python 3 standard library only; listens on 127.0.0.1 only.

    fault_api.py --cert FILE --key FILE [--port 0] [--port-file F] [--log F]
                 [--plain | --garbage | --reset | --hello-close |
                  --silent-handshake | --handshake-alert] [--skew 3600]

Connection modes (command line):
  (default)          TLS 1.2, then HTTP/1.1 with the fault named by the path
  --plain            plain HTTP on the port: whatever arrives (a ClientHello)
                     gets "HTTP/1.1 400 Bad Request" in clear, then close
  --garbage          reads the ClientHello, answers 512 pseudo-random bytes
                     (fixed seed: the same bytes every run), then closes
  --reset            TCP RST (SO_LINGER 0) right after accept
  --hello-close      reads the ClientHello, then closes without a word
  --silent-handshake reads the ClientHello, then says nothing for 30 s (or
                     until the client goes)
  --handshake-alert  accepts TLS 1.3 only: OpenSSL answers framec's TLS 1.2
                     ClientHello with a fatal protocol_version alert

How TLS is done: every connection runs an ssl.SSLObject over MemoryBIOs, so
the server decides what reaches the socket byte by byte.  That is what makes
"alert-mid-body" a real fatal alert: after part of the body, the server feeds
its own TLS engine a forged application-data record; OpenSSL finds a bad
record MAC and queues an encrypted fatal bad_record_mac alert (20), which is
sent to the client.  "close-notify-mid-body" sends a proper close_notify
(SSLObject.unwrap) instead.  Every other "close" is a TCP close without
close_notify, like most servers.

Every well-formed part of a response is sent in one write, and accepted
sockets get TCP_NODELAY.  Faults: GET (or any method) /v1/fault/NAME, where
BODY is the 51-byte JSON below and SLOW_BODY is {"a":[1]}:

  ok                    200, BODY, keep-alive (a baseline)
  close-after-status    "HTTP/1.1 200 OK\\r\\n", then close
  close-mid-headers     status and half a header line, then close
  close-mid-body        Content-Length: len(BODY), half the body, close
  close-mid-chunk       chunked; a chunk size line and half its data, close
  cl-longer             Content-Length: len(BODY)+50, all of BODY, close
  close-notify-mid-body Content-Length: 1000, 20 bytes, close_notify, close
  alert-mid-body        Content-Length: 1000, 20 bytes, fatal TLS alert, close
  reset-mid-body        Content-Length: len(BODY), half the body, TCP RST
  empty-reply           reads the request, closes without a byte
  stall-before          sends nothing for 30 s (or until the client goes)
  stall-mid-body        headers and half the body, then nothing for 30 s
  slow                  "HTTP/1.1 200 OK\\r\\nContent-Length: 9\\r\\n\\r\\n" +
                        SLOW_BODY (47 bytes), one byte every 100 ms (~4.7 s),
                        each byte its own TLS record
  non-http              "SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n", then close
  http10                "HTTP/1.0 200 OK", no length: BODY delimited by the
                        close (with close_notify, as a correct server does)
  http10-no-notify      the same, but the TCP close has no close_notify
  long-header           one header line of 5,000 bytes
  many-headers          10,000 header lines
  cl-negative           Content-Length: -1
  cl-nonnumeric         Content-Length: abc
  cl-overflow           Content-Length: 99999999999999999999999
  cl-conflict           Content-Length: len(BODY) and len(BODY)+1
  cl-chunked            Content-Length and Transfer-Encoding: chunked
  chunk-overflow        chunk size ffffffffffffffffff
  chunk-bare-cr         chunk size line ending in CR alone
  chunk-bare-lf         chunk size line ending in LF alone
  chunk-ext-trailers    valid: BODY in two chunks with extensions, a last
                        chunk with an extension, two trailer fields
  chunk-ext-bws         valid too (RFC 9112 7.1.1 allows BWS): "%x ; a=b"
  invalid-json          200 application/json "[1,,2]"
  invalid-json-object   200 application/json '{"x":1,}'
  invalid-json-rows     200 application/json '[{"x":1},,{"x":2}]'
  invalid-json-late     200 application/json '[{"x":1},{"x":2},{"x":tru}]'
  deep-json             [[[...]]] nested 100 deep
  deep-json-object      {"x":{"x":...}} nested 100 deep
  many-tokens           [{"k0":0,...,"k2999":0}]  (6,002 tokens, one element)
  many-tokens-object    {"k0":0,...,"k2999":0}    (6,001 tokens)
  many-tokens-small     [[0,0,...]] with 2,500 zeros: 2,502 tokens in 5 KB
  big-object            {"data":"xxx..."}: valid, 100,010 bytes, 3 tokens
  big-array             2,000 small objects, about 110 KB: valid
  429-once              429 with Retry-After: 1, then 200 BODY
  503-once              503 without Retry-After, then 200 BODY
  502-once, 504-once    the same with 502 and 504
  503-date-once         503 with Retry-After as an HTTP-date 2 s ahead, then
                        200 BODY
  503-always            503 forever (no Retry-After)
  429-long              429 with Retry-After: 3600, forever
  status-NNN            status NNN (100 < NNN < 600, not 1xx) forever, JSON
                        error body
  skew                  the server's clock is --skew (3600) s ahead: a request
                        whose X-Frame-Timestamp is more than 300 s from that
                        clock gets 401 with the server's Date; otherwise the
                        signature is checked (as frame_api.py does) and a good
                        one gets 200 BODY
  anything else         404 JSON error

"-once" counters live as long as the server and are keyed by fault and the
query parameter "key" (framec ... --query key=K): the first request of each
(fault, key) pair gets the error, later ones succeed.  Tests use a fresh key
per case so cases never share a counter.

Status responses (200 BODY, 4xx, 5xx) keep the connection alive; every fault
ends it.  --log F appends one JSON line per request as soon as its head has
arrived (before the fault plays out), compact (no spaces):
  {"conn":N,"n":N,"method":M,"path":P,"query":Q,"key":K,"fault":F,
   "count":C,"timestamp":T}
and in the connection modes one line per accepted connection:
  {"conn":N,"mode":"reset"}
"""

import argparse
import email.utils
import hashlib
import hmac
import itertools
import json
import os
import random
import select
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse

BODY = b'{"fault":"none","items":[1,2,3],"name":"fault_api"}'
SLOW_BODY = b'{"a":[1]}'
STALL_S = 30
DEFAULT_CLIENT_ID = "test-client.img.frame.nutanix.com"
DEFAULT_CLIENT_SECRET = "0123456789abcdef0123456789abcdef01234567"
SKEW_WINDOW = 300


class Closed(Exception):
    """The client went away."""


class Conn:
    """One accepted connection: TLS through MemoryBIOs, or plain TCP."""

    def __init__(self, sock, ctx):
        self.sock = sock
        self.obj = None
        if ctx is not None:
            self.inc, self.out = ssl.MemoryBIO(), ssl.MemoryBIO()
            self.obj = ctx.wrap_bio(self.inc, self.out, server_side=True)

    def _flush(self):
        data = self.out.read()
        if data:
            self.sock.sendall(data)

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise Closed()
        self.inc.write(data)

    def handshake(self):
        while True:
            try:
                self.obj.do_handshake()
                self._flush()
                return
            except ssl.SSLWantReadError:
                self._flush()
                self._fill()
            except ssl.SSLError:
                self._flush()  # the alert OpenSSL queued (--handshake-alert)
                raise

    def recv(self):
        """Some bytes of the request stream; Closed at its end."""
        if self.obj is None:
            data = self.sock.recv(65536)
            if not data:
                raise Closed()
            return data
        while True:
            try:
                data = self.obj.read(65536)
                if not data:
                    raise Closed()
                return data
            except ssl.SSLWantReadError:
                self._fill()
            except ssl.SSLZeroReturnError:
                raise Closed()

    def send(self, data):
        """All of data, in one write to the socket."""
        if self.obj is None:
            self.sock.sendall(data)
            return
        view = memoryview(data)
        while view:
            n = self.obj.write(view)
            view = view[n:]
        self._flush()

    def close_notify(self):
        if self.obj is not None:
            try:
                self.obj.unwrap()
            except (ssl.SSLWantReadError, ssl.SSLError):
                pass  # our close_notify is queued; the client's is not awaited
            self._flush()

    def fatal_alert(self):
        """Provoke our own TLS engine into a fatal alert and send it."""
        self.inc.write(bytes([23, 3, 3, 0, 40]) + os.urandom(40))
        try:
            self.obj.read(1024)
        except ssl.SSLError:
            pass
        self._flush()

    def reset(self):
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                             struct.pack("ii", 1, 0))
        self.sock.close()

    def wait_gone(self, seconds):
        """Say nothing for up to `seconds`, or until the client closes."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([self.sock], [], [], left)
            if r:
                try:
                    if not self.sock.recv(65536):
                        return
                except OSError:
                    return

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Request:
    def __init__(self, method, target, headers):
        self.method = method
        self.target = target
        url = urllib.parse.urlsplit(target)
        self.path = url.path
        self.raw_query = url.query
        self.query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        self.headers = headers


def read_request(conn, buf):
    """The next request on conn (buf holds leftover bytes), or None at EOF."""
    while b"\r\n\r\n" not in buf:
        if len(buf) > 65536:
            raise Closed()
        try:
            buf += conn.recv()
        except Closed:
            return None
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    del buf[:len(head) + 4]
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(buf) < length:
        buf += conn.recv()
    del buf[:length]
    return Request(method, target, headers)


def http_date(t):
    return email.utils.formatdate(t, usegmt=True)


def response(status, body=b"", headers=(), length=True, date=None):
    reason = {200: "OK", 401: "Unauthorized", 404: "Not Found",
              429: "Too Many Requests", 502: "Bad Gateway",
              503: "Service Unavailable", 504: "Gateway Timeout"}.get(status, "Status")
    h = ["HTTP/1.1 %d %s" % (status, reason),
         "Date: " + http_date(time.time() if date is None else date),
         "Content-Type: application/json; charset=utf-8"]
    if length:
        h.append("Content-Length: %d" % len(body))
    h.extend(headers)
    return ("\r\n".join(h) + "\r\n\r\n").encode("latin-1") + body


def error_body(error, message):
    return json.dumps({"error": error, "message": message},
                      separators=(",", ":")).encode()


def keys_object(n):
    return ("{" + ",".join('"k%d":0' % i for i in range(n)) + "}").encode()


HALF = len(BODY) // 2
OK = response(200, BODY)


def chunked_head(extra=()):
    h = ["HTTP/1.1 200 OK", "Date: " + http_date(time.time()),
         "Content-Type: application/json", "Transfer-Encoding: chunked"]
    h.extend(extra)
    return ("\r\n".join(h) + "\r\n\r\n").encode()


# Each fault: fn(server, conn, req, count) -> True to keep the connection.
def f_ok(s, c, q, n):
    c.send(OK)
    return True


def f_close_after_status(s, c, q, n):
    c.send(b"HTTP/1.1 200 OK\r\n")


def f_close_mid_headers(s, c, q, n):
    c.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Le")


def f_close_mid_body(s, c, q, n):
    c.send(OK[:len(OK) - len(BODY) + HALF])


def f_close_mid_chunk(s, c, q, n):
    c.send(chunked_head() + b"%x\r\n" % len(BODY) + BODY[:HALF])


def f_cl_longer(s, c, q, n):
    c.send(response(200, BODY, length=False,
                    headers=["Content-Length: %d" % (len(BODY) + 50)]))


def part_of_1000():
    return response(200, length=False, headers=["Content-Length: 1000"]) + BODY[:20]


def f_close_notify_mid_body(s, c, q, n):
    c.send(part_of_1000())
    c.close_notify()


def f_alert_mid_body(s, c, q, n):
    c.send(part_of_1000())
    c.fatal_alert()


def f_reset_mid_body(s, c, q, n):
    c.send(OK[:len(OK) - len(BODY) + HALF])
    time.sleep(0.05)  # let the bytes leave before the RST overtakes them
    c.reset()


def f_empty_reply(s, c, q, n):
    pass


def f_stall_before(s, c, q, n):
    c.wait_gone(STALL_S)


def f_stall_mid_body(s, c, q, n):
    c.send(OK[:len(OK) - len(BODY) + HALF])
    c.wait_gone(STALL_S)


SLOW = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(SLOW_BODY) + SLOW_BODY


def f_slow(s, c, q, n):
    for i in range(len(SLOW)):
        c.send(SLOW[i:i + 1])
        time.sleep(0.1)
    return True


def f_non_http(s, c, q, n):
    c.send(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")


HTTP10 = (b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n"
          b"Server: fault_api\r\n\r\n" + BODY)


def f_http10(s, c, q, n):
    c.send(HTTP10)
    c.close_notify()


def f_http10_no_notify(s, c, q, n):
    c.send(HTTP10)


def f_long_header(s, c, q, n):
    c.send(response(200, BODY, headers=["X-Long: " + "a" * 5000]))


def f_many_headers(s, c, q, n):
    c.send(response(200, BODY, headers=["X-H-%d: v" % i for i in range(10000)]))


def bad_length(value):
    def f(s, c, q, n):
        c.send(response(200, BODY, length=False, headers=["Content-Length: " + value]))
    return f


def f_cl_conflict(s, c, q, n):
    c.send(response(200, BODY, headers=["Content-Length: %d" % (len(BODY) + 1)]))


def f_cl_chunked(s, c, q, n):
    c.send(chunked_head(["Content-Length: %d" % len(BODY)]) +
           b"%x\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY))


def f_chunk_overflow(s, c, q, n):
    c.send(chunked_head() + b"ffffffffffffffffff\r\n" + BODY + b"\r\n0\r\n\r\n")


def f_chunk_bare_cr(s, c, q, n):
    c.send(chunked_head() + b"%x\r%s\r\n0\r\n\r\n" % (len(BODY), BODY))


def f_chunk_bare_lf(s, c, q, n):
    c.send(chunked_head() + b"%x\n%s\r\n0\r\n\r\n" % (len(BODY), BODY))


def f_chunk_ext_trailers(s, c, q, n):
    a, b = BODY[:HALF], BODY[HALF:]
    c.send(chunked_head(["Trailer: X-Checksum, X-More"]) +
           b"%x;name=value;flag\r\n%s\r\n" % (len(a), a) +
           b"%X;q=\"quoted;ext\"\r\n%s\r\n" % (len(b), b) +
           b"0;last=yes\r\nX-Checksum: abc123\r\nX-More: 1\r\n\r\n")
    return True


def f_chunk_ext_bws(s, c, q, n):
    c.send(chunked_head() + b"%x ; a=b\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY))
    return True


def json_fault(body):
    def f(s, c, q, n):
        c.send(response(200, body))
        return True
    return f


def once(status, headers):
    def f(s, c, q, n):
        if n == 1:
            hs = headers() if callable(headers) else headers
            c.send(response(status, error_body("fault", "status %d" % status), hs))
        else:
            c.send(OK)
        return True
    return f


def always(status, headers=()):
    def f(s, c, q, n):
        c.send(response(status, error_body("fault", "status %d" % status), headers))
        return True
    return f


def f_skew(s, c, q, n):
    now = time.time() + s.opts.skew
    stamp = q.headers.get("x-frame-timestamp", "")
    if not stamp.isdigit() or abs(int(stamp) - now) > SKEW_WINDOW:
        c.send(response(401, error_body("unauthorized",
                                        "timestamp outside the allowed clock skew"),
                        date=now))
        return True
    cid = q.headers.get("x-frame-clientid", "")
    want = hmac.new(s.opts.client_secret.encode(), (stamp + cid).encode(),
                    hashlib.sha256).hexdigest()
    if cid != s.opts.client_id or not hmac.compare_digest(
            want, q.headers.get("x-frame-signature", "")):
        c.send(response(401, error_body("unauthorized", "bad signature"), date=now))
        return True
    c.send(response(200, BODY, date=now))
    return True


FAULTS = {
    "ok": f_ok,
    "close-after-status": f_close_after_status,
    "close-mid-headers": f_close_mid_headers,
    "close-mid-body": f_close_mid_body,
    "close-mid-chunk": f_close_mid_chunk,
    "cl-longer": f_cl_longer,
    "close-notify-mid-body": f_close_notify_mid_body,
    "alert-mid-body": f_alert_mid_body,
    "reset-mid-body": f_reset_mid_body,
    "empty-reply": f_empty_reply,
    "stall-before": f_stall_before,
    "stall-mid-body": f_stall_mid_body,
    "slow": f_slow,
    "non-http": f_non_http,
    "http10": f_http10,
    "http10-no-notify": f_http10_no_notify,
    "long-header": f_long_header,
    "many-headers": f_many_headers,
    "cl-negative": bad_length("-1"),
    "cl-nonnumeric": bad_length("abc"),
    "cl-overflow": bad_length("99999999999999999999999"),
    "cl-conflict": f_cl_conflict,
    "cl-chunked": f_cl_chunked,
    "chunk-overflow": f_chunk_overflow,
    "chunk-bare-cr": f_chunk_bare_cr,
    "chunk-bare-lf": f_chunk_bare_lf,
    "chunk-ext-trailers": f_chunk_ext_trailers,
    "chunk-ext-bws": f_chunk_ext_bws,
    "invalid-json": json_fault(b"[1,,2]"),
    "invalid-json-object": json_fault(b'{"x":1,}'),
    "invalid-json-rows": json_fault(b'[{"x":1},,{"x":2}]'),
    "invalid-json-late": json_fault(b'[{"x":1},{"x":2},{"x":tru}]'),
    "deep-json": json_fault(b"[" * 100 + b"]" * 100),
    "deep-json-object": json_fault(b'{"x":' * 99 + b"{}" + b"}" * 99),
    "many-tokens": json_fault(b"[" + keys_object(3000) + b"]"),
    "many-tokens-object": json_fault(keys_object(3000)),
    "many-tokens-small": json_fault(b"[[" + b",".join([b"0"] * 2500) + b"]]"),
    "big-object": json_fault(b'{"data":"' + b"x" * 100000 + b'"}'),
    "big-array": json_fault(b"[" + b",".join(b'{"i":%d,"pad":"%s"}' % (i, b"p" * 40)
                                             for i in range(2000)) + b"]"),
    "429-once": once(429, ["Retry-After: 1"]),
    "503-once": once(503, []),
    "502-once": once(502, []),
    "504-once": once(504, []),
    "503-date-once": once(503, lambda: ["Retry-After: " + http_date(time.time() + 2)]),
    "503-always": always(503),
    "429-long": always(429, ["Retry-After: 3600"]),
    "skew": f_skew,
}


def fault_for(path):
    name = path[len("/v1/fault/"):] if path.startswith("/v1/fault/") else None
    if name is None:
        return None, None
    if name in FAULTS:
        return name, FAULTS[name]
    if name.startswith("status-") and name[7:].isdigit() and 200 <= int(name[7:]) < 600:
        return name, always(int(name[7:]))
    return None, None


class Server:
    def __init__(self, opts, ctx):
        self.opts = opts
        self.ctx = ctx
        self.lock = threading.Lock()
        self.counts = {}
        self.log_file = open(opts.log, "a", encoding="utf-8") if opts.log else None

    def log(self, entry):
        if self.log_file is None:
            return
        line = json.dumps(entry, separators=(",", ":"))
        with self.lock:
            self.log_file.write(line + "\n")
            self.log_file.flush()

    def count(self, name, key):
        with self.lock:
            n = self.counts.get((name, key), 0) + 1
            self.counts[(name, key)] = n
            return n

    def connection(self, sock, seq):
        conn = Conn(sock, None if self.opts.mode in ("plain",) else self.ctx)
        try:
            mode = self.opts.mode
            if mode != "tls":
                self.log({"conn": seq, "mode": mode})
            if mode == "reset":
                conn.reset()
                return
            if mode in ("garbage", "hello-close", "plain", "silent-handshake"):
                sock.settimeout(5)
                try:
                    sock.recv(65536)  # the ClientHello
                except OSError:
                    pass
                if mode == "silent-handshake":
                    conn.wait_gone(STALL_S)
                elif mode == "garbage":
                    sock.sendall(random.Random(1234).randbytes(512))
                elif mode == "plain":
                    body = b"<html><body>400 Bad Request</body></html>\n"
                    sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n"
                                 b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                                 % (len(body), body))
                return
            sock.settimeout(60)
            try:
                conn.handshake()
            except (ssl.SSLError, Closed, OSError):
                return  # certificate refused, or --handshake-alert did its job
            buf = bytearray()
            for n in itertools.count(1):
                req = read_request(conn, buf)
                if req is None:
                    return
                name, fn = fault_for(req.path)
                key = req.query.get("key", "")
                count = self.count(name or "-", key)
                self.log({"conn": seq, "n": n, "method": req.method, "path": req.path,
                          "query": req.raw_query, "key": key, "fault": name,
                          "count": count,
                          "timestamp": req.headers.get("x-frame-timestamp")})
                if fn is None:
                    conn.send(response(404, error_body("not_found", "no such fault")))
                    continue
                if not fn(self, conn, req, count):
                    return
        except (Closed, OSError, ssl.SSLError):
            pass
        finally:
            conn.close()

    def serve_forever(self):
        listener = socket.create_server(("127.0.0.1", self.opts.port), backlog=128)
        port = listener.getsockname()[1]
        if self.opts.port_file:
            tmp = "%s.tmp.%d" % (self.opts.port_file, os.getpid())
            with open(tmp, "w") as f:
                f.write("%d\n" % port)
            os.replace(tmp, self.opts.port_file)
        for seq in itertools.count(1):
            sock, _ = listener.accept()
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self.connection, args=(sock, seq),
                             daemon=True).start()


def main(argv):
    p = argparse.ArgumentParser(description="Hostile HTTPS server for framec tests.")
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--port-file", help="write the bound port here, atomically")
    p.add_argument("--log", help="append one JSON line per request")
    p.add_argument("--skew", type=int, default=3600,
                   help="the skew fault's clock, seconds ahead of real time")
    p.add_argument("--client-id",
                   default=os.environ.get("FRAME_CLIENT_ID", DEFAULT_CLIENT_ID))
    p.add_argument("--client-secret",
                   default=os.environ.get("FRAME_CLIENT_SECRET", DEFAULT_CLIENT_SECRET))
    g = p.add_mutually_exclusive_group()
    for m in ("plain", "garbage", "reset", "hello-close", "silent-handshake",
              "handshake-alert"):
        g.add_argument("--" + m, dest="mode", action="store_const", const=m)
    opts = p.parse_args(argv)
    opts.mode = opts.mode or "tls"

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if opts.mode == "handshake-alert":
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    else:
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    try:
        ctx.load_cert_chain(opts.cert, opts.key)
    except (OSError, ssl.SSLError) as err:
        print("fault_api.py: cannot load %s / %s: %s" % (opts.cert, opts.key, err),
              file=sys.stderr)
        return 1
    try:
        Server(opts, ctx).serve_forever()
    except OSError as err:
        print("fault_api.py: %s" % err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
