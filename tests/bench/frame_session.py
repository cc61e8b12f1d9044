"""frame_session.py - the Python keep-alive peer: the documentation's
signing, each request signed afresh, N GETs through one requests.Session
(one kept-alive connection).

Usage: frame_session.py URL CA_FILE N   (credentials from FRAME_CLIENT_ID
and FRAME_CLIENT_SECRET). Exit 0 when all N answered 200, else 1."""
import hashlib
import hmac
import os
import sys
import time

import requests

api_url, ca_file, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
client_id = os.environ["FRAME_CLIENT_ID"]
client_secret = os.environ["FRAME_CLIENT_SECRET"].encode("utf-8")

session = requests.Session()
session.verify = ca_file
failed = 0
for _ in range(count):
    timestamp = int(time.time())
    to_sign = "%s%s" % (timestamp, client_id)
    signature = hmac.new(client_secret, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    headers = {"X-Frame-ClientId": client_id, "X-Frame-Timestamp": str(timestamp),
               "X-Frame-Signature": signature}
    r = session.get(api_url, headers=headers)
    r.content  # the whole body, as a caller would read it
    if r.status_code != 200:
        failed += 1
sys.stdout.write("%d requests, %d failed\n" % (count, failed))
sys.exit(1 if failed else 0)
