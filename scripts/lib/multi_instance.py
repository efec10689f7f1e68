"""Two service processes on one PostgreSQL (scripts/multi-instance): each scheduled slot's scan
runs once between them, a write through either is read back the same through the other, and
writes racing through both extend one audit chain.
Usage: multi_instance.py URL_A URL_B PROCUREMENT_TOKEN AUDITOR_TOKEN"""
import http.client
import json
import sys
import threading
import time
import urllib.parse

urls = [urllib.parse.urlparse(sys.argv[1]), urllib.parse.urlparse(sys.argv[2])]
procurement, auditor = sys.argv[3], sys.argv[4]
failures = []


def call(instance, method, path, token, body=None, headers=None):
    url = urls[instance]
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    all_headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    all_headers.update(headers or {})
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=all_headers)
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"null"), response.getheader("ETag")


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        failures.append(message)


# Scheduled work: both instances booted inside the same slot and raced for it.
deadline = time.time() + 60
scans = []
while time.time() < deadline:
    _, page, _ = call(0, "GET", "/api/v1/scans", auditor)
    scans = [scan for scan in page["items"] if scan["trigger"].startswith("schedule")]
    if scans and all(scan["status"] != "running" for scan in scans):
        break
    time.sleep(0.5)
slots = [scan["trigger"] for scan in scans]
check(len(slots) >= 1, "a scheduled scan ran (%d)" % len(slots))
check(len(slots) == len(set(slots)), "each scheduled slot ran once between the two instances: %s" % slots)

# A write through one instance reads back identically through the other, both ways.
status, created, _ = call(0, "POST", "/api/v1/contractors", procurement,
                          {"legalName": "Shared Data KK", "country": "JP", "relationship": "outsourcee"})
check(status == 201, "registered through A (%d)" % status)
_, via_b, etag = call(1, "GET", "/api/v1/contractors/" + created["id"], procurement)
check(via_b == created, "B reads what A wrote")
status, changed, _ = call(1, "PATCH", "/api/v1/contractors/" + created["id"], procurement, {"legalName": "Shared Data Holdings KK"},
                          {"If-Match": etag})
check(status == 200, "changed through B (%d)" % status)
_, via_a, _ = call(0, "GET", "/api/v1/contractors/" + created["id"], procurement)
check(via_a == changed, "A reads what B changed")
status, _, _ = call(0, "PATCH", "/api/v1/contractors/" + created["id"], procurement, {"legalName": "Lost Update KK"}, {"If-Match": etag})
check(status == 412, "a stale version through A is refused after B's change (%d)" % status)

# Writes racing through both instances extend one chain.
results = []


def register(instance, index):
    status, _, _ = call(instance, "POST", "/api/v1/contractors", procurement,
                        {"legalName": "Race %d-%02d KK" % (instance, index), "country": "JP", "relationship": "outsourcee"})
    results.append(status)


threads = [threading.Thread(target=register, args=(i % 2, i)) for i in range(40)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
check(results.count(201) == 40, "40 concurrent registrations across both instances succeeded (%s)" % sorted(set(results)))
_, verification, _ = call(1, "GET", "/api/v1/audit/verify", auditor)
check(verification["intact"], "the audit chain written by both verifies: %d events" % verification["verifiedEvents"])
_, listing, _ = call(1, "GET", "/api/v1/contractors?limit=500&q=Race", procurement)
check(len([c for c in listing["items"] if c["legalName"].startswith("Race ")]) == 40, "B lists all 40")
sys.exit(1 if failures else 0)
