#!/usr/bin/python3
"""frame_api.py - a local stand-in for the Frame Admin API, for framec's tests.

It speaks HTTPS on 127.0.0.1, checks the Frame request signature exactly as
the real service does, and serves every endpoint of frame-api.json whose path
is known, with data shaped like the real thing (opaque ids of several shapes,
timestamps with and without a zone, nulls, JSON escapes, non-ASCII names,
nested objects).  Python 3 standard library only.

    frame_api.py --cert FILE --key FILE [--host 127.0.0.1] [--port 0]
                 [--port-file F] [--log F] [--chunked] [--close-after N]
                 [--client-order]
                 [--client-id ID --client-secret S] [--skew-window 300]
                 [--accounts N] [--fail-first N [--fail-status 503]]
                 [--idle-timeout 60] [--verbose]

Why it is hand-written instead of http.server:
  * every response is built as one bytes object and sent with one sendall,
    and accepted sockets get TCP_NODELAY, so no client ever waits on a
    delayed-ACK stall and timings mean something;
  * the framing is under the test's control: --chunked (chunk extensions,
    hex of mixed case, a trailer) and --close-after (silently drop a
    keep-alive connection) exercise the client's HTTP parser and reconnects.

Behaviour the tests rely on (fixture ids are the constants below):
  * Auth: X-Frame-ClientId, X-Frame-Timestamp, X-Frame-Signature; signature is
    lowercase hex HMAC-SHA256(secret bytes, timestamp + client_id).  Any
    failure -> 401 {"error":"unauthorized","message":<which check>}.
  * Every response: a Date header, Content-Type application/json (with
    charset=utf-8) and a JSON body, errors included: {"error","message"}.
    404 unknown path or id, 405 wrong method (with Allow), 400 bad query
    (offset, limit, order, booleans) or bad token body, 415 a token body not
    sent as application/json.  Unframeable requests (bad request line, no
    Host, chunked request body, bare LF) get 400/411 and the connection ends.
  * Paths live under /v1; one trailing slash is ignored (the docs write both
    /accounts and /accounts/), but the log keeps the raw path.
  * Paging (offset, limit 1..1000; no limit = everything) on organizations,
    customer accounts and both audit trails.  Filters: accounts name
    (case-insensitive substring) and organization_id; organizations name and
    show_deleted; customer accounts name, active, organization_id; audit
    trails search and kind (wildcards).
  * --accounts N (or FRAMEC_TEST_ACCOUNTS=N): /accounts lists exactly N, the
    fixtures first, then generated ones; the unfiltered body is built once.
  * --fail-first N: the first N correctly signed requests get --fail-status
    (503) with Retry-After: 1, to test backing off.
  * List bodies are sent with non-ASCII escaped (so the emoji arrives as a
    \\ud83d\\ude80 surrogate pair); single objects are sent as raw UTF-8.
  * Publishing: POST .../publish answers "pending"; each GET of the task
    advances it one step: in_progress, then success (or failed for the
    BROKEN_ACCOUNT_ID account), which then stays.
  * Sessions: each GET of the same gateway-prod.* session id advances it:
    init, reserved, Open, open, closed (then closed forever).
  * --log F appends one JSON line per response (never the signature):
    {"conn","n","method","path","query","status","client_id","timestamp",
     "user_agent","content_type","body","cipher"} (cipher: the negotiated
    suite's OpenSSL name)
"""

import argparse
import base64
import datetime
import email.utils
import fnmatch
import hashlib
import hmac
import http
import itertools
import json
import os
import re
import secrets
import signal
import socket
import ssl
import sys
import threading
import time
import traceback
import urllib.parse
import uuid

DEFAULT_CLIENT_ID = "test-client.img.frame.nutanix.com"
DEFAULT_CLIENT_SECRET = "0123456789abcdef0123456789abcdef01234567"

# ---------------------------------------------------------------------------
# Fixture ids: stable across runs, tests may hard-code them.

# The customer id has the <uuid>.<uuid> shape: ids are opaque strings.
CUSTOMER_ID = ("0ed107c1-2c06-4132-832e-f04a97282225."
               "13b460a8-d0fc-4fce-8430-77926940e44e")

ORG_HQ_ID = "ab4f06b1-412c-4aed-809a-06166ee8704b"
ORG_NORD_ID = "18b88912-3689-4880-a67e-12567d695df1"
ORG_LAB_ID = "d76e871a-4d1e-4feb-a2f5-06e9e5378c16"
ORG_DELETED_ID = "e1372be6-157c-4013-a7c2-23dfca740a06"  # only with show_deleted

PRODUCTION_ACCOUNT_ID = "f0145d11-f205-49bd-9df5-7bd7697f027a"
CAFE_ACCOUNT_ID = "c9114a1e-1b19-4e19-a6ba-1fa11eae814e"
LAUNCHPAD_ACCOUNT_ID = "f9262983-4ffe-4e9e-9605-e13494ee9337"
BROKEN_ACCOUNT_ID = "5499d3cb-cf74-471f-8204-66af66fe31b4"  # publish fails
KIOSK_ACCOUNT_ID = "3584a552-5bf1-4991-a650-437873165175"
ARCHIVE_ACCOUNT_ID = "d183dbe3-3dc2-44e7-91a5-888a32dee732"  # inactive
STAGING_ACCOUNT_ID = "363d3df0-96be-4874-ad90-5d6e07cc6308"

# Secure anonymous token providers, valid on every account and organization.
KIOSK_PROVIDER = "secure-anon-7d1015db-6564-4e7f-a3f9-5fb16f6756c2"
EVENTS_PROVIDER = "secure-anon-8db47fe5-72b3-40c6-b473-0af77c53b05d"
PROVIDERS = (KIOSK_PROVIDER, EVENTS_PROVIDER)

# Any id of this shape is a session on any account; this one is the
# catalogue's example.  Each distinct id has its own state sequence.
SESSION_ID = "gateway-prod.KR5LDopQG8MzV136"
SESSION_ID_RE = re.compile(r"^gateway-prod\.[A-Za-z0-9]+$")
SESSION_STATES = ("init", "reserved", "Open", "open", "closed")

# Generated accounts (--accounts N) embed their index in the last UUID group,
# so any of 100,000 can be looked up without keeping them all in memory.
GENERATED_PREFIX = "9396d7db-2ffe-4576-80c1-"
GENERATED_RE = re.compile("^" + re.escape(GENERATED_PREFIX) + "([0-9a-f]{12})$")

