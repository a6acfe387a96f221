import { test, expect, Page } from "@playwright/test";
import { shots, signIn, pdfText } from "./support";

// A won deal becomes an order that ships in two parts, as a salesperson clicks it (demo data).

test("won opportunity → order → confirm → two shipments with delivery notes → fulfilled", async ({ page }) => {
  await signIn(page, "sales@example.com", "/accounts?owner=me");
  await page.locator("#accounts-table tbody tr a").first().click();
  await expect(page).toHaveURL(/\/accounts\/\d+$/);
  const account = (await page.locator("h1").textContent())!.trim();

  await page.getByRole("link", { name: "New opportunity" }).click();
  const opp = page.locator("#opportunity-form[data-hydrated=true]");
  await opp.waitFor();
  await page.locator("#opp-name").fill(`${account} — warehouse fit-out`);
  await page.getByLabel("Line 1 product").selectOption({ index: 1 });
  await page.getByLabel("Line 1 quantity").fill("3");
  await page.getByLabel("Line 2 description").fill("Installation");
  await page.getByLabel("Line 2 quantity").fill("2");
  await page.getByLabel("Line 2 unit price").fill("95");
  await expect(page.locator("#total-total")).not.toHaveText("0.00 EUR");
  await opp.getByRole("button", { name: "Create opportunity" }).click();
  await expect(page).toHaveURL(/\/opportunities\/\d+$/);
  await page.locator(".stage-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "Mark won" }).click();
  await expect(page.locator("#opp-stage")).toHaveText("Won");

  // "Create order" copies the deal's lines into a draft order linked to it.
  await page.locator("#create-order[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  await expect(page.getByRole("status")).toContainText("created from the opportunity");
  await expect(page.locator("#order-status")).toHaveText("Draft");
  await expect(page.locator("#order-lines")).toContainText("Installation");
  const number = (await page.locator("h1").textContent())!.trim();
  expect(number).toMatch(/^SO-\d{4}-\d{6}$/);
  await page.screenshot({ path: `${shots}/order-draft.png`, fullPage: true });

  await page.locator(".order-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "Confirm order" }).click();
  await expect(page.locator("#order-status")).toHaveText("Confirmed");

  // First shipment: one of the three units, no installation yet.
  const form = page.locator("#shipment-form[data-hydrated=true]");
  await form.waitFor();
  const shipNow = page.locator("#shipment-lines input[name$='[quantity]']");
  await shipNow.nth(0).fill("1");
  await shipNow.nth(1).fill("");
  await page.locator("#ship-carrier").fill("DHL Freight");
  await page.locator("#ship-tracking").fill("JD0146000001");
  await form.getByRole("button", { name: "Record shipment" }).click();
  await expect(page.getByRole("status")).toContainText(`Shipment ${number}-1 recorded.`);
  await expect(page.locator("#order-status")).toHaveText("Partially fulfilled");
  await expect(page.locator("#order-lines tbody tr").first().locator(".remaining")).toHaveText("2");
  await page.screenshot({ path: `${shots}/order-partly-shipped.png`, fullPage: true });

  const note = page.locator("#shipment-list li").first().getByRole("link", { name: "Delivery note (PDF)" });
  const text = await pdfText(page, (await note.getAttribute("href"))!);
  expect(text).toContain(`${number}-1`);
  expect(text).toContain("Delivery note");
  expect(text).toContain(account);
  expect(text).toContain("JD0146000001");
  expect(text).not.toContain("Installation");

  // Second shipment: the form offers what remains.
  await page.getByText("Record a shipment").click();
  await page.locator("#shipment-form[data-hydrated=true]").waitFor();
  await expect(shipNow.nth(0)).toHaveValue("2");
  await page.locator("#shipment-form").getByRole("button", { name: "Record shipment" }).click();
  await expect(page.getByRole("status")).toContainText(`Shipment ${number}-2 recorded.`);
  await expect(page.locator("#order-status")).toHaveText("Fulfilled");
  const second = await pdfText(page, (await page.locator("#shipment-list li").nth(1).getByRole("link", { name: "Delivery note (PDF)" }).getAttribute("href"))!);
  expect(second).toContain("Installation");

  const timeline = page.locator(".timeline");
  await expect(timeline).toContainText("Status changed: draft → confirmed");
  await expect(timeline).toContainText("Shipped: confirmed → partially fulfilled");
  await expect(timeline).toContainText("Shipped: partially fulfilled → fulfilled");
  await expect(timeline).toContainText(`${number}-2`);
  await page.screenshot({ path: `${shots}/order-fulfilled.png`, fullPage: true });

  await page.locator(".order-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "Close order" }).click();
  await expect(page.locator("#order-status")).toHaveText("Closed");
  await page.goto("/orders?status=closed&q=" + encodeURIComponent(number));
  await expect(page.locator("#orders-table")).toContainText(number);
});

test("bad shipment input gets a message beside the field and ships nothing", async ({ page }) => {
  await signIn(page, "manager@example.com", "/orders?status=confirmed");
  await page.locator("#orders-table tbody tr a").first().click();
  const form = page.locator("#shipment-form[data-hydrated=true]");
  await form.waitFor();
  const first = page.locator("#shipment-lines input[name$='[quantity]']").first();
  await first.fill("999");
  await form.getByRole("button", { name: "Record shipment" }).click();
  await expect(page.locator("#shipment-form .field-error:not([hidden])").first()).toContainText("is more than remains");
  await expect(first).toHaveValue("999");
  await expect(page.locator("#order-status")).toHaveText("Confirmed");
  await page.screenshot({ path: `${shots}/shipment-error.png`, fullPage: true });
});
