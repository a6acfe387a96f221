"""The invoice PDF route end to end: creates through the REST API the invoice that
bench/invoice_html.py writes as HTML (same customer, lines, prices and 20 % tax), issues it, then
GETs /invoices/{id}/pdf with a signed-in session cookie REQUESTS times over one kept-alive
connection (HTTP, session and permission check, the invoice's reads, rendering) and prints
"p50_ms p99_ms bytes" of those requests. The last PDF is written to OUT for a text check.

Usage: pdf_route.py HOST:PORT API_TOKEN SESSION_COOKIE LINES REQUESTS OUT.pdf
"""
import http.client
import json
import sys
import time


def api(conn, token, method, path, body=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    if resp.status >= 300:
        raise SystemExit(f"pdf_route.py: {method} {path} → {resp.status}: {data[:300]!r}")
    return json.loads(data) if data else None


def invoice(conn, token, lines):
    """The bench invoice, issued (no DRAFT mark); returns its id."""
    rates = api(conn, token, "GET", "/api/v1/tax-rates?limit=200")["items"]
    rate = next(r["id"] for r in rates if r["active"] and float(r["rate"]) == 20.0)
    account = api(conn, token, "POST", "/api/v1/accounts", {
        "name": "Zoë Łukasiewicz Straße GmbH",
        "billing_address": "Hauptstraße 5, 10115 Berlin",
        "currency": "EUR",
    })
    # The same lines as invoice_html.py: quantity i % 7 + 1, price 19.99 + i, 20 % tax.
    body = {
        "account_id": account["id"],
        "customer_reference": "SO-2026-000017",
        "lines": [{
            "description": f"Ørsted turbine service, part {i} — Straße {i}",
            "quantity": str(i % 7 + 1),
            "unit_price": f"{19.99 + i:.2f}",
            "tax_rate_id": rate,
        } for i in range(1, lines + 1)],
    }
    created = api(conn, token, "POST", "/api/v1/invoices", body)
    api(conn, token, "POST", f"/api/v1/invoices/{created['id']}/issue")
    return created["id"]


def percentile(sorted_ms, p):
    # Nearest rank: the smallest value with at least p % of the samples at or below it.
    k = max(0, -(-len(sorted_ms) * p // 100) - 1)
    return sorted_ms[int(k)]


def main():
    addr, token, cookie, lines, requests, out = sys.argv[1:7]
    host, port = addr.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    inv = invoice(conn, token, int(lines))
    path = f"/invoices/{inv}/pdf"
    headers = {"Cookie": f"aftersale_session={cookie}"}
    times, body = [], b""
    for _ in range(int(requests)):
        t0 = time.perf_counter_ns()
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        times.append((time.perf_counter_ns() - t0) / 1e6)
        if resp.status != 200 or resp.getheader("Content-Type") != "application/pdf":
            raise SystemExit(f"pdf_route.py: GET {path} → {resp.status} {resp.getheader('Content-Type')}")
    with open(out, "wb") as f:
        f.write(body)
    times.sort()
    print(f"{percentile(times, 50):.2f} {percentile(times, 99):.2f} {len(body)}")


if __name__ == "__main__":
    main()
