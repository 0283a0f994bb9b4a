import { defineConfig } from "@playwright/test";

// Browser tests drive Debian's chromium (no browser download works on these machines)
// against the debug server (`E2E_SERVER` names another) and the release site, started
// fresh on its own port with a freshly seeded SQLite database, or PostgreSQL when
// E2E_DATABASE_URL names one.
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = "../target/e2e-data";
const server = process.env.E2E_SERVER ?? "../target/debug/server";
// Card payments go to localstripe (make tools-test installs it), a fake Stripe on its own port.
const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 3190);
const stripe = `http://127.0.0.1:${stripePort}`;
const serverEnv = {
  TOUCHSTONE_ADDRESS: `127.0.0.1:${port}`,
  TOUCHSTONE_DATA_DIR: dataDir,
  LEPTOS_SITE_ROOT: "../target/site",
  RUST_LOG: "warn",
  // The account tests read their emailed links there.
  TOUCHSTONE_DEV_MAILBOX: "true",
  // The browsers reach the server from this machine: it stands for the reverse proxy,
  // and each test's own client address comes in x-forwarded-for (see fixtures.ts).
  TOUCHSTONE_TRUSTED_PROXIES: "127.0.0.1",
  TOUCHSTONE_STRIPE_SECRET_KEY: "sk_test_touchstone",
  TOUCHSTONE_STRIPE_PUBLISHABLE_KEY: "pk_test_touchstone",
  TOUCHSTONE_STRIPE_WEBHOOK_SECRET: "whsec_touchstone_test",
  TOUCHSTONE_STRIPE_API_BASE: stripe,
  TOUCHSTONE_STRIPE_JS_URL: `${stripe}/js.stripe.com/v3/`,
  ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: `../tools/localstripe/bin/localstripe --port ${stripePort} --from-scratch`,
      url: `${stripe}/js.stripe.com/v3/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "ignore",
    },
    {
      command: `sh -c 'rm -rf ${dataDir} && ${server} seed-demo && exec ${server} serve'`,
      url: `http://127.0.0.1:${port}/healthz`,
      env: serverEnv,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
