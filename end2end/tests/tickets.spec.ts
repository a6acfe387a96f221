import { test, expect } from "@playwright/test";
import { PASSWORD, shots, signIn } from "./support";

// A support agent works one ticket from start to end (demo data): opened for an account from its
// page, found in a queue, an internal note and a public reply (never alike), started, resolved
// with a note, closed.

test("support opens a ticket → queue → note and public reply → start → resolve → close", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "support@example.com", "/accounts");
  await page.locator("#accounts-table tbody tr a").first().click();
  await expect(page).toHaveURL(/\/accounts\/\d+$/);
  const account = (await page.locator("h1").textContent())!.trim();

  await page.locator("#tickets").getByRole("link", { name: "New ticket" }).click();
  await expect(page).toHaveURL(/\/tickets\/new\?account=\d+$/);
  const form = page.locator("#ticket-form[data-hydrated=true]");
  await form.waitFor();
  await expect(page.locator("#ticket-account-name")).toHaveText(account);
  const subject = `Label printer shows E42 (${Date.now()})`;
  await page.locator("#ticket-subject").fill(subject);
  await page.locator("#ticket-description").fill("Since this morning the label printer in the warehouse shows E42.");
  await page.locator("#ticket-priority").selectOption("high");
  await page.locator("#ticket-assignee").selectOption({ label: "Sven Support" });
  await form.getByRole("button", { name: "Create ticket" }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  await expect(page.getByRole("status")).toContainText("opened, assigned to Sven Support");
  const number = (await page.locator("h1").textContent())!.trim();
  expect(number).toMatch(/^TCK-\d{4}-\d{6}$/);
  const detail = page.url();
  await expect(page.locator("#ticket-status")).toHaveText("Open");
  await expect(page.locator("#ticket-priority")).toHaveText("High");

  // The agent's own queue lists it with its clock.
  await page.goto("/tickets?queue=mine");
  await expect(page.locator('#ticket-queues [aria-current="page"]')).toHaveText("Mine");
  const row = page.locator("#tickets-table tbody tr", { hasText: number });
  await expect(row).toContainText(subject);
  await expect(row).toContainText(account);
  await expect(row).toContainText(/due in|overdue by/);
  await page.screenshot({ path: `${shots}/tickets-list.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/tickets-list-narrow.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await row.getByRole("link", { name: number }).click();
  await expect(page).toHaveURL(detail);

  // An internal note first, then a public reply: both shown, each labelled for what it is.
  await page.locator("#comment-form[data-hydrated=true]").waitFor();
  await page.locator("#comment-body").fill("Called them: the printer is out of warranty.");
  await page.locator("#comment-form").getByRole("button", { name: "Add to the conversation" }).click();
  await expect(page.getByRole("status")).toContainText("Internal note added.");
  await page.locator("#comment-form[data-hydrated=true]").waitFor();
  await page.locator("#comment-body").fill("We are sending a technician tomorrow morning.");
  await page.locator("#comment-public").check();
  await page.locator("#comment-form").getByRole("button", { name: "Add to the conversation" }).click();
  await expect(page.getByRole("status")).toContainText("Public reply added.");
  const note = page.locator("#conversation .comment.internal");
  await expect(note).toHaveCount(1);
  await expect(note).toContainText("Internal note");
  await expect(note).toContainText("out of warranty");
  const reply = page.locator("#conversation .comment.public");
  await expect(reply).toHaveCount(1);
  await expect(reply).toContainText("Public reply");
  await expect(reply).toContainText("technician");
  await expect(reply).not.toContainText("Internal note");
  // The first public reply is the first response.
  await expect(page.locator("#clock-first-response h3")).toContainText("Met");

  await page.locator(".ticket-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "Start work" }).click();
  await expect(page.locator("#ticket-status")).toHaveText("In progress");

  // Resolving needs a note: refused without one, beside the field.
  await page.locator("details.resolve > summary").click();
  const resolve = page.locator("#resolve-form[data-hydrated=true]");
  await resolve.waitFor();
  await resolve.getByRole("button", { name: "Resolve ticket" }).click();
  await expect(page.locator("#note-error")).toHaveText("is required");
  await page.locator("#resolve-note").fill("Technician replaced the print head.");
  await resolve.getByRole("button", { name: "Resolve ticket" }).click();
  await expect(page.getByRole("status")).toContainText(`Ticket ${number} is now resolved.`);
  await expect(page.locator("#ticket-status")).toHaveText("Resolved");
  await expect(page.locator("#resolution-note")).toHaveText("Technician replaced the print head.");
  await expect(page.locator("#clock-resolution h3")).toContainText("Met");
  await page.screenshot({ path: `${shots}/tickets-detail.png`, fullPage: true });

  await page.locator(".ticket-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "Close" }).click();
  await expect(page.locator("#ticket-status")).toHaveText("Closed");
  // Closed is final: no actions, no more replies or notes.
  await expect(page.locator(".ticket-actions")).toHaveCount(0);
  await expect(page.locator("#comment-form")).toHaveCount(0);
  const timeline = page.locator(".timeline");
  await expect(timeline).toContainText("Status: open → in progress");
  await expect(timeline).toContainText("Status: in progress → resolved");
  await expect(timeline).toContainText("Status: resolved → closed");
  await expect(timeline).toContainText("Assigned to Sven Support");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a ticket without a subject comes back with the error beside the field", async ({ page }) => {
    await page.goto("/login?next=/tickets/new");
    await page.getByLabel("Email").fill("support@example.com");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#choose-account-id").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/tickets\/new\?account_id=\d+$/);
    await page.locator("#ticket-description").fill("Nothing in the subject.");
    await page.getByRole("button", { name: "Create ticket" }).click();
    await expect(page.locator("#subject-error")).toHaveText("is required");
    await expect(page.locator("#ticket-subject")).toBeVisible();

    await page.locator("#ticket-subject").fill("Invoice PDF will not open");
    await page.locator("#ticket-description").fill("Nothing opens when they click the link.");
    await page.getByRole("button", { name: "Create ticket" }).click();
    await expect(page).toHaveURL(/\/tickets\/\d+$/);
    await expect(page.locator("#ticket-subject")).toHaveText("Invoice PDF will not open");
  });
});