# Deterministic ids for audit-trail entries and the like.
ID_NAMESPACE = uuid.UUID("fa7da58a-9e5c-439f-b06d-8cd1a4ee0b46")


def stable_uuid(label):
    return str(uuid.uuid5(ID_NAMESPACE, label))


# ---------------------------------------------------------------------------
# Fixture data.  Records carry the full "get" shape; list endpoints project.

ORGANIZATIONS = [
    {"id": ORG_HQ_ID, "name": "Headquarters", "url_slug": "headquarters",
     "description": "Main organization", "website": "https://hq.example.com",
     "deleted": False},
    {"id": ORG_NORD_ID, "name": "Caf\u00e9 \"Nord\" Division",
     "url_slug": "cafe-nord", "description": None, "website": None,
     "deleted": False},
    {"id": ORG_LAB_ID, "name": "Kiosk Lab", "url_slug": "kiosk-lab",
     "description": "Thin clients \u2014 lobby & labs",
     "website": "https://lab.example.com/kiosk?a=1&b=2", "deleted": False},
    {"id": ORG_DELETED_ID, "name": "Old Division", "url_slug": "old-division",
     "description": "Retired in 2021", "website": None, "deleted": True},
]

ACCOUNTS = [
    {"id": PRODUCTION_ACCOUNT_ID, "name": "Production",
     "organization_id": ORG_HQ_ID,
     "description": "Day-to-day desktops", "notes": None,
     "website": "https://apps.example.com", "url_slug": "production",
     "kind": "frame", "active": True,
     "inserted_at": "2021-04-12T08:30:00.000000Z",
     "last_publish": "2024-03-05T14:22:31.123456"},
    {"id": CAFE_ACCOUNT_ID, "name": "Caf\u00e9 \"Nord\"",
     "organization_id": ORG_NORD_ID,
     "description": "Point of sale \\ back office", "notes": "line one\nline two",
     "website": None, "url_slug": "cafe-nord",
     "kind": "frame", "active": True,
     "inserted_at": "2022-01-03T00:00:00.000042Z",
     "last_publish": "2023-12-31T23:59:59.999999"},
    {"id": LAUNCHPAD_ACCOUNT_ID, "name": "Launch\tPad \U0001F680",
     "organization_id": ORG_LAB_ID,
     "description": "Na\u00efve r\u00e9sum\u00e9 tests \u2603", "notes": None,
     "website": "https://launch.example.com/", "url_slug": "launch-pad",
     "kind": "frame", "active": True,
     "inserted_at": "2023-06-30T12:00:00.500000Z",
     "last_publish": None},
    {"id": BROKEN_ACCOUNT_ID, "name": "Broken Sandbox",
     "organization_id": ORG_HQ_ID,
     "description": "Its publishes always fail", "notes": None,
     "website": None, "url_slug": "broken-sandbox",
     "kind": "frame", "active": True,
     "inserted_at": "2023-02-14T09:10:11.121314Z",
     "last_publish": "2023-02-15T10:00:00.000001"},
    {"id": KIOSK_ACCOUNT_ID, "name": "Kiosk Pool",
     "organization_id": ORG_LAB_ID,
     "description": "Secure anonymous kiosks", "notes": "SAT provider: kiosk",
     "website": None, "url_slug": "kiosk-pool",
     "kind": "frame", "active": True,
     "inserted_at": "2022-09-01T07:00:00.000000Z",
     "last_publish": "2024-05-20T06:45:12.654321"},
    {"id": ARCHIVE_ACCOUNT_ID, "name": "Archive 2019",
     "organization_id": ORG_HQ_ID,
     "description": None, "notes": None, "website": None,
     "url_slug": "archive-2019", "kind": "frame", "active": False,
     "inserted_at": "2019-11-20T16:40:00.000000Z",
     "last_publish": None},
    {"id": STAGING_ACCOUNT_ID, "name": "Staging / QA",
     "organization_id": ORG_NORD_ID,
     "description": "Pre-production \"canary\"", "notes": None,
     "website": "https://staging.example.com", "url_slug": "staging-qa",
     "kind": "frame", "active": True,
     "inserted_at": "2020-07-07T07:07:07.070707Z",
     "last_publish": "2024-01-09T11:11:11.000000"},
]
ACCOUNT_INDEX = {a["id"]: i for i, a in enumerate(ACCOUNTS)}
ORGANIZATIONS_BY_ID = {o["id"]: o for o in ORGANIZATIONS}

ACCOUNT_LIST_FIELDS = ("id", "name", "description", "website", "active",
                       "last_publish", "organization_id")
ACCOUNT_GET_FIELDS = ("id", "name", "description", "notes", "website",
                      "url_slug", "kind", "active", "inserted_at",
                      "last_publish", "organization_id")
ORGANIZATION_FIELDS = ("id", "name", "url_slug", "description", "website")

CUSTOMER = {
    "id": CUSTOMER_ID,
    "name": "Example \u00c6rospace & Co.",
    "url_slug": "example-aerospace",
    "active": True,
    "description": "Test customer for framec",
    "notes": None,
    "website": "https://www.example.com",
    "owner_email": "owner@example.com",
    "tenant_domain": None,
    "available_applications": ["frame"],
    "extra_features": ["secure_anonymous", "publish_api"],
    "billing_subscriptions": None,
    "inserted_at": "2019-05-01T10:00:00.000000Z",
    "settings": {"sso": {"enabled": True, "providers": ["google", "saml2"]},
                 "session": {"max_minutes": 480, "idle_minutes": None}},
}

