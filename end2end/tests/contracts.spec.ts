import { test, expect } from "@playwright/test";
import { shots, signIn } from "./support";

// A confirmed order becomes a maintenance contract that renews with a 5 % uplift, as a manager
// clicks it (demo data): the preview shows each new price before anything is written, and the
// renewal's invoice is the one the terms table links.

test("order → contract → preview a 5 % uplift → renew → the invoice of term 2 → a ticket shows the coverage", async ({ page }) => {
  await signIn(page, "manager@example.com", "/orders?status=confirmed");
  await page.locator("#orders-table tbody tr a").first().click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  const order = (await page.locator("h1").textContent())!.trim();
  await page.locator("#contract-from-order").click();
  await expect(page).toHaveURL(/\/contracts\/new\?order_id=\d+$/);
  await expect(page.getByText(`From order ${order}`)).toBeVisible();

  const form = page.locator("#contract-form[data-hydrated=true]");
  await form.waitFor();
  await expect(page.locator("#contract-title")).toHaveValue(`Maintenance and support — ${order}`);
  await page.locator("#contract-uplift-kind").selectOption("percent");
  await page.locator("#contract-uplift").fill("5");
  await page.locator("#contract-auto-renew").check();
  await page.screenshot({ path: `${shots}/contract-new.png`, fullPage: true });
  await form.getByRole("button", { name: "Enter contract" }).click();
  await expect(page).toHaveURL(/\/contracts\/\d+$/);
  const number = (await page.locator("h1").textContent())!.split(" · ")[0].trim();
  expect(number).toMatch(/^AMC-\d{4}-\d{6}$/);
  const contractUrl = page.url();
  const accountHref = (await page.locator(".detail-header a[href^='/accounts/']").first().getAttribute("href"))!;
  await expect(page.locator("#contract-status")).toHaveText("Pending");

  await page.locator(".contract-actions[data-hydrated=true]").waitFor();
  await page.locator("#contract-activate").click();
  await expect(page.locator("#contract-status")).toHaveText("Active");
  await expect(page.locator("#terms-table tbody tr")).toHaveCount(1);

  // The preview: every line's price 5 % up, rounded to the cent, the new total beside the old.
  const preview = page.locator("#renewal-preview");
  await expect(preview.locator("#preview-reason")).toHaveText("A fixed uplift of 5 %.");
  const rows = preview.locator("#preview-lines tbody tr");
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const cells = rows.nth(i).locator("td");
    const now = parseFloat((await cells.nth(2).textContent())!.replace(/[^0-9.]/g, ""));
    const next = parseFloat((await cells.nth(3).textContent())!.replace(/[^0-9.]/g, ""));
    expect(next).toBeCloseTo(Math.round(now * 105) / 100, 2);
  }
  const amount = (await preview.locator("#preview-amount").textContent())!.trim();
  await page.screenshot({ path: `${shots}/contract-preview.png`, fullPage: true });

  await page.locator("#contract-renew").click();
  await expect(page.getByRole("status")).toContainText(`Contract ${number} renewed until`);
  await expect(page.locator("#terms-table tbody tr")).toHaveCount(2);
  const term2 = page.locator("#terms-table tbody tr").first();
  await expect(term2.locator("td").nth(0)).toHaveText("2");
  await expect(term2.locator("td").nth(4)).toHaveText(amount);
  await expect(page.locator("#contract-renewal")).toContainText("renewed until");
  await expect(page.locator(".contract-actions button", { hasText: "Renew now" })).toHaveCount(0);
  await page.screenshot({ path: `${shots}/contract-renewed.png`, fullPage: true });

  await term2.locator(".term-invoices a").click();
  await expect(page).toHaveURL(/\/invoices\/\d+$/);
  await expect(page.locator("body")).toContainText(number);
  await expect(page.locator("body")).toContainText(amount);
  await page.screenshot({ path: `${shots}/contract-term2-invoice.png`, fullPage: true });

  // A ticket for that account is covered by the contract (and says until when).
  await page.goto(`/tickets/new?account=${accountHref.split("/").pop()}`);
  const ticket = page.locator("#ticket-form[data-hydrated=true]");
  await ticket.waitFor();
  await page.locator("#ticket-subject").fill("Monitor flickers");
  await page.locator("#ticket-description").fill("The second monitor flickers after a minute.");
  await ticket.getByRole("button", { name: "Create ticket" }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  await expect(page.locator("#ticket-coverage")).toContainText(`Covered by ${number}`);
  await page.locator("#ticket-coverage a").click();
  await expect(page).toHaveURL(contractUrl);
  await page.screenshot({ path: `${shots}/contract-ticket-coverage.png`, fullPage: true });
});

// A running term changes from a chosen day: one more of the first line, previewed by actual days
// (days left ÷ days in the term), then applied — its prorated invoice is on the terms panel.
test("change a running term: preview the proration → apply → the prorated invoice", async ({ page }) => {
  await signIn(page, "manager@example.com", "/contracts?status=active");
  const links = page.locator("#contracts-table tbody tr a[href^='/contracts/']");
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  let found = false;
  for (const href of hrefs.slice(0, 10)) {
    await page.goto(href);
    if ((await page.locator("#contract-change").count()) > 0) {
      found = true;
      break;
    }
  }
  expect(found, "an active demo contract whose running term can change").toBeTruthy();
  await page.locator("#contract-change").click();
  await expect(page).toHaveURL(/\/contracts\/\d+\/change$/);
  await expect(page.locator("#proration-convention")).toContainText("Actual days");

  const first = page.locator("#change-lines tbody tr").first();
  const now = parseFloat((await first.locator("td").nth(1).textContent())!);
  await first.locator("input[name$='[quantity]']").fill(String(now + 1));
  await page.locator("#change-preview").click();
  await expect(page).toHaveURL(/\/change\?/);
  const days = (await page.locator("#change-days").textContent())!;
  const [, left, total] = days.match(/: (\d+) of (\d+) days/)!;
  expect(Number(left)).toBeGreaterThan(0);
  expect(Number(left)).toBeLessThanOrEqual(Number(total));
  const row = page.locator("#change-preview-lines tbody tr").first();
  const before = parseFloat((await row.locator("td").nth(2).textContent())!.replace(/[^0-9.]/g, ""));
  const after = parseFloat((await row.locator("td").nth(3).textContent())!.replace(/[^0-9.]/g, ""));
  const prorated = parseFloat((await row.locator("td").nth(5).textContent())!.replace(/[^0-9.]/g, ""));
  expect(prorated).toBeCloseTo(Math.round(((after - before) * Number(left) * 100) / Number(total)) / 100, 2);
  await expect(page.locator("#change-invoice-total")).toBeVisible();
  await page.screenshot({ path: `${shots}/contract-change-preview.png`, fullPage: true });

  await page.locator("#contract-change-form[data-hydrated=true]").waitFor();
  await page.locator("#change-apply").click();
  await expect(page).toHaveURL(/\/contracts\/\d+$/);
  await expect(page.getByRole("status")).toContainText("changed from");
  const change = page.locator("#changes-table tbody tr").last();
  await expect(change.locator(".change-documents a")).toHaveCount(1);
  await page.screenshot({ path: `${shots}/contract-changed.png`, fullPage: true });
  await change.locator(".change-documents a").click();
  await expect(page).toHaveURL(/\/invoices\/\d+$/);
  await expect(page.locator("body")).toContainText("prorated");
});
