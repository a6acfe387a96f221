"""Writes the bench invoice (LINES lines, 40 by default) as HTML: the same work that Odoo/ERPNext hand
to wkhtmltopdf, and Django apps to WeasyPrint. scripts/bench.sh renders it with both as the anchor
of Aftersale's invoice PDF; examples/pdf_bench.rs and bench/pdf_route.py print the same invoice
(customer, lines, prices, totals). Usage: invoice_html.py [LINES] > invoice.html
"""
import sys
n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
rows = "\n".join(
    f"<tr><td>{i}</td><td>Ørsted turbine service, part {i} — Straße {i}</td><td class=r>{i % 7 + 1}</td>"
    f"<td class=r>{19.99 + i:.2f}</td><td class=r>20 %</td><td class=r>{(i % 7 + 1) * (19.99 + i):.2f}</td></tr>"
    for i in range(1, n + 1))
print(f"""<!doctype html><html><head><meta charset=utf-8><style>
body{{font-family:'DejaVu Sans',sans-serif;font-size:10pt;margin:20mm}} table{{width:100%;border-collapse:collapse}}
th,td{{border-bottom:1px solid #ccc;padding:3px}} .r{{text-align:right}} h1{{font-size:18pt}}
thead{{display:table-header-group}} .tot{{width:40%;margin-left:60%}}</style></head><body>
<h1>Invoice INV-2026-000042</h1><p>Aftersale Demo Ltd · 1 Main Street · VAT GB123456789</p>
<p><b>Bill to:</b> Zoë Łukasiewicz Straße GmbH<br>Hauptstraße 5, 10115 Berlin</p>
<p>Issue date 2026-11-23 · Due 2026-12-07 · Order SO-2026-000017</p>
<table><thead><tr><th>#</th><th>Description</th><th class=r>Qty</th><th class=r>Unit</th><th class=r>Tax</th><th class=r>Net</th></tr></thead>
<tbody>{rows}</tbody></table>
<table class=tot><tr><td>Subtotal</td><td class=r>12,345.67</td></tr><tr><td>VAT 20 %</td><td class=r>2,469.13</td></tr>
<tr><td><b>Total</b></td><td class=r><b>14,814.80</b></td></tr></table>
<p>Pay to IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX</p></body></html>""")