DATACENTERS = [
    {"id": "f60a1571-a2f5-42de-aa69-f74621ab3f90", "name": "us-west-2",
     "display_name": "US West (Oregon)", "cloud_provider": "amazon",
     "region": "us-west-2", "deprecated_at": None,
     "image_families": ["windows-server-2022", "ubuntu-22.04"],
     "instance_types": [
         {"name": "Air 4GB", "vcpus": 2, "memory_gb": 4, "gpu": None},
         {"name": "Pro 16GB GPU", "vcpus": 4, "memory_gb": 16,
          "gpu": {"model": "NVIDIA T4", "count": 1}}]},
    {"id": "8df16e89-e9ee-4f01-93e2-0521eb1e0e2d", "name": "westeurope",
     "display_name": "West Europe (Amsterdam)", "cloud_provider": "azure",
     "region": "westeurope", "deprecated_at": None,
     "image_families": ["windows-10-enterprise"],
     "instance_types": [
         {"name": "Air 8GB", "vcpus": 2, "memory_gb": 8, "gpu": None}]},
    {"id": "87efa366-f0fc-4c6d-b193-436186c00d67", "name": "eu-central-1",
     "display_name": "EU (Frankfurt)", "cloud_provider": "amazon",
     "region": "eu-central-1", "deprecated_at": "2024-12-31T00:00:00.000000Z",
     "image_families": [], "instance_types": []},
]


def datacenter_summary(names):
    return [{"id": d["id"], "name": d["name"], "display_name": d["display_name"]}
            for d in DATACENTERS if d["name"] in names]


CLOUD_PROVIDERS = [
    {"name": "amazon", "display_name": "Amazon Web Services",
     "external_id": "gateway-prod.2", "byo_compatible": True,
     "formation_url": "https://console.aws.amazon.com/cloudformation/home?"
                      "region=us-west-2#/stacks/new",
     "datacenters": datacenter_summary(("us-west-2", "eu-central-1"))},
    {"name": "azure", "display_name": "Microsoft Azure",
     "external_id": "gateway-prod.3", "byo_compatible": True,
     "formation_url": None,
     "datacenters": datacenter_summary(("westeurope",))},
    {"name": "google", "display_name": "Google Cloud Platform",
     "external_id": "gateway-prod.4", "byo_compatible": False,
     "formation_url": None, "datacenters": None},
    {"name": "nutanix", "display_name": "Nutanix AHV",
     "external_id": "gateway-prod.7", "byo_compatible": True,
     "formation_url": None, "datacenters": []},
]

AUDIT_KINDS = ("user.login", "account.publish", "session.start",
               "admin.api_credentials.create", "pool.capacity.update")
AUDIT_USERS = (
    {"full_name": "Ada Lovelace", "email": "ada@example.com", "idp": "google"},
    {"full_name": "Zo\u00eb \u00c5ngstr\u00f6m", "email": "zoe@example.com",
     "idp": "saml2"},
    {"full_name": "API \"robot\"", "email": None, "idp": None},
)


def audit_trail(scope, count):
    """`count` deterministic entries, newest first."""
    entries = []
    for i in range(count):
        # Alternate zone suffixes: the API is known to mix both.
        zone = "Z" if i % 2 == 0 else ""
        entries.append({
            "id": stable_uuid("audit-%s-%d" % (scope, i)),
            "kind": AUDIT_KINDS[i % len(AUDIT_KINDS)],
            "inserted_at": "2024-04-%02dT%02d:%02d:00.%06d%s"
                           % (28 - i % 28, i % 24, (7 * i) % 60, i * 1013, zone),
            "user": AUDIT_USERS[i % len(AUDIT_USERS)],
            "details": {"account_id": ACCOUNTS[i % len(ACCOUNTS)]["id"],
                        "ip": "203.0.113.%d" % (i + 1)},
        })
    return entries


CUSTOMER_AUDIT = audit_trail("customer", 25)
ORG_AUDIT = {ORG_HQ_ID: audit_trail(ORG_HQ_ID, 12),
             ORG_NORD_ID: audit_trail(ORG_NORD_ID, 3),
             ORG_LAB_ID: audit_trail(ORG_LAB_ID, 3),
             ORG_DELETED_ID: []}

AVAILABILITY_ZONES = [
    {"name": "us-west-2a", "datacenter_id": DATACENTERS[0]["id"],
     "status": "available"},
    {"name": "us-west-2b", "datacenter_id": DATACENTERS[0]["id"],
     "status": "available"},
    {"name": "us-west-2c", "datacenter_id": DATACENTERS[0]["id"],
     "status": "impaired"},
]

DEPLOYMENT_GROUPS = [
    {"id": "8975063c-28d6-4d9f-83f0-69fd43db8283", "name": "Early adopters",
     "kind": "canary", "scheduled_at": "2024-06-01T02:00:00.000000",
     "accounts_count": 2},
    {"id": "693964ad-c815-4229-948f-d40985636596", "name": "Everyone else",
     "kind": "default", "scheduled_at": None, "accounts_count": 5},
]

USER_VOLUMES_SETTINGS = {
    "enabled": True,
    "kind": "persistent_profile",
    "storage": {"size_gb": 10, "max_size_gb": 50, "encrypted": True},
    "backup": None,
    "updated_at": "2024-02-29T12:34:56.789012Z",
}

# Finished publishes that exist before any test publishes anything.
HISTORIC_TASKS = {
    PRODUCTION_ACCOUNT_ID: [
        {"id": "18b194a7-6b2e-4a38-bee3-7dc93f353efa", "kind": "publish",
         "status": "success", "progress": 100, "error": None,
         "inserted_at": "2024-03-05T14:01:02.030405Z",
         "updated_at": "2024-03-05T14:22:31.123456"},
        {"id": "f2e5e159-7a56-41fd-b30e-c0b4a847afa1", "kind": "publish",
         "status": "failed", "progress": 40,
         "error": "Disk quota exceeded on \"C:\\\"",
         "inserted_at": "2024-02-01T09:00:00.000000Z",
         "updated_at": "2024-02-01T09:12:00.000000"},
    ],
}
PUBLISH_FAILURE = "Publish failed: golden image health check timed out"


def generated_account(index):
    """Account number `index` (1-based) of the --accounts N list.

    Varied on purpose (nulls, inactive ones, all organizations) so a client
    streaming 100,000 of them meets every value shape, not one repeated.
    """
    orgs = (ORG_HQ_ID, ORG_NORD_ID, ORG_LAB_ID)
    return {
        "id": "%s%012x" % (GENERATED_PREFIX, index),
        "name": "Generated Account %06d" % index,
        "organization_id": orgs[index % 3],
        "description": None if index % 7 == 0 else "Bulk account #%d" % index,
        "notes": None,
        "website": None if index % 2 else "https://a%d.example.com" % index,
        "url_slug": "generated-%06d" % index,
        "kind": "frame",
        "active": index % 5 != 0,
        "inserted_at": "2020-01-01T00:00:00.%06dZ" % (index % 1000000),
        "last_publish": None if index % 3 == 0
        else "2024-01-%02dT10:00:00.%06d" % (index % 28 + 1, index % 1000000),
    }


