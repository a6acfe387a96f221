import { test, expect, Page } from "@playwright/test";
import { PASSWORD, shots, signIn } from "./support";

// The core CRM workflow as a salesperson and a manager click it (demo data from AFTERSALE_DEMO=1).

/** Turns off the browser's own checks so the server's messages show beside the fields. */
async function noValidate(page: Page, form: string) {
  await page.locator(form).evaluate((f: HTMLFormElement) => (f.noValidate = true));
}

test("bad account input gets a message beside the field and creates nothing", async ({ page }) => {
  await signIn(page, "sales@example.com", "/accounts/new");
  const form = page.locator("#account-form[data-hydrated=true]");
  await form.waitFor();
  await noValidate(page, "#account-form");
  await page.locator("#account-invoice-email").fill("not-an-email");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#account-form #name-error")).toHaveText("is required");
  await expect(page.locator("#account-form #invoice_email-error")).toContainText("must be an email address");
  await expect(page.locator("#account-invoice-email")).toHaveValue("not-an-email"); // kept on error
  await page.screenshot({ path: `${shots}/account-errors.png`, fullPage: true });

  // A 10 MB name travels to the server and comes back as a message, not a crash.
  await page.locator("#account-name").evaluate((el: HTMLInputElement) => (el.value = "x".repeat(10 * 1024 * 1024)));
  await page.locator("#account-invoice-email").fill("ap@example.com");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#account-form #name-error")).toHaveText("must be at most 200 characters");
  await page.goto("/accounts?q=xxxxxxxxxx&status=all");
  await expect(page.getByText("No accounts match these filters.")).toBeVisible();
});

test("a salesperson creates an account with a contact; a manager reassigns it and the timeline shows it", async ({ page }) => {
  await signIn(page, "sales@example.com", "/accounts");
  await expect(page.getByRole("heading", { name: "Accounts" })).toBeVisible();
  await page.screenshot({ path: `${shots}/accounts-list.png`, fullPage: true });
  await page.getByRole("link", { name: "New account" }).click();
  const form = page.locator("#account-form[data-hydrated=true]");
  await form.waitFor();
  await page.locator("#account-name").fill("Wayne Enterprises");
  await page.locator("#account-invoice-email").fill("ap@wayne.example");
  await page.locator("#account-tags").fill("enterprise, amer");
  await page.locator("#account-billing").fill("1007 Mountain Drive\nGotham");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/accounts\/\d+$/);
  await expect(page.getByRole("status")).toContainText("Account Wayne Enterprises created.");
  const accountUrl = page.url();

  const contact = page.locator("#contact-form-new[data-hydrated=true]");
  await contact.waitFor();
  await page.locator("#contact-name-new").fill("Lucius Fox");
  await page.locator("#contact-email-new").fill("lucius@wayne.example");
  await page.locator("#contact-title-new").fill("CEO");
  await contact.getByLabel("Primary contact").check();
  await contact.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByRole("status")).toContainText("Contact Lucius Fox added.");
  await expect(page.locator("#contacts")).toContainText("Lucius Fox");
  await expect(page.locator("#contacts")).toContainText("Primary");
  await page.screenshot({ path: `${shots}/account-detail.png`, fullPage: true });

  // An opportunity with two lines: a catalogue product and a typed service line.
  await page.getByRole("link", { name: "New opportunity" }).click();
  const opp = page.locator("#opportunity-form[data-hydrated=true]");
  await opp.waitFor();
  await page.locator("#opp-name").fill("Wayne Enterprises — data centre");
  await expect(page.locator("#opp-account option:checked")).toHaveText("Wayne Enterprises");
  await page.getByLabel("Line 1 product").selectOption({ label: "SRV-BAS-00000 · Server Basic (4,200.00 EUR)" });
  await expect(page.getByLabel("Line 1 description")).toHaveValue("Server Basic");
  await expect(page.getByLabel("Line 1 unit price")).toHaveValue("4200.00");
  await page.getByLabel("Line 1 quantity").fill("2");
  await page.getByLabel("Line 2 description").fill("Installation");
  await page.getByLabel("Line 2 quantity").fill("3");
  await page.getByLabel("Line 2 unit price").fill("95");
  await page.getByLabel("Line 2 discount").fill("10");
  // The server recomputes the totals as we type: 2 × 4,200.00 + 3 × 95 × 0.9 = 8,656.50 net,
  // 20 % tax 1,731.30.
  await expect(page.locator("#total-subtotal")).toHaveText("8,656.50 EUR");
  await expect(page.locator("#total-total")).toHaveText("10,387.80 EUR");
  await page.screenshot({ path: `${shots}/opportunity-editor.png`, fullPage: true });
  await opp.getByRole("button", { name: "Create opportunity" }).click();
  await expect(page).toHaveURL(/\/opportunities\/\d+$/);
  await expect(page.getByRole("status")).toContainText("created.");
  await expect(page.locator("#opp-total")).toHaveText("10,387.80 EUR");
  await expect(page.locator("#lines")).toContainText("Installation");
  await page.locator(".stage-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "Mark won" }).click();
  await expect(page.getByRole("status")).toContainText("is now Won.");
  await expect(page.locator("#opp-stage")).toHaveText("Won");
  await expect(page.locator(".timeline")).toContainText("Stage changed: prospecting → won");
  await page.screenshot({ path: `${shots}/opportunity-won.png`, fullPage: true });

  // The manager moves it to Sara Seller from the assignments page.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, "manager@example.com", "/assignments?kind=accounts&q=Wayne");
  await expect(page.locator("#workload-table")).toContainText("Sam Sales");
  const reassign = page.locator("#reassign-form[data-hydrated=true]");
  await reassign.waitFor();
  await reassign.getByLabel("Select Wayne Enterprises").check();
  await reassign.getByLabel("New owner").selectOption({ label: "Sara Seller" });
  await page.screenshot({ path: `${shots}/assignments.png`, fullPage: true });
  await reassign.getByRole("button", { name: "Reassign selected" }).click();
  await expect(page.getByRole("status")).toContainText("1 account reassigned.");
  await page.goto(accountUrl);
  await expect(page.locator("#account-owner-name")).toHaveText("Sara Seller");
  await expect(page.locator(".timeline")).toContainText("Reassigned: Sam Sales → Sara Seller");
  await page.screenshot({ path: `${shots}/account-reassigned.png`, fullPage: true });
});

