"""Times every staff page against a running, seeded instance: sequential requests on loopback,
so each figure is one page's server time plus a loopback round trip.
Usage: bench_pages.py BASE_URL USERNAME PASSWORD [REQUESTS]"""
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

base, username, password = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
requests = int(sys.argv[4]) if len(sys.argv) > 4 else 50
jar = http.cookiejar.CookieJar()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def fetch(path, data=None):
    try:
        with opener.open(base + path, data=data) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


_, form = fetch("/ui/sign-in")
token = re.search(r'name="_csrf" value="([^"]+)"', form).group(1)
status, _ = fetch("/ui/sign-in", urllib.parse.urlencode({"_csrf": token, "username": username, "password": password, "next": "/ui"}).encode())
assert status == 303, f"sign-in answered {status}"

_, dashboard = fetch("/ui")
contractor = re.search(r'href="(/ui/contractors/[0-9a-f-]{36})"', dashboard).group(1)
_, page = fetch(contractor)
contract = re.search(r'href="(/ui/contracts/[0-9a-f-]{36})"', page)
_, queue = fetch("/ui/review")
attestation = re.search(r'href="(/ui/attestations/[0-9a-f-]{36})"', queue)
if not contract and attestation:
    # The riskiest may have no contract at all; the contractor of a queued attestation usually has one.
    _, page = fetch(attestation.group(1))
    _, page = fetch(re.search(r'href="(/ui/contractors/[0-9a-f-]{36})"', page).group(1))
    contract = re.search(r'href="(/ui/contracts/[0-9a-f-]{36})"', page)
pages = [
    ("dashboard", "/ui"),
    ("contractors", "/ui/contractors"),
    ("contractors, searched", "/ui/contractors?q=payroll&status=active"),
    ("riskiest contractor", contractor),
    ("contract", contract.group(1) if contract else None),
    ("review queue", "/ui/review"),
    ("attestation", attestation.group(1) if attestation else None),
    ("flags", "/ui/flags"),
    ("flags, filtered", "/ui/flags?severity=high"),
    ("policy", "/ui/policy"),
    ("templates", "/ui/templates"),
    ("audit trail", "/ui/audit"),
]
print(f"{'page':<24} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'KiB':>6}")
for name, path in pages:
    if path is None:
        print(f"{name:<24} (none in this portfolio)")
        continue
    for _ in range(3):
        fetch(path)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        status, body = fetch(path)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, f"{path} answered {status}"
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{name:<24} {statistics.median(times):8.1f} {p99:8.1f} {times[-1]:8.1f} {len(body.encode()) / 1024:6.0f}")