# ---------------------------------------------------------------------------
# Small helpers.

def project(record, fields):
    return {f: record[f] for f in fields}


def json_bytes(value, escape_non_ascii=True):
    # Compact: a client must not depend on whitespace either way.
    return json.dumps(value, ensure_ascii=escape_non_ascii,
                      separators=(",", ":")).encode("utf-8")


def json_array_bytes(items):
    """A JSON array from an iterable, one item at a time, so 100,000
    generated accounts never exist as dicts all at once."""
    return b"[" + b",".join(json_bytes(i) for i in items) + b"]"


def iso_now(zone="Z"):
    """Now in the API's style: microseconds, then "Z" or no zone at all."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.%f") + zone


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class HttpError(Exception):
    """Raised by handlers; turned into a JSON error response."""

    def __init__(self, status, error, message, headers=()):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.headers = list(headers)


def bad_request(message):
    return HttpError(400, "bad_request", message)


def not_found(message):
    return HttpError(404, "not_found", message)


class Response:
    def __init__(self, status, body, headers=(), close=False):
        self.status = status
        self.body = body
        self.headers = list(headers)
        self.close = close


def json_response(value, status=200, escape_non_ascii=True):
    return Response(status, json_bytes(value, escape_non_ascii))


def error_response(err, close=False):
    return Response(err.status,
                    json_bytes({"error": err.error, "message": err.message}),
                    err.headers, close)


# ---------------------------------------------------------------------------
# Query parameters.

def uint_param(query, name, default, minimum=0, maximum=1000000000):
    raw = query.get(name)
    if raw is None:
        return default
    # int() would also take "+5", " 5" and "1_0"; the API wants plain digits.
    if not re.fullmatch(r"[0-9]{1,10}", raw) or not minimum <= int(raw) <= maximum:
        raise bad_request("invalid %s: %r" % (name, raw))
    return int(raw)


def bool_param(query, name):
    raw = query.get(name)
    if raw is None:
        return None
    if raw not in ("true", "false"):
        raise bad_request("invalid %s: %r (want true or false)" % (name, raw))
    return raw == "true"


def paginate(items, query):
    """offset/limit paging, as the API does it: no total, no cursor."""
    offset = uint_param(query, "offset", 0)
    limit = uint_param(query, "limit", None, minimum=1, maximum=1000)
    stop = None if limit is None else offset + limit
    return itertools.islice(items, offset, stop)


def ordered(items, query, sortable):
    order = query.get("order")
    order_by = query.get("order_by")
    if order is None and order_by is None:
        return items
    if order not in (None, "asc", "desc"):
        raise bad_request("invalid order: %r (want asc or desc)" % order)
    if order_by is None:
        order_by = "name"
    if order_by not in sortable:
        raise bad_request("invalid order_by: %r" % order_by)
    # Nulls sort first, as strings otherwise.
    return sorted(items, key=lambda r: (r[order_by] is not None,
                                        str(r[order_by]).casefold()),
                  reverse=(order == "desc"))


def name_matches(record, query):
    wanted = query.get("name")
    return wanted is None or wanted.casefold() in record["name"].casefold()


# ---------------------------------------------------------------------------
# The API: state and handlers.

class FrameApi:
    """Routes one parsed request to a handler; holds the mutable state
    (publish tasks, session polls) that several connections share."""

    def __init__(self, client_id, client_secret, skew_window, account_count,
                 fail_first, fail_status):
        self.client_id = client_id
        self.secret = client_secret.encode("utf-8")
        self.skew_window = skew_window
        self.account_count = account_count
        self.fail_left = fail_first
        self.fail_status = fail_status
        self.lock = threading.Lock()
        self.tasks = {}             # task_id -> task
        self.tasks_by_account = {}  # account_id -> [task], oldest first
        self.session_polls = {}     # (account_id, session_id) -> polls so far
        self._accounts_body = None
        self.routes = [
            ("GET", ("accounts",), self.list_accounts),
            ("GET", ("accounts", "*"), self.get_account),
            ("GET", ("accounts", "*", "availability_zones"),
             self.account_availability_zones),
            ("GET", ("accounts", "*", "deployment_groups"),
             self.account_deployment_groups),
            ("GET", ("accounts", "*", "user_volumes_settings"),
             self.account_user_volumes_settings),
            ("POST", ("accounts", "*", "publish"), self.publish),
            # "tasks" must be tried before the {task_id} wildcard.
            ("GET", ("accounts", "*", "publish", "tasks"), self.publish_tasks),
            ("GET", ("accounts", "*", "publish", "*"), self.publish_status),
            ("GET", ("accounts", "*", "sessions", "*"), self.session),
            ("POST", ("accounts", "*", "secure-anonymous", "*", "tokens"),
             self.account_token),
            ("GET", ("organizations",), self.list_organizations),
            ("GET", ("organizations", "*"), self.get_organization),
            ("GET", ("organizations", "*", "audit-trails"),
             self.organization_audit_trails),
            ("POST", ("organizations", "*", "secure-anonymous", "*", "tokens"),
             self.organization_token),
            ("GET", ("customers",), self.get_customer),
            ("GET", ("customers", "*", "accounts"), self.customer_accounts),
            ("GET", ("customers", "*", "audit-trails"),
             self.customer_audit_trails),
            ("GET", ("cloud_providers",), self.cloud_providers),
            ("GET", ("datacenters",), self.datacenters),
        ]

    # -- entry point -------------------------------------------------------

    def handle(self, req):
        try:
            self.authenticate(req.headers)
            self.maybe_fail()
            return self.route(req)
        except HttpError as err:
            return error_response(err)

    def maybe_fail(self):
        """--fail-first: lets tests see the client back off and retry."""
        with self.lock:
            if self.fail_left <= 0:
                return
            self.fail_left -= 1
        raise HttpError(self.fail_status, "unavailable",
                        "injected failure (--fail-first)", [("Retry-After", "1")])

    def authenticate(self, headers):
        def deny(message):
            return HttpError(401, "unauthorized", message)

        client_id = headers.get("x-frame-clientid")
        stamp = headers.get("x-frame-timestamp")
        signature = headers.get("x-frame-signature")
        for name, value in (("X-Frame-ClientId", client_id),
                            ("X-Frame-Timestamp", stamp),
                            ("X-Frame-Signature", signature)):
            if value is None:
                raise deny("missing %s header" % name)
        if client_id != self.client_id:
            raise deny("unknown client id")
        if not re.fullmatch(r"[0-9]{1,19}", stamp):
            raise deny("timestamp is not an integer")
        if abs(int(stamp) - time.time()) > self.skew_window:
            raise deny("timestamp outside the allowed clock skew")
        # The signed message is the timestamp exactly as sent, then the id.
        expected = hmac.new(self.secret, (stamp + client_id).encode("utf-8"),
                            hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode("ascii"),
                                   signature.encode("latin-1")):
            raise deny("bad signature")

    def route(self, req):
        path = req.path
        if path != "/v1" and not path.startswith("/v1/"):
            raise not_found("no such path (the API lives under /v1)")
        rest = path[len("/v1"):]
        if rest.endswith("/"):
            rest = rest[:-1]
        try:
            segments = [urllib.parse.unquote(s, errors="strict")
                        for s in rest.split("/")[1:]]
        except UnicodeDecodeError:
            raise bad_request("path is not percent-encoded UTF-8") from None
        if not segments or "" in segments:
            raise not_found("no such path")
        allowed = []
        for method, pattern, handler in self.routes:
            if len(pattern) != len(segments):
                continue
            if any(p != "*" and p != s for p, s in zip(pattern, segments)):
                continue
            if method != req.method:
                allowed.append(method)
                continue
            args = [s for p, s in zip(pattern, segments) if p == "*"]
            return handler(req, *args)
        if allowed:
            raise HttpError(405, "method_not_allowed",
                            "%s not allowed here" % req.method,
                            [("Allow", ", ".join(sorted(set(allowed))))])
        raise not_found("no such path")

    # -- accounts ----------------------------------------------------------

    def all_accounts(self):
        """Fixtures, then generated ones, exactly --accounts N when given."""
        if self.account_count is None:
            return iter(ACCOUNTS)
        fixtures = ACCOUNTS[:self.account_count]
        generated = (generated_account(i) for i in
                     range(len(fixtures) + 1, self.account_count + 1))
        return itertools.chain(fixtures, generated)

    def find_account(self, account_id):
        """An account that all_accounts() lists, or 404."""
        count = self.account_count
        index = ACCOUNT_INDEX.get(account_id)
        if index is not None and (count is None or index < count):
            return ACCOUNTS[index]
        m = GENERATED_RE.match(account_id)
        if m and count is not None and len(ACCOUNTS) < int(m.group(1), 16) <= count:
            return generated_account(int(m.group(1), 16))
        raise not_found("no account with id %r" % account_id)

    def filtered_accounts(self, query):
        org = query.get("organization_id")
        active = bool_param(query, "active")
        return (a for a in self.all_accounts()
                if name_matches(a, query)
                and (org is None or a["organization_id"] == org)
                and (active is None or a["active"] == active))

    def unfiltered_accounts_body(self):
        # Built once: with --accounts 100000 it is ~20 MB and takes a while.
        with self.lock:
            if self._accounts_body is None:
                self._accounts_body = json_array_bytes(
                    project(a, ACCOUNT_LIST_FIELDS) for a in self.all_accounts())
            return self._accounts_body

    def list_accounts(self, req):
        if not req.query:
            return Response(200, self.unfiltered_accounts_body())
        return Response(200, json_array_bytes(
            project(a, ACCOUNT_LIST_FIELDS)
            for a in self.filtered_accounts(req.query)))

    def get_account(self, req, account_id):
        return json_response(project(self.find_account(account_id),
                                     ACCOUNT_GET_FIELDS)
                             | {"settings": {"session": {"timeout_minutes": 30,
                                                         "idle_minutes": None},
                                             "features": ["publish", "sat"]}},
                             escape_non_ascii=False)

    def account_availability_zones(self, req, account_id):
        self.find_account(account_id)
        return json_response(AVAILABILITY_ZONES)

    def account_deployment_groups(self, req, account_id):
        self.find_account(account_id)
        return json_response(DEPLOYMENT_GROUPS)

    def account_user_volumes_settings(self, req, account_id):
        self.find_account(account_id)
        return json_response(USER_VOLUMES_SETTINGS, escape_non_ascii=False)

    # -- publishing --------------------------------------------------------

    def publish(self, req, account_id):
        account = self.find_account(account_id)
        task = {"id": str(uuid.uuid4()), "account_id": account_id,
                "kind": "publish", "status": "pending", "progress": 0,
                "error": None, "inserted_at": iso_now(),
                "updated_at": iso_now(zone="")}
        with self.lock:
            self.tasks[task["id"]] = task
            self.tasks_by_account.setdefault(account_id, []).append(task)
        # The docs show the account as the first key: a client must find the
        # task id after skipping a nested object.
        return json_response({"account": project(account, ACCOUNT_LIST_FIELDS),
                              "task_id": task["id"], "status": "pending",
                              "inserted_at": task["inserted_at"]})

    def publish_tasks(self, req, account_id):
        self.find_account(account_id)
        with self.lock:
            tasks = [dict(t) for t in reversed(
                self.tasks_by_account.get(account_id, []))]
        tasks += HISTORIC_TASKS.get(account_id, [])
        return json_response(tasks)

    def publish_status(self, req, account_id, task_id):
        self.find_account(account_id)
        with self.lock:
            task = self.tasks.get(task_id)
            if task is None or task["account_id"] != account_id:
                for old in HISTORIC_TASKS.get(account_id, []):
                    if old["id"] == task_id:
                        return json_response(old)
                raise not_found("no publish task %r on this account" % task_id)
            # Each poll moves the task one step: pending -> in_progress -> end.
            if task["status"] == "pending":
                task.update(status="in_progress", progress=50)
            elif task["status"] == "in_progress":
                if account_id == BROKEN_ACCOUNT_ID:
                    task.update(status="failed", progress=50,
                                error=PUBLISH_FAILURE)
                else:
                    task.update(status="success", progress=100)
            task["updated_at"] = iso_now(zone="")
            return json_response(dict(task))

    # -- sessions ----------------------------------------------------------

    def session(self, req, account_id, session_id):
        self.find_account(account_id)
        if not SESSION_ID_RE.match(session_id):
            raise not_found("no session %r" % session_id)
        key = (account_id, session_id)
        with self.lock:
            polls = self.session_polls.get(key, 0)
            self.session_polls[key] = polls + 1
        state = SESSION_STATES[min(polls, len(SESSION_STATES) - 1)]
        opened = state.lower() in ("open", "closed")
        return json_response({
            "id": session_id,
            "account_id": account_id,
            "state": state,
            "pool_id": stable_uuid("pool-" + account_id),
            "started_at": "2024-05-20T08:00:00.123456Z" if opened else None,
            "ended_at": iso_now(zone="") if state == "closed" else None,
            "user": {"provider": KIOSK_PROVIDER, "email": None},
        })

    # -- secure anonymous tokens -------------------------------------------

    def account_token(self, req, account_id, provider):
        self.find_account(account_id)
        return self.token(req, "account_id", account_id, provider)

    def organization_token(self, req, organization_id, provider):
        self.find_organization(organization_id)
        return self.token(req, "organization_id", organization_id, provider)

    def token(self, req, owner_key, owner_id, provider):
        if provider not in PROVIDERS:
            raise not_found("no secure anonymous provider %r" % provider)
        claims = self.token_request_body(req)
        now = int(time.time())
        payload = {"iss": "frame-api-test", "sub": "%s:%s" % (provider, uuid.uuid4()),
                   "provider": provider, owner_key: owner_id,
                   "iat": now, "exp": now + 3600}
        payload.update(claims)
        token = ".".join((
            b64url(json_bytes({"alg": "HS256", "typ": "JWT"})),
            b64url(json_bytes(payload)),
            b64url(secrets.token_bytes(32))))
        # The body is a bare JSON string: the JWT in double quotes.
        return json_response(token)

    def token_request_body(self, req):
        """The optional JSON body: every field optional, each type checked."""
        if not req.body.strip():
            return {}
        media_type = req.headers.get("content-type", "").split(";")[0].strip()
        if media_type.lower() != "application/json":
            raise HttpError(415, "unsupported_media_type",
                            "a body must be sent as application/json")

        def reject_constant(name):
            raise ValueError("%s is not JSON" % name)

        try:
            body = json.loads(req.body.decode("utf-8"),
                              parse_constant=reject_constant)
        except ValueError as err:
            raise bad_request("invalid JSON body: %s" % err) from None
        if not isinstance(body, dict):
            raise bad_request("the body must be a JSON object")
        claims = {}
        for key in ("first_name", "last_name", "email", "email_domain"):
            if key in body:
                if not isinstance(body[key], (str, type(None))):
                    raise bad_request("%s must be a string" % key)
                claims[key] = body[key]
        if "metadata" in body:
            if not isinstance(body["metadata"], (dict, type(None))):
                raise bad_request("metadata must be an object")
            claims["metadata"] = body["metadata"]
        return claims

    # -- organizations -----------------------------------------------------

    def find_organization(self, organization_id):
        org = ORGANIZATIONS_BY_ID.get(organization_id)
        if org is None:
            raise not_found("no organization with id %r" % organization_id)
        return org

    def list_organizations(self, req):
        show_deleted = bool_param(req.query, "show_deleted")
        orgs = [o for o in ORGANIZATIONS
                if (show_deleted or not o["deleted"]) and name_matches(o, req.query)]
        orgs = ordered(orgs, req.query, ORGANIZATION_FIELDS)
        return json_response([project(o, ORGANIZATION_FIELDS)
                              for o in paginate(orgs, req.query)])

    def get_organization(self, req, organization_id):
        return json_response(project(self.find_organization(organization_id),
                                     ORGANIZATION_FIELDS),
                             escape_non_ascii=False)

    def organization_audit_trails(self, req, organization_id):
        self.find_organization(organization_id)
        return self.audit_trails(ORG_AUDIT[organization_id], req.query)

    # -- customer ----------------------------------------------------------

    def get_customer(self, req):
        return json_response(CUSTOMER, escape_non_ascii=False)

    def find_customer(self, customer_id):
        if customer_id != CUSTOMER_ID:
            raise not_found("no customer with id %r" % customer_id)

    def customer_accounts(self, req, customer_id):
        self.find_customer(customer_id)
        accounts = self.filtered_accounts(req.query)
        accounts = ordered(accounts, req.query,
                           ("id", "name", "url_slug", "inserted_at",
                            "last_publish"))
        return Response(200, json_array_bytes(
            project(a, ACCOUNT_LIST_FIELDS)
            for a in paginate(accounts, req.query)))

    def customer_audit_trails(self, req, customer_id):
        self.find_customer(customer_id)
        return self.audit_trails(CUSTOMER_AUDIT, req.query)

    def audit_trails(self, entries, query):
        search = query.get("search")
        kind = query.get("kind")

        def matches(e):
            if kind is not None and not fnmatch.fnmatchcase(e["kind"], kind):
                return False
            if search is None:
                return True
            user = e["user"]
            haystack = (user["full_name"], user["email"], user["idp"], e["kind"])
            return any(search.casefold() in h.casefold() for h in haystack if h)

        return json_response(list(paginate(filter(matches, entries), query)))

    # -- infrastructure ----------------------------------------------------

    def cloud_providers(self, req):
        return json_response(CLOUD_PROVIDERS)

    def datacenters(self, req):
        return json_response(DATACENTERS)


# ---------------------------------------------------------------------------
# HTTP/1.1 over TLS, by hand.

MAX_HEAD = 32 * 1024
MAX_BODY = 8 * 1024 * 1024
TOKEN_RE = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
REQUEST_LINE_RE = re.compile(rb"([A-Z]+) (/[^ ]*) HTTP/(1\.[01])")
# Headers a request may carry only once: two differing copies would be
# ambiguous (request smuggling, a second signature).
SINGLETON_HEADERS = {"host", "content-length", "content-type",
                     "transfer-encoding", "x-frame-clientid",
                     "x-frame-timestamp", "x-frame-signature"}

# --chunked: sizes cycle through these, and an odd chunk's size is written in
# upper-case hex, one with leading zeros and one with an extension, so a
# client's chunk parser meets every legal spelling.
SMALL_CHUNKS = (1, 97, 13, 2, 0x5A, 64, 7, 31, 16, 3, 0x4F)
# Bodies past 64 KiB switch to bigger chunks after the small ones, so 20 MB
# is a few thousand chunks rather than half a million; some cross TLS records.
BIG_CHUNKS = (1000, 4093, 16384, 777, 9000, 65536)


class Request:
    def __init__(self, method, target, version, headers):
        self.method = method
        self.target = target
        self.path, _, self.raw_query = target.partition("?")
        self.version = version
        self.headers = headers
        self.body = b""
        self.query = {}
        for key, value in urllib.parse.parse_qsl(self.raw_query,
                                                 keep_blank_values=True):
            self.query.setdefault(key, value)


class BadRequest(Exception):
    """The request cannot be framed: answer with this status and close."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def parse_head(head):
    lines = head.split(b"\r\n")
    if any(b"\n" in line or b"\r" in line for line in lines):
        raise BadRequest(400, "lines must end with CRLF")
    m = REQUEST_LINE_RE.fullmatch(lines[0])
    if not m:
        raise BadRequest(400, "bad request line")
    headers = {}
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not TOKEN_RE.fullmatch(name):
            raise BadRequest(400, "bad header line")
        key = name.decode("ascii").lower()
        value = value.strip(b" \t").decode("latin-1")
        if key in headers and key in SINGLETON_HEADERS:
            raise BadRequest(400, "duplicate %s header" % key)
        headers.setdefault(key, value)
    version = m.group(3).decode()
    if version == "1.1" and "host" not in headers:
        raise BadRequest(400, "missing Host header")
    return Request(m.group(1).decode(), m.group(2).decode("latin-1"),
                   version, headers)