test("bad catalogue input gets a message beside the field and writes nothing", async ({ page }) => {
  await signIn(page, "finance@example.com", "/products/new");
  const form = page.locator("#product-form[data-hydrated=true]");
  await form.waitFor();
  await noValidate(page, "#product-form");
  await page.locator("#product-sku").fill("SRV-BAS-00000"); // a demo product's SKU
  await page.locator("#product-name").fill("Duplicate server");
  await page.locator("#product-price").fill("-5");
  await form.getByRole("button", { name: "Create product" }).click();
  await expect(page.locator("#product-form #unit_price-error")).toHaveText("must not be negative");
  await page.locator("#product-price").fill("10");
  await form.getByRole("button", { name: "Create product" }).click();
  await expect(page.locator("#product-form #sku-error")).toHaveText("is already used by another product");
  await expect(page.locator("#product-name")).toHaveValue("Duplicate server");
  await page.screenshot({ path: `${shots}/product-errors.png`, fullPage: true });
  await page.goto("/products?q=Duplicate&status=all");
  await expect(page.getByText("No products match these filters.")).toBeVisible();

  await page.goto("/tax-rates");
  const rate = page.locator("#rate-form-new[data-hydrated=true]");
  await rate.waitFor();
  await page.locator("#rate-name-new").fill("Odd rate");
  await page.locator("#rate-value-new").fill("abc");
  await rate.getByRole("button", { name: "Add tax rate" }).click();
  await expect(page.locator("#rate-form-new #rate-error")).toHaveText("must be a number such as 1234.50");
  await page.screenshot({ path: `${shots}/tax-rate-error.png`, fullPage: true });
  await page.reload();
  await expect(page.locator("#tax-rates-table")).not.toContainText("Odd rate");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("an account is created with a plain form post", async ({ page }) => {
    await page.goto("/login?next=/accounts/new");
    await page.getByLabel("Email").fill("manager@example.com");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#account-name").fill("No Script Ltd");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/accounts\/\d+$/);
    await expect(page.getByRole("heading", { name: "No Script Ltd" })).toBeVisible();
  });
});
