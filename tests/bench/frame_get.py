"""frame_get.py - the Python peer for the cold call, written the way the
Frame documentation's own example is: sign with hmac/hashlib, one
requests.get with the three X-Frame headers, print the JSON.

Usage: frame_get.py URL CA_FILE   (credentials from FRAME_CLIENT_ID and
FRAME_CLIENT_SECRET). Exit 0 on HTTP 200, else 1."""
import hashlib
import hmac
import os
import sys
import time

import requests

api_url, ca_file = sys.argv[1], sys.argv[2]

# Client credentials
client_id = os.environ["FRAME_CLIENT_ID"]
client_secret = os.environ["FRAME_CLIENT_SECRET"].encode("utf-8")

# Create signature
timestamp = int(time.time())
to_sign = "%s%s" % (timestamp, client_id)
signature = hmac.new(client_secret, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()

# Prepare http request headers
headers = {"X-Frame-ClientId": client_id, "X-Frame-Timestamp": str(timestamp),
           "X-Frame-Signature": signature}

# Make request
r = requests.get(api_url, headers=headers, verify=ca_file)
if r.status_code == 200:
    print(r.text)
    sys.exit(0)
print("HTTP %d: %s" % (r.status_code, r.text[:200]), file=sys.stderr)
sys.exit(1)
