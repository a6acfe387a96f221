import { expect, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// What every browser test shares: the demo password, where screenshots go, signing in, and
// reading a PDF the app serves.
export const PASSWORD = "aftersale-demo";
export const shots = "screenshots";

/** Signs in through the login form (once it is live) and waits to leave the login page. */
export async function signIn(page: Page, email: string, next = "/") {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.locator("#login-form[data-hydrated=true]").waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** The text of the PDF behind `href`, fetched with the page's session and read by pdftotext. */
export async function pdfText(page: Page, href: string): Promise<string> {
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  const file = join(mkdtempSync(join(tmpdir(), "pdf-")), "doc.pdf");
  writeFileSync(file, await res.body());
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
}