def chunked_body(body):
    parts = []
    pos = 0
    for i in itertools.count():
        if pos >= len(body):
            break
        if len(body) > 64 * 1024 and i >= len(SMALL_CHUNKS):
            size = BIG_CHUNKS[i % len(BIG_CHUNKS)]
        else:
            size = SMALL_CHUNKS[i % len(SMALL_CHUNKS)]
        chunk = body[pos:pos + size]
        pos += len(chunk)
        size_hex = ("%X" if i % 2 else "%x") % len(chunk)
        if i == 2:
            size_hex = "000" + size_hex
        ext = ";ext=1" if i == 1 else ""
        parts += [("%s%s\r\n" % (size_hex, ext)).encode("ascii"), chunk, b"\r\n"]
    parts.append(b"0\r\nX-Trailer: done\r\n\r\n")
    return b"".join(parts)


def encode_response(resp, keep_alive, chunked):
    try:
        reason = http.HTTPStatus(resp.status).phrase
    except ValueError:
        reason = "Unknown"
    head = ["HTTP/1.1 %d %s" % (resp.status, reason),
            "Date: " + email.utils.formatdate(usegmt=True),
            "Content-Type: application/json; charset=utf-8"]
    head += ["%s: %s" % h for h in resp.headers]
    if chunked:
        head += ["Transfer-Encoding: chunked", "Trailer: X-Trailer"]
        body = chunked_body(resp.body)
    else:
        head.append("Content-Length: %d" % len(resp.body))
        body = resp.body
    if not keep_alive:
        head.append("Connection: close")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class Connection:
    """One accepted client: TLS handshake, then requests until either side
    closes.  Runs in its own thread."""

    def __init__(self, server, sock, seq):
        self.server = server
        self.sock = sock
        self.seq = seq
        self.buf = bytearray()

    def run(self):
        opts = self.server.opts
        try:
            self.sock.settimeout(10)
            self.sock.do_handshake()
            self.sock.settimeout(opts.idle_timeout)
            self.serve()
        except OSError as err:  # ssl.SSLError and timeouts included
            # A client that rejects our certificate just closes: expected in
            # the TLS failure tests, so only worth a word when asked.
            self.server.note("conn %d: %s" % (self.seq, err))
        finally:
            if opts.session_cache:
                # OpenSSL drops a session from its cache when the
                # connection ends without the server's close_notify
                # (SSL_free after no SSL_shutdown): send it, so that the
                # next connection can resume.
                try:
                    self.sock.settimeout(1)
                    self.sock.unwrap()
                except (OSError, ValueError):
                    pass
            self.sock.close()  # else no close_notify, as many real servers

    def fill(self):
        data = self.sock.recv(65536)
        self.buf += data
        return bool(data)

    def read_head(self):
        """The head of the next request, or None if the client closed."""
        while True:
            # Tolerate the stray CRLF some clients send after a body.
            while self.buf[:2] == b"\r\n":
                del self.buf[:2]
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                head = bytes(self.buf[:end])
                del self.buf[:end + 4]
                return head
            if b"\n\n" in self.buf:
                raise BadRequest(400, "lines must end with CRLF")
            if len(self.buf) > MAX_HEAD:
                raise BadRequest(431, "request head too large")
            if not self.fill():
                if self.buf:
                    raise BadRequest(400, "connection closed mid-request")
                return None

    def read_body(self, req):
        if "transfer-encoding" in req.headers:
            raise BadRequest(411, "send request bodies with Content-Length")
        length = req.headers.get("content-length", "0")
        if not re.fullmatch(r"[0-9]{1,10}", length):
            raise BadRequest(400, "bad Content-Length")
        length = int(length)
        if length > MAX_BODY:
            raise BadRequest(413, "request body too large")
        if length and req.headers.get("expect", "").lower() == "100-continue":
            self.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        while len(self.buf) < length:
            if not self.fill():
                raise BadRequest(400, "connection closed mid-body")
        req.body = bytes(self.buf[:length])
        del self.buf[:length]

    def serve(self):
        opts = self.server.opts
        for n in itertools.count(1):
            req = None
            try:
                head = self.read_head()
                if head is None:
                    return
                req = parse_head(head)
                self.read_body(req)
            except BadRequest as err:
                resp = error_response(HttpError(err.status, "bad_request",
                                                err.message), close=True)
                self.send(n, req, resp, keep_alive=False)
                return
            try:
                resp = self.server.api.handle(req)
            except Exception:
                # A bug in this file: say so loudly, but still answer.
                traceback.print_exc()
                resp = error_response(HttpError(500, "internal_error",
                                                "frame_api.py crashed"), close=True)
            wants_close = "close" in [t.strip().lower() for t in
                                      req.headers.get("connection", "").split(",")]
            keep_alive = not (wants_close or resp.close or req.version == "1.0")
            self.send(n, req, resp, keep_alive)
            if not keep_alive:
                return
            if opts.close_after and n >= opts.close_after:
                # Drop the connection without warning, like a server whose
                # keep-alive timeout fired: the client's next request on it
                # fails and it has to reconnect.
                return

    def send(self, n, req, resp, keep_alive):
        self.sock.sendall(encode_response(resp, keep_alive,
                                          self.server.opts.chunked))
        cipher = self.sock.cipher() if hasattr(self.sock, "cipher") else None
        self.server.log_request(self.seq, n, req, resp.status,
                                cipher[0] if cipher else None,
                                getattr(self.sock, "session_reused", None))


STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


class Server:
    def __init__(self, opts, api, ssl_ctx):
        self.opts = opts
        self.api = api
        self.ssl_ctx = ssl_ctx
        self.log_lock = threading.Lock()
        self.log_file = open(opts.log, "a", encoding="utf-8") if opts.log else None

    def note(self, message):
        if self.opts.verbose:
            print("frame_api.py: " + message, file=sys.stderr, flush=True)

    def log_request(self, conn, n, req, status, cipher=None, reused=None):
        if self.log_file is None:
            return
        h = req.headers if req else {}
        entry = {
            "conn": conn, "n": n,
            "method": req.method if req else None,
            "path": req.path if req else None,
            "query": req.raw_query if req else "",
            "status": status,
            "client_id": h.get("x-frame-clientid"),
            "timestamp": h.get("x-frame-timestamp"),
            "user_agent": h.get("user-agent"),
            "content_type": h.get("content-type"),
            "body": req.body.decode("utf-8", errors="replace") if req else "",
            "cipher": cipher,
            "tls_reused": reused,  # the handshake resumed a session
        }
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        with self.log_lock:
            self.log_file.write(line + "\n")
            self.log_file.flush()

    def serve_forever(self):
        listener = socket.create_server((self.opts.host, self.opts.port),
                                        backlog=128)
        port = listener.getsockname()[1]
        if self.opts.port_file:
            # Write-then-rename: a test polling for the file never reads it
            # half written.
            tmp = "%s.tmp.%d" % (self.opts.port_file, os.getpid())
            with open(tmp, "w") as f:
                f.write("%d\n" % port)
            os.replace(tmp, self.opts.port_file)
        self.note("listening on https://%s:%d" % (self.opts.host, port))
        try:
            for seq in itertools.count(1):
                sock, _ = listener.accept()
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                tls = self.ssl_ctx.wrap_socket(sock, server_side=True,
                                               do_handshake_on_connect=False)
                # Workers inherit a mask without SIGTERM/SIGINT, so the kernel
                # always hands those to this thread and wakes its accept().
                old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
                try:
                    threading.Thread(target=Connection(self, tls, seq).run,
                                     daemon=True).start()
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, old)
        finally:
            listener.close()


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Local HTTPS stand-in for the Frame Admin API.")
    p.add_argument("--cert", required=True, help="server certificate (PEM)")
    p.add_argument("--key", required=True, help="its private key (PEM)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--port-file", help="write the bound port here, atomically")
    p.add_argument("--log", help="append one JSON line per request")
    p.add_argument("--chunked", action="store_true",
                   help="send every body with Transfer-Encoding: chunked")
    p.add_argument("--close-after", type=int, default=0, metavar="N",
                   help="silently close a connection after its N-th response")
    p.add_argument("--client-id",
                   default=os.environ.get("FRAME_CLIENT_ID", DEFAULT_CLIENT_ID))
    p.add_argument("--client-secret",
                   default=os.environ.get("FRAME_CLIENT_SECRET",
                                          DEFAULT_CLIENT_SECRET))
    p.add_argument("--skew-window", type=int, default=300, metavar="SECONDS",
                   help="accepted |timestamp - now|")
    # argparse runs a string default through type=int too, so a bad
    # FRAMEC_TEST_ACCOUNTS gets a usage error rather than a traceback.
    p.add_argument("--accounts", type=int, metavar="N",
                   default=os.environ.get("FRAMEC_TEST_ACCOUNTS") or None,
                   help="serve exactly N accounts (fixtures first, then "
                        "generated); default FRAMEC_TEST_ACCOUNTS or just "
                        "the fixtures")
    p.add_argument("--fail-first", type=int, default=0, metavar="N",
                   help="answer the first N signed requests with --fail-status")
    p.add_argument("--fail-status", type=int, default=503,
                   help="status for --fail-first (with Retry-After: 1)")
    p.add_argument("--idle-timeout", type=float, default=60, metavar="SECONDS",
                   help="close a connection idle this long")
    p.add_argument("--client-order", action="store_true",
                   help="follow the client's cipher suite order (as nginx does "
                        "by default) instead of the server's")
    p.add_argument("--session-cache", action="store_true",
                   help="end connections with close_notify, so that OpenSSL keeps "
                        "their sessions and the next handshake can resume")
    p.add_argument("--verbose", action="store_true",
                   help="note connections and TLS failures on stderr")
    opts = p.parse_args(argv)
    if opts.accounts is not None and opts.accounts < 0:
        p.error("--accounts must be >= 0")
    return opts


def main(argv):
    opts = parse_args(argv)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # framec speaks TLS 1.2 only (BearSSL 0.6); newer clients may use 1.3.
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_alpn_protocols(["http/1.1"])
    if opts.client_order:
        ctx.options &= ~ssl.OP_CIPHER_SERVER_PREFERENCE
    try:
        ctx.load_cert_chain(opts.cert, opts.key)
    except (OSError, ssl.SSLError) as err:
        print("frame_api.py: cannot load %s / %s: %s" % (opts.cert, opts.key, err),
              file=sys.stderr)
        return 1
    api = FrameApi(opts.client_id, opts.client_secret, opts.skew_window,
                   opts.accounts, opts.fail_first, opts.fail_status)
    if opts.accounts:
        # Pay for the big body before announcing the port, not in a request.
        api.unfiltered_accounts_body()
    server = Server(opts, api, ctx)

    def stop(signum, frame):
        raise SystemExit(0)

    for signum in STOP_SIGNALS:
        signal.signal(signum, stop)
    try:
        server.serve_forever()
    except OSError as err:
        print("frame_api.py: %s" % err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
