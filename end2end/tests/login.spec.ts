import { test, expect, Page } from "@playwright/test";

// Demo users seeded by `AFTERSALE_DEMO=1` (scripts/test.sh starts the server that way).
const PASSWORD = "aftersale-demo";
const shots = "screenshots";

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a stranger is sent to login, a wrong password says so, the admin gets in", async ({ page }) => {
  const errors: string[] = [];
  // A refused login answers 401 on purpose; the browser logs that as a failed resource.
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login\?next=\/admin\/users/);
  await expect(page.getByRole("heading", { name: "Aftersale" })).toBeVisible();
  // Wait for the island to hydrate so the submit happens in place.
  await page.locator("#login-form[data-hydrated=true]").waitFor();
  await signIn(page, "admin@example.com", "not the password");
  await expect(page.getByRole("alert")).toHaveText("wrong email or password");
  await expect(page.getByLabel("Email")).toHaveValue("admin@example.com"); // kept on error
  await page.screenshot({ path: `${shots}/login-wrong-password.png`, fullPage: true });

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/127.0.0.1:\d+\/admin\/users$/);
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(page.locator("#users-table")).toContainText("admin@example.com");
  await page.screenshot({ path: `${shots}/admin-users.png`, fullPage: true });
  expect(errors, "no console errors").toEqual([]);
});

test("the sixth wrong attempt is throttled", async ({ page }) => {
  await page.goto("/login");
  await page.locator("#login-form[data-hydrated=true]").waitFor();
  for (let i = 1; i <= 5; i++) {
    await signIn(page, "tom@example.com", `wrong-${i}-password`);
    await expect(page.getByRole("alert")).toHaveText("wrong email or password");
  }
  await signIn(page, "tom@example.com");
  await expect(page.getByRole("alert")).toHaveText(/too many attempts, try again in 1[45] minutes/);
  await page.screenshot({ path: `${shots}/login-throttled.png`, fullPage: true });
});

test("an admin creates a user, who then sees the user's timeline", async ({ page }) => {
  await page.goto("/login?next=/admin/users");
  await page.locator("#login-form[data-hydrated=true]").waitFor();
  await signIn(page, "admin@example.com");
  await expect(page).toHaveURL(/127.0.0.1:\d+\/admin\/users$/);
  const form = page.locator("#new-user-form[data-hydrated=true]");
  await form.waitFor();
  await form.getByLabel("Name").fill("Zoë Łukasiewicz");
  await form.getByLabel("Email").fill("bad-email");
  await form.getByLabel("Role").selectOption("finance");
  await form.getByLabel("Initial password").fill("short");
  // Bypass the browser's own checks to see the server's messages beside the fields.
  await form.evaluate((f: HTMLFormElement) => (f.noValidate = true));
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.locator("#new-user-form #email-error")).toContainText("must be an email address");
  await expect(page.locator("#new-user-form #password-error")).toContainText("at least 10 characters");
  await expect(form.getByLabel("Name")).toHaveValue("Zoë Łukasiewicz");
  await page.screenshot({ path: `${shots}/create-user-errors.png`, fullPage: true });

  await form.getByLabel("Email").fill("zoe@example.com");
  await form.getByLabel("Initial password").fill("a long enough password");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+$/);
  await expect(page.getByRole("status")).toContainText("Created Zoë Łukasiewicz (Finance)");
  await page.locator("#role-form[data-hydrated=true]").waitFor();
  await page.locator("#role-form").getByLabel("Role").selectOption("manager");
  await page.locator("#role-form").getByRole("button", { name: "Change role" }).click();
  await expect(page.locator(".timeline")).toContainText("Role changed: finance → manager");
  await page.screenshot({ path: `${shots}/user-detail.png`, fullPage: true });
});

test("a sales user gets a 403 page on Admin and no admin links", async ({ page }) => {
  await page.goto("/login");
  await page.locator("#login-form[data-hydrated=true]").waitFor();
  await signIn(page, "sales@example.com");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: /Welcome, Sam Sales/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  const res = await page.goto("/admin/users");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await page.screenshot({ path: `${shots}/forbidden.png`, fullPage: true });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("login and its error work as plain forms", async ({ page }) => {
    await page.goto("/login?next=/");
    await signIn(page, "finance@example.com", "definitely wrong");
    await expect(page.getByRole("alert")).toHaveText("wrong email or password");
    await signIn(page, "finance@example.com");
    await expect(page.getByRole("heading", { name: /Welcome, Fiona Finance/ })).toBeVisible();
  });
});
