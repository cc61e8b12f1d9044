"""fetch.py - an independent reference client for the integration tests.

Signs with Python's hmac and fetches with http.client over ssl, so framec's
output can be compared byte for byte with what the server really sent.
Usage: fetch.py CA_FILE URL [METHOD [BODY]]; prints the body to stdout."""
import hashlib
import hmac
import http.client
import os
import ssl
import sys
import time
import urllib.parse


def main():
    ca, url = sys.argv[1], sys.argv[2]
    method = sys.argv[3] if len(sys.argv) > 3 else "GET"
    body = sys.argv[4].encode() if len(sys.argv) > 4 else None
    cid, secret = os.environ["FRAME_CLIENT_ID"], os.environ["FRAME_CLIENT_SECRET"]
    ts = str(int(time.time()))
    sig = hmac.new(secret.encode(), (ts + cid).encode(), hashlib.sha256).hexdigest()
    u = urllib.parse.urlsplit(url)
    ctx = ssl.create_default_context(cafile=ca)
    conn = http.client.HTTPSConnection(u.hostname, u.port, context=ctx, timeout=10)
    path = u.path + ("?" + u.query if u.query else "")
    headers = {"X-Frame-ClientId": cid, "X-Frame-Timestamp": ts,
               "X-Frame-Signature": sig, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    sys.stdout.buffer.write(resp.read())
    sys.exit(0 if 200 <= resp.status < 300 else 1)


main()
