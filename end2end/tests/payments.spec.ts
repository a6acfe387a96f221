import { test, expect, Page } from "@playwright/test";
import { shots, signIn, pdfText } from "./support";

// Finance records a cheque from Falcon Print that pays one invoice in full and another in part,
// marks it received when it clears, downloads the receipt, and sees both invoices settle; then
// imports the bank statement with the deposit and accepts its match.

/** "5,396.40 USD" → 5396.40 (cents as an integer, to add without floating point). */
function cents(label: string): number {
  const [whole, frac = "00"] = label.replace(/[^0-9.]/g, "").split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0").slice(0, 2));
}

test("a cheque pays two invoices → it clears → receipt PDF → paid and partially paid → statement → reconciled", async ({ page }) => {
  await signIn(page, "finance@example.com", "/payments/new");
  await page.getByLabel("Account").selectOption({ label: "Falcon Print" });
  await page.getByRole("button", { name: "Continue" }).click();
  const form = page.locator("#payment-form[data-hydrated=true]");
  await form.waitFor();
  const rows = page.locator("#allocation-table tbody tr");
  await expect(rows).toHaveCount(2);
  const first = (await rows.nth(0).locator("td").first().textContent())!.trim();
  const second = (await rows.nth(1).locator("td").first().textContent())!.trim();
  const open = cents((await rows.nth(0).locator("td").nth(2).textContent())!);
  // The whole of the oldest invoice and 1,000.00 of the next.
  const amount = open + 100000;
  await page.getByLabel("Amount *").fill(`${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, "0")}`);
  await page.getByLabel("Method").selectOption("cheque");
  await page.getByLabel("Cheque number").fill("778812");
  await page.getByLabel("Bank", { exact: true }).fill("Harbour Savings");
  await page.getByRole("button", { name: "Allocate oldest due first" }).click();
  await expect(page.getByLabel(`Pay now on ${second}`)).toHaveValue("1000.00");
  await page.screenshot({ path: `${shots}/payment-record.png`, fullPage: true });
  await form.getByRole("button", { name: "Record payment" }).click();

  await expect(page).toHaveURL(/\/payments\/\d+$/);
  await expect(page.getByRole("status")).toContainText("recorded");
  await expect(page.locator("#payment-status")).toHaveText("Pending");
  await expect(page.locator("#allocations")).toContainText(first);
  await expect(page.locator("#allocations")).toContainText(second);
  // The cheque clears.
  await page.locator(".payment-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "Mark received" }).click();
  await expect(page.locator("#payment-status")).toHaveText("Completed");
  const number = (await page.locator("h1").textContent())!.trim();
  expect(number).toMatch(/^PAY-\d{4}-\d{6}$/);
  await page.screenshot({ path: `${shots}/payment-completed.png`, fullPage: true });

  const receipt = await pdfText(page, (await page.locator("#receipt-link").getAttribute("href"))!);
  expect(receipt).toMatch(/RCPT-\d{4}-\d{6}/);
  expect(receipt).toContain(number);
  expect(receipt).toContain(first);
  expect(receipt).toContain(second);
  expect(receipt).toContain("778812");

  await page.locator("#allocations").getByRole("link", { name: first }).click();
  await expect(page.locator("#invoice-status")).toHaveText("Paid");
  await page.goBack();
  await page.locator("#allocations").getByRole("link", { name: second }).click();
  await expect(page.locator("#invoice-status")).toHaveText("Partially paid");
  await expect(page.locator(".timeline")).toContainText(number);

  // The dollar account's statement shows the cheque deposit: import it, accept its match.
  const today = new Date().toISOString().slice(0, 10);
  const deposit = `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, "0")}`;
  const csv = `Date,Amount,Description,Counterparty,Reference\n${today},${deposit},CHEQUE DEPOSIT,FALCON PRINT,778812\n`;
  await page.goto("/payments/reconcile");
  await page.getByRole("link", { name: /US dollar account/ }).click();
  await page.locator("#statement-file").setInputFiles({ name: "cheques.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page).toHaveURL(/\/payments\/reconcile\/statements\/\d+$/);
  await expect(page.locator("#preview-new")).toHaveText("1");
  await page.screenshot({ path: `${shots}/statement-preview.png`, fullPage: true });
  await page.locator("form[data-hydrated=true] #statement-import").click();
  await expect(page.getByRole("status")).toContainText("1 line imported");
  const line = page.locator(".lines-table tbody tr").first();
  await expect(line.locator(".suggestion")).toContainText(number);
  await page.screenshot({ path: `${shots}/statement-lines.png`, fullPage: true });
  await line.locator("form[data-hydrated=true]").getByRole("button", { name: "Accept" }).click();
  await expect(page.getByRole("status")).toContainText("reconciled");
  await expect(page.locator(".lines-table tbody tr").first()).toHaveAttribute("data-status", "reconciled");
  await page.locator(".lines-table").getByRole("link", { name: number }).click();
  await expect(page.locator("h1")).toHaveText(number);
  await expect(page.locator(".detail-header .badge.ok", { hasText: "Reconciled" })).toBeVisible();
  await expect(page.locator("#timeline")).toContainText("bank line 2");
});
