// Page weight as a browser meets it: each page is loaded in Debian's chromium and
// the scripts, wasm and stylesheets it fetched are taken from the network log;
// each is then fetched again as identity, gzip and brotli from the same server,
// byte for byte as sent (not decompressed). Prints JSON.
//
//   node bench/web/page-weight.mjs http://127.0.0.1:3000 / /makers/x /pieces/y
import { chromium } from "playwright-core";
import http from "node:http";

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error("usage: page-weight.mjs BASE PATH...");
  process.exit(2);
}

/** The bytes the server sends for `url` with this Accept-Encoding, as sent. */
function sentBytes(url, encoding) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "accept-encoding": encoding } }, (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`${url} answered ${response.statusCode}`));
          response.resume();
          return;
        }
        let bytes = 0;
        response.on("data", (chunk) => (bytes += chunk.length));
        response.on("end", () => resolve({ bytes, encoding: response.headers["content-encoding"] ?? "identity" }));
      })
      .on("error", reject);
  });
}

const kindOf = (url) => {
  const path = new URL(url).pathname;
  if (path.endsWith(".wasm")) return "wasm";
  if (path.endsWith(".js")) return "js";
  if (path.endsWith(".css")) return "css";
  return null;
};

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" });
const pages = [];
try {
  for (const path of paths) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const assets = new Set();
    page.on("response", (response) => {
      if (response.status() === 200 && kindOf(response.url())) assets.add(response.url());
    });
    await page.goto(base + path, { waitUntil: "networkidle" });
    await context.close();
    const files = [];
    for (const url of [...assets].sort()) {
      const raw = await sentBytes(url, "identity");
      const gzip = await sentBytes(url, "gzip");
      const brotli = await sentBytes(url, "br");
      files.push({ url: new URL(url).pathname, kind: kindOf(url), raw: raw.bytes, gzip: gzip.bytes, brotli: brotli.bytes });
    }
    const sum = (kinds, field) => files.filter((f) => kinds.includes(f.kind)).reduce((total, f) => total + f[field], 0);
    pages.push({
      path,
      files,
      js_wasm: { raw: sum(["js", "wasm"], "raw"), gzip: sum(["js", "wasm"], "gzip"), brotli: sum(["js", "wasm"], "brotli") },
      css: { raw: sum(["css"], "raw"), gzip: sum(["css"], "gzip"), brotli: sum(["css"], "brotli") },
    });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ pages }, null, 2));
