import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { deflateSync } from "node:zlib";

/**
 * Every test fails if the page logs a console error or throws: hydration problems,
 * CSP refusals and missing assets all show up there first.
 */
/** A client address of the test's own, from its id: `10.x.y.z`. */
function clientAddressOf(testId: string): string {
  let hash = 0;
  for (const char of testId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `10.${(hash >>> 16) & 255}.${(hash >>> 8) & 255}.${(hash & 255) || 1}`;
}

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use, testInfo) => {
      // Each test is another person: it arrives through the proxy the server trusts
      // (TOUCHSTONE_TRUSTED_PROXIES in playwright.config.ts) from an address of its
      // own, so the per-client limits on mails and sign-ins count each person once,
      // as they would in production, not the whole suite as one client.
      await page.context().setExtraHTTPHeaders({ "x-forwarded-for": clientAddressOf(testInfo.testId) });
      const errors: string[] = [];
      // A page that is meant to be missing answers 404; the browser logs that as an
      // error against the document itself, which is the point, not a fault.
      const failedDocuments = new Set<string>();
      page.on("response", (response) => {
        if (response.request().isNavigationRequest() && response.status() >= 400) {
          failedDocuments.add(response.url());
        }
      });
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        if (failedDocuments.has(message.location().url)) return;
        errors.push(`${message.text()} (${message.location().url})`);
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * What axe-core (WCAG 2.2 AA and best practice) finds wrong with the page, a line each;
 * `thirdParty` names a part someone else renders (the card processor's own form).
 */
export async function axeViolations(page: Page, thirdParty?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags([
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
  ]);
  if (thirdParty) builder = builder.exclude(thirdParty);
  const results = await builder.analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

/** Runs axe-core and expects no violations (outside `thirdParty`). */
export async function expectAccessible(page: Page, thirdParty?: string) {
  expect(await axeViolations(page, thirdParty), "axe violations").toEqual([]);
}

/** A fresh suffix per run: tests run in parallel against one server. */
/**
 * Describes `subject`'s journeys twice, with JavaScript on and off: the pages
 * must work for a person whose browser runs no scripts.
 */
export function withAndWithoutJavaScript(
  subject: string,
  journeys: (javaScriptEnabled: boolean) => void,
  options: { timezoneId?: string } = {},
) {
  for (const javaScriptEnabled of [true, false]) {
    test.describe(`${subject}, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
      test.use({ javaScriptEnabled, ...options });
      journeys(javaScriptEnabled);
    });
  }
}

export const fresh = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Signs up and confirms through the development mailbox; the confirmation signs in. */
export async function signUp(page: Page, name: string, email: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("velvet orbit lantern");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText(`sent an email to ${email}`);
  const letter = await mail(page, email, "Confirm your email address");
  await letter.getByRole("link").first().click();
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
}

/** From the signed-in account page: opens a studio at `/makers/{address}` (private until published). */
export async function openStudio(page: Page, address: string, country: string, tagline: string) {
  await page.getByRole("link", { name: "Your studio" }).click();
  await page.getByLabel("Web address").fill(address);
  await page.getByLabel("Country").selectOption({ label: country });
  await page.getByLabel("Tagline").fill(tagline);
  await page.getByRole("button", { name: "Open my studio" }).click();
  await expect(page.getByRole("status")).toContainText("Your studio is open");
}

/**
 * Signs up as `name`, opens a London studio at `/makers/{slug}` selling in pounds
 * (taking commissions when `commissions`), and publishes it.
 */
export async function openPublishedStudio(page: Page, name: string, email: string, slug: string, commissions: boolean) {
  await signUp(page, name, email);
  await openStudio(page, slug, "United Kingdom", "Engagement rings to order");
  await page.getByRole("link", { name: "Edit profile" }).click();
  await page.getByLabel("Your story").fill("I design every ring with the person who will wear it.");
  if (commissions) await page.getByRole("checkbox", { name: "I take commissions" }).check();
  await page.getByLabel("Currency").selectOption("GBP");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toContainText("Your profile is saved.");
  if (commissions) await expect(page.getByRole("checkbox", { name: "I take commissions" })).toBeChecked();
  await page.getByRole("link", { name: "← Your studio" }).click();
  await page.getByRole("button", { name: "Publish my profile" }).click();
  await expect(page.getByRole("status")).toContainText("Your profile is public");
}

/** The listing island marks itself once its wasm is running. */
export async function waitForIslands(page: Page) {
  await expect(page.locator(".live-listing[data-live=on]")).toHaveCount(1);
}

/**
 * axe needs scripts to run, so a page seen without JavaScript is checked by loading
 * the same URL with the site's own scripts blocked: the islands stay asleep, exactly
 * as a visitor without JavaScript sees them.
 */
export async function expectAccessibleWithoutScripts(browser: Browser, url: string) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  await page.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  await page.goto(url);
  await expectAccessible(page);
  await context.close();
}

/** Checks the page as its visitor sees it: hydrated, or with the site's scripts blocked. */
export async function checkAccessible(page: Page, browser: Browser, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) await expectAccessible(page);
  else await expectAccessibleWithoutScripts(browser, page.url());
}

/**
 * The buyer: another person in a browser of their own, arriving from an address of
 * their own, whose console errors fail the test as the maker's do.
 */
export async function buyerBrowser(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  const octet = () => 1 + Math.floor(Math.random() * 250);
  await context.setExtraHTTPHeaders({ "x-forwarded-for": `10.${octet()}.${octet()}.${octet()}` });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

/**
 * axe on the page as its signed-in visitor sees it: hydrated, or (without JavaScript)
 * loaded again with the same session and the site's scripts blocked, so the private
 * page itself is checked rather than the sign-in page a stranger would get.
 */
export async function checkSignedIn(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) {
    await expectAccessible(page);
    return;
  }
  const browser = page.context().browser()!;
  const context: BrowserContext = await browser.newContext({
    javaScriptEnabled: true,
    storageState: await page.context().storageState(),
  });
  const seen = await context.newPage();
  await seen.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  const response = await seen.goto(page.url());
  expect(response?.status(), `${page.url()} seen again with the same session`).toBe(200);
  await expect(seen.getByRole("heading", { level: 1 })).toHaveText(
    (await page.getByRole("heading", { level: 1 }).textContent()) ?? "",
  );
  await expectAccessible(seen);
  await context.close();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A photo as a phone would not take it, but as the pipeline reads it: an RGB PNG. */
export function photo(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows.set([180 + (x % 60), 150 + (y % 80), 90], at);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Makes the account an operator, as a person running Touchstone does: by the server's command. */
export function grantOperator(email: string) {
  execFileSync(process.env.E2E_SERVER ?? "../target/debug/server", ["grant-operator", email], {
    env: {
      ...process.env,
      TOUCHSTONE_DATA_DIR: "../target/e2e-data",
      RUST_LOG: "warn",
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
    },
  });
}

/**
 * The `nth` demo piece whose page offers Buy (counting from the end of the sitemap when
 * `fromTheEnd`): each test buys a piece of its own, as they run side by side.
 */
/** The newest mail to `to` whose subject starts with `subject`, on the development mail page. */
export async function mail(page: Page, to: string, subject: string) {
  await page.goto("/dev/mail");
  const article = page
    .getByRole("article")
    .filter({ hasText: to })
    .filter({ has: page.getByRole("heading", { name: new RegExp(`^${subject}`) }) })
    .first();
  await expect(article).toBeVisible();
  return article;
}

export async function buyablePiece(request: APIRequestContext, fromTheEnd: boolean, nth = 0): Promise<string> {
  const sitemap = await (await request.get("/sitemap.xml")).text();
  const pieces = [...sitemap.matchAll(/<loc>[^<]*?(\/pieces\/[a-z0-9-]+)<\/loc>/g)].map((match) => match[1]);
  if (fromTheEnd) pieces.reverse();
  let skipped = 0;
  for (const path of pieces) {
    const html = await (await request.get(path)).text();
    if (html.includes(`href="${path}/buy"`) && skipped++ === nth) return path;
  }
  throw new Error("no demo piece can be bought");
}
