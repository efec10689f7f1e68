"""Submission load for scripts/bench-submissions: registers contractors, then submits one-day
attestations from several threads over keep-alive connections and prints the figures."""
import datetime
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

base, staff_token, total, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
url = urllib.parse.urlparse(base)

ANSWERS = {
    "access_control_need_to_know": True, "access_review_interval_days": 90, "leaver_access_removed_days": 1,
    "encryption_at_rest": True, "encryption_in_transit": True, "access_logging": True, "access_log_retention_days": 400,
    "staff_confidentiality_undertakings": True, "staff_training_in_period": True, "removable_media_policy": "blocked_technically",
    "printouts_controlled": True, "copies_outside_scope": False, "secure_disposal": True, "physical_security": True, "notes": "",
}


def request(conn, method, path, token, body=None, headers=None):
    all_headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    all_headers.update(headers or {})
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, data


setup = http.client.HTTPConnection(url.hostname, url.port)
contractors = []
for index in range(concurrency * 4):
    status, data = request(setup, "POST", "/api/v1/contractors", staff_token,
                           {"legalName": "Bench Contractor %03d" % index, "country": "JP", "relationship": "outsourcee"})
    assert status == 201, data
    contractor = json.loads(data)["id"]
    status, data = request(setup, "POST", "/api/v1/contractors/%s/tokens" % contractor, staff_token, {})
    assert status == 201, data
    contractors.append((contractor, json.loads(data)["token"]))

latencies = []
failures = []
lock = threading.Lock()
start_day = datetime.date(2015, 1, 1)


def worker(slot):
    conn = http.client.HTTPConnection(url.hostname, url.port)
    mine = contractors[slot::concurrency]
    count = total // concurrency
    for i in range(count):
        contractor, token = mine[i % len(mine)]
        day = (start_day + datetime.timedelta(days=i // len(mine))).isoformat()
        body = {"periodStart": day, "periodEnd": day, "questionnaireVersion": 1, "answers": ANSWERS,
                "dataItemsHeld": ["name", "email"], "recordsHeld": 1000, "locations": ["JP"], "subcontractorsUsed": [],
                "thirdPartyDisclosures": [], "incidentsInPeriod": 0, "dispositions": []}
        began = time.perf_counter()
        status, data = request(conn, "POST", "/api/v1/contractors/%s/attestations" % contractor, token, body,
                               {"Idempotency-Key": "bench-%d-%d" % (slot, i)})
        elapsed = time.perf_counter() - began
        with lock:
            latencies.append(elapsed)
            if status != 201:
                failures.append((status, data[:200]))


def measure(threads):
    latencies.clear()
    failures.clear()
    began = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(slot,)) for slot in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - began



wall = measure(concurrency)
ordered = sorted(latencies)
def pct(p):
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000

print("submissions: %d over %d connections, %d failed" % (len(latencies), concurrency, len(failures)))
print("throughput:  %.0f submissions/s" % (len(latencies) / wall))
print("latency ms:  p50 %.1f  p95 %.1f  p99 %.1f  max %.1f" % (pct(0.50), pct(0.95), pct(0.99), ordered[-1] * 1000))
if failures:
    print("first failure:", failures[0])
