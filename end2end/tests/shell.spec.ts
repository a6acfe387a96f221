import { test, expect, Page } from "@playwright/test";
import { shots, signIn } from "./support";

// The shell every employee page shares: grouped navigation (a left column on a laptop, a Menu that
// opens on a phone, both without JavaScript) marking the current page, and the search box.

const nav = (page: Page) => page.getByRole("navigation", { name: "Main", exact: true });
const searchBox = (page: Page) => page.getByRole("searchbox", { name: "Search customers and document numbers" });

test("at 1280 px the groups are a left column and the current page is marked", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "admin@example.com", "/invoices");
  await expect(nav(page)).toBeVisible();
  await expect(page.getByText("Menu", { exact: true })).toBeHidden(); // the toggle is for phones only
  for (const group of ["Sales", "Finance", "Admin"]) {
    await expect(nav(page).getByText(group, { exact: true })).toBeVisible();
  }
  const invoices = nav(page).getByRole("link", { name: "Invoices", exact: true });
  await expect(invoices).toHaveAttribute("aria-current", "page");
  await expect(nav(page).locator('[aria-current="page"]')).toHaveCount(1);
  await expect(nav(page).getByRole("link", { name: "Payments", exact: true })).not.toHaveAttribute("aria-current", /.*/);
  // The column sits left of the content.
  const column = (await nav(page).boundingBox())!;
  const content = (await page.locator("#content").boundingBox())!;
  expect(column.x + column.width).toBeLessThanOrEqual(content.x + 1);
  await page.screenshot({ path: `${shots}/shell-1280.png`, fullPage: true });

  // The longest prefix wins: the bank workbench (/payments/reconcile) is Bank, not Payments.
  await nav(page).getByRole("link", { name: "Bank", exact: true }).click();
  await expect(page).toHaveURL(/\/payments\/reconcile$/);
  await expect(nav(page).getByRole("link", { name: "Bank", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(nav(page).locator('[aria-current="page"]')).toHaveCount(1);
});

test("a role sees only its groups", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "support@example.com", "/");
  await expect(nav(page).getByRole("link", { name: "Dashboard", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(nav(page).getByText("Admin", { exact: true })).toHaveCount(0);
  await expect(nav(page).getByRole("link", { name: "Payments", exact: true })).toHaveCount(0);
  await expect(nav(page).getByRole("link", { name: "Invoices", exact: true })).toBeVisible();
});

test("at 390 px the menu is collapsed under the top bar and opens", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "finance@example.com", "/payments");
  const menu = page.locator("details.nav-menu > summary");
  await expect(menu).toBeVisible();
  await expect(menu).toHaveText("Menu");
  const payments = nav(page).getByRole("link", { name: "Payments", exact: true });
  await expect(payments).toBeHidden();
  await expect(searchBox(page)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  // The top bar fits the phone: the search box takes its own row instead of pushing sideways.
  expect(await page.locator(".topbar").evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${shots}/shell-390.png`, fullPage: true });

  await menu.click();
  await expect(payments).toBeVisible();
  await expect(payments).toHaveAttribute("aria-current", "page");
  await expect(nav(page).getByText("Finance", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/shell-390-menu.png`, fullPage: true });
  await menu.click();
  await expect(payments).toBeHidden();
});

test("searching an invoice number lands on the invoice; a name lists the accounts", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "finance@example.com", "/invoices?q=INV-");
  const number = (await page.locator("#invoices-table tbody tr td:nth-child(2) a").first().textContent())!.trim();
  expect(number).toMatch(/^INV-\d{4}-\d{6}$/);

  // Typed in lower case, as people do; the form is a plain GET, so Enter is enough.
  await page.goto("/");
  await searchBox(page).fill(number.toLowerCase());
  await searchBox(page).press("Enter");
  await expect(page).toHaveURL(/\/invoices\/\d+$/);
  await expect(page.locator("#invoice-number")).toHaveText(number);
  await expect(nav(page).getByRole("link", { name: "Invoices", exact: true })).toHaveAttribute("aria-current", "page");

  // A name lists accounts (demo data has Falcon Print); the text stays in the box.
  await searchBox(page).fill("falcon");
  await page.getByRole("search").filter({ has: searchBox(page) }).getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search\?q=falcon$/);
  await expect(searchBox(page)).toHaveValue("falcon");
  await expect(page.getByRole("heading", { name: "Search: falcon" })).toBeVisible();
  await expect(page.locator("#search-accounts").getByRole("link", { name: "Falcon Print", exact: true })).toBeVisible();
  await searchBox(page).fill("no account or document is called this");
  await searchBox(page).press("Enter");
  await expect(page.locator("#search-empty")).toContainText("Nothing matches");
  await page.screenshot({ path: `${shots}/search-empty.png`, fullPage: true });
});
