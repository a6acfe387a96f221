import { test, expect, Page } from "@playwright/test";
import { shots, signIn, pdfText } from "./support";

// Finance invoices a fulfilled order, issues and sends it; the customer opens the emailed link in
// a browser of their own, downloads the PDF and questions the invoice; reminders pause.

test("order → invoice → issue → send → the customer opens, downloads and questions it → reminders pause", async ({ page, browser }) => {
  await signIn(page, "finance@example.com", "/orders?status=fulfilled");
  await page.locator("#orders-table tbody tr a").first().click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  const order = (await page.locator("h1").textContent())!.trim();
  await page.locator("#invoice-order").click();
  await expect(page).toHaveURL(/\/orders\/\d+\/invoice$/);
  const form = page.locator("#invoice-order-form[data-hydrated=true]");
  await form.waitFor();
  await page.screenshot({ path: `${shots}/invoice-from-order.png`, fullPage: true });
  await form.getByRole("button", { name: "Create draft invoice" }).click();
  await expect(page).toHaveURL(/\/invoices\/\d+$/);
  await expect(page.getByRole("status")).toContainText("made from the order");
  await expect(page.locator("#invoice-status")).toHaveText("Draft");
  await expect(page.getByText(`For order ${order}`)).toBeVisible();

  await page.locator(".invoice-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "Issue invoice" }).click();
  await expect(page.locator("#invoice-status")).toHaveText("Issued");
  const number = (await page.locator("#invoice-number").textContent())!.trim();
  expect(number).toMatch(/^INV-\d{4}-\d{6}$/);
  await expect(page.locator("#new-link")).toContainText("/i/inv_");
  await page.screenshot({ path: `${shots}/invoice-issued.png`, fullPage: true });

  const send = page.locator("#send-form[data-hydrated=true]");
  await send.waitFor();
  await send.getByRole("button", { name: "Send invoice" }).click();
  await expect(page.getByRole("status")).toContainText(`Invoice ${number} sent to`);
  await expect(page.locator("#invoice-status")).toHaveText("Sent");
  // The link the email carried: a fresh one is made per send; make one more to hand over here.
  await page.locator(".link-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "New customer link" }).click();
  const link = (await page.locator("#new-link").textContent())!.trim();

  // The customer: a fresh browser context, no session.
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(link);
  await expect(customer.getByRole("heading", { name: `Invoice ${number}` })).toBeVisible();
  await expect(customer.locator("#customer-status")).toHaveText("Sent");
  await expect(customer.getByText("Sign out")).toHaveCount(0);
  await customer.screenshot({ path: `${shots}/customer-invoice.png`, fullPage: true });
  const text = await pdfText(customer, (await customer.locator("#download-pdf").getAttribute("href"))!);
  expect(text).toContain(number);
  expect(text).toContain("Invoice");

  const question = customer.locator("#question-form[data-hydrated=true]");
  await question.waitFor();
  await customer.locator("#q-name").fill("Zoë Łukasiewicz");
  await customer.locator("#q-email").fill("zoe@example.org");
  await customer.locator("#q-message").fill("We received only half of the installation hours.");
  await question.getByRole("button", { name: "Send question" }).click();
  // The question is a support ticket: the customer lands on its page, and the invoice says so.
  await expect(customer).toHaveURL(/\/t\/tck_/);
  await expect(customer.locator("#customer-request")).toContainText("half of the installation hours");
  await customer.goto(link);
  await expect(customer.locator("#question-received")).toBeVisible();
  await customer.screenshot({ path: `${shots}/customer-questioned.png`, fullPage: true });

  // Back at the office: the invoice is questioned and its reminders wait.
  await page.reload();
  await expect(page.locator("#invoice-disputed")).toHaveText("Questioned: reminders paused");
  await expect(page.locator("#questions")).toContainText("We received only half of the installation hours.");
  await expect(page.locator(".timeline")).toContainText("Questioned by customer");
  await expect(page.locator(".timeline")).toContainText("Viewed by customer");
  await page.screenshot({ path: `${shots}/invoice-questioned.png`, fullPage: true });

  // A bad link is a plain "not found".
  const res = await customer.goto(link.replace(/inv_.{8}/, "inv_00000000"));
  expect(res!.status()).toBe(404);
  await expect(customer.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("the dashboard shows receivables by age and the list filters overdue invoices", async ({ page }) => {
  await signIn(page, "finance@example.com", "/");
  await expect(page.getByRole("img", { name: "Open balances by age in EUR" })).toBeVisible();
  await expect(page.locator("#invoice-aging")).toContainText("90+ days");
  await page.screenshot({ path: `${shots}/dashboard-aging.png`, fullPage: true });
  await page.goto("/invoices?overdue=true");
  await expect(page.locator("#invoices-table tbody tr").first()).toBeVisible();
  await expect(page.locator("#invoices-table")).toContainText("Overdue");
});
