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

// The whole loop across both sides: a customer questions an invoice from its link, the
// question is a ticket in the agent's queue, the agent answers publicly, the customer reads the
// answer and replies through the ticket's link, the agent resolves it and the customer rates it.
test("a customer questions an invoice → ticket in the queue → public reply → customer answers → resolved → rated", async ({ page, browser }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "finance@example.com", "/invoices?status=overdue");
  await page.locator("#invoices-table tbody tr a").first().click();
  await expect(page).toHaveURL(/\/invoices\/\d+$/);
  const invoice = (await page.locator("#invoice-number").textContent())!.trim();
  await page.locator(".link-actions[data-hydrated=true]").waitFor();
  await page.getByRole("button", { name: "New customer link" }).click();
  const invoiceLink = (await page.locator("#new-link").textContent())!.trim();

  // The customer, in a browser of their own: the question opens a ticket and leads to its page.
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(invoiceLink);
  const question = customer.locator("#question-form[data-hydrated=true]");
  await question.waitFor();
  await customer.locator("#q-name").fill("Zoë Łukasiewicz");
  await customer.locator("#q-email").fill(`zoe.${Date.now()}@example.org`);
  await customer.locator("#q-message").fill("The hours on line 1 look doubled — we booked one visit.");
  await question.getByRole("button", { name: "Send question" }).click();
  await expect(customer).toHaveURL(/\/t\/tck_[A-Za-z0-9_-]+$/);
  const ticketLink = customer.url();
  await expect(customer.locator("h1")).toHaveText(`Question about invoice ${invoice}`);
  await expect(customer.locator("#customer-request")).toContainText("look doubled");
  await expect(customer.locator("#no-replies")).toBeVisible();
  await expect(customer.getByText("Sign out")).toHaveCount(0);
  await customer.screenshot({ path: `${shots}/customer-question-ticket.png`, fullPage: true });

  // The agent finds it in their queue (automatic assignment) and answers publicly.
  const agent = await (await browser.newContext()).newPage();
  await agent.setViewportSize({ width: 1280, height: 900 });
  await signIn(agent, "support@example.com", "/tickets?queue=mine");
  const row = agent.locator("#tickets-table tbody tr", { hasText: `Question about invoice ${invoice}` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/due in|overdue by/);
  await row.locator("a").first().click();
  await expect(agent).toHaveURL(/\/tickets\/\d+$/);
  const number = (await agent.locator("h1").textContent())!.trim();
  await expect(agent.locator("#ticket-invoice")).toContainText(invoice);
  await agent.locator("#comment-form[data-hydrated=true]").waitFor();
  await agent.locator("#comment-body").fill("You are right: the visit was booked twice. A credit note follows today.");
  await agent.locator("#comment-public").check();
  await agent.locator("#comment-form").getByRole("button", { name: "Add to the conversation" }).click();
  await expect(agent.getByRole("status")).toContainText("Public reply added.");

  // The customer reads the answer and replies through the link.
  await customer.goto(ticketLink);
  await expect(customer.locator("#conversation")).toContainText("booked twice");
  const reply = customer.locator("#reply-form[data-hydrated=true]");
  await reply.waitFor();
  await customer.locator("#reply-body").fill("Thank you — please send it to accounts@example.org.");
  await reply.getByRole("button", { name: "Send" }).click();
  await expect(customer.locator("#conversation .comment.customer").last()).toContainText("accounts@example.org");

  // The agent sees the answer and resolves the ticket.
  await agent.reload();
  await expect(agent.locator("#conversation")).toContainText("accounts@example.org");
  await agent.locator("details.resolve > summary").click();
  const resolve = agent.locator("#resolve-form[data-hydrated=true]");
  await resolve.waitFor();
  await agent.locator("#resolve-note").fill("Credit note sent to accounts@example.org.");
  await resolve.getByRole("button", { name: "Resolve ticket" }).click();
  await expect(agent.getByRole("status")).toContainText(`Ticket ${number} is now resolved.`);

  // The customer rates it, once.
  await customer.goto(ticketLink);
  await expect(customer.locator("#customer-status")).toHaveText("Resolved");
  const rating = customer.locator("#rating-form[data-hydrated=true]");
  await rating.waitFor();
  await customer.locator("#rating-5").check();
  await customer.locator("#rating-comment").fill("Quick and clear.");
  await rating.getByRole("button", { name: "Send rating" }).click();
  await expect(customer.locator("#rating-given")).toHaveText("5 of 5 — thank you.");
  await expect(customer.locator("#rating-form")).toHaveCount(0);
  await customer.screenshot({ path: `${shots}/customer-ticket-rated.png`, fullPage: true });

  // Back at the invoice: the question is a resolved ticket and reminders run again.
  await page.reload();
  await expect(page.locator("#questions")).toContainText(number);
  await expect(page.locator("#questions")).toContainText("Resolved");
  await expect(page.locator("#invoice-disputed")).toHaveCount(0);
});
