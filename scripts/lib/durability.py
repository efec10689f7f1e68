"""Durability under kill -9 (scripts/durability): submits attestations from several threads, each
with its own Idempotency-Key and retried with the same key until it is answered, while the
service is killed with SIGKILL and restarted again and again. Afterwards every submission that
was acknowledged must exist exactly once, nothing unacknowledged may have been stored twice, and
the audit chain must verify.
Usage: AUDIT_TOKEN=… durability.py BASE_URL PROCUREMENT_TOKEN KILLS THREADS -- SERVER COMMAND…"""
import datetime
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

separator = sys.argv.index("--")
base, staff_token, kills, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
server_command = sys.argv[separator + 1:]
url = urllib.parse.urlparse(base)
ANSWERS = {
    "access_control_need_to_know": True, "access_review_interval_days": 90, "leaver_access_removed_days": 1,
    "encryption_at_rest": True, "encryption_in_transit": True, "access_logging": True, "access_log_retention_days": 400,
    "staff_confidentiality_undertakings": True, "staff_training_in_period": True, "removable_media_policy": "blocked_technically",
    "printouts_controlled": True, "copies_outside_scope": False, "secure_disposal": True, "physical_security": True, "notes": "",
}
log = open(os.environ.get("SERVER_LOG", "/dev/null"), "ab")
server = None


def start_server():
    global server
    server = subprocess.Popen(server_command, stdout=log, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=1)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("the service did not become ready")


def call(method, path, token, body=None, headers=None, timeout=10):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    all_headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    all_headers.update(headers or {})
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=all_headers)
    response = conn.getresponse()
    return response.status, response.read()


start_server()
contractors = []
for index in range(threads):
    status, data = call("POST", "/api/v1/contractors", staff_token, {"legalName": "Durable %02d KK" % index, "country": "JP", "relationship": "outsourcee"})
    assert status == 201, data
    contractor = json.loads(data)["id"]
    status, data = call("POST", "/api/v1/contractors/%s/tokens" % contractor, staff_token, {})
    assert status == 201, data
    contractors.append((contractor, json.loads(data)["token"]))

acknowledged = {}  # key -> (contractor, attestation id)
retries = [0]
lock = threading.Lock()
stop = threading.Event()


def worker(slot):
    contractor, token = contractors[slot]
    day = datetime.date(2010, 1, 1)
    number = 0
    while not stop.is_set():
        key = "durable-%d-%d" % (slot, number)
        period = (day + datetime.timedelta(days=number)).isoformat()
        body = {"periodStart": period, "periodEnd": period, "questionnaireVersion": 1, "answers": ANSWERS,
                "dataItemsHeld": ["name"], "recordsHeld": 10, "locations": ["JP"], "subcontractorsUsed": [],
                "thirdPartyDisclosures": [], "incidentsInPeriod": 0, "dispositions": []}
        while True:
            try:
                status, data = call("POST", "/api/v1/contractors/%s/attestations" % contractor, token, body, {"Idempotency-Key": key})
            except OSError:
                status, data = None, b""
            if status in (200, 201):
                with lock:
                    acknowledged[key] = (contractor, json.loads(data)["id"])
                break
            if status is not None and 400 <= status < 500 and status != 429:
                raise SystemExit("submission %s refused: %d %s" % (key, status, data[:300]))
            # No answer, or 5xx/429: the service is down or busy; the same key makes the retry safe.
            with lock:
                retries[0] += 1
            time.sleep(0.05)
        number += 1


began = time.time()
pool = [threading.Thread(target=worker, args=(slot,), daemon=True) for slot in range(threads)]
for thread in pool:
    thread.start()
for kill in range(kills):
    time.sleep(0.7 + (kill % 5) * 0.2)
    server.send_signal(signal.SIGKILL)
    server.wait()
    start_server()
time.sleep(1)
stop.set()
for thread in pool:
    thread.join()
elapsed = time.time() - began

stored = {}
duplicates = 0
for contractor, token in contractors:
    cursor = None
    while True:
        path = "/api/v1/contractors/%s/attestations?limit=500" % contractor + ("&cursor=" + cursor if cursor else "")
        status, data = call("GET", path, staff_token)
        assert status == 200, data
        page = json.loads(data)
        for item in page["items"]:
            periods = (contractor, item["periodStart"])
            duplicates += periods in stored
            stored[periods] = item["id"]
        cursor = page.get("nextCursor")
        if not cursor:
            break
stored_ids = set(stored.values())
missing = [key for key, (_, attestation) in acknowledged.items() if attestation not in stored_ids]
status, data = call("GET", "/api/v1/audit/verify", os.environ["AUDIT_TOKEN"], timeout=120)
verification = json.loads(data)
server.send_signal(signal.SIGTERM)
server.wait()

print("kills: %d in %.0f s; submissions acknowledged: %d; retries after no answer: %d" % (kills, elapsed, len(acknowledged), retries[0]))
print("stored: %d attestations; acknowledged but missing: %d; stored twice: %d" % (len(stored), len(missing), duplicates))
print("audit chain: %s, %d events verified" % ("intact" if verification["intact"] else "BROKEN %s" % verification.get("brokenAt"), verification["verifiedEvents"]))
sys.exit(0 if not missing and not duplicates and verification["intact"] else 1)
