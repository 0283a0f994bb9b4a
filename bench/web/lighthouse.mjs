// Lighthouse's mobile preset (its default: a mid-range phone on a throttled
// connection, simulated) on each page, in Debian's chromium, `RUNS` times each;
// prints the median of each score and metric as JSON.
//
//   node bench/web/lighthouse.mjs http://127.0.0.1:3000 / /makers/x /pieces/y
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error("usage: lighthouse.mjs BASE PATH...");
  process.exit(2);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
const pages = [];
try {
  for (const path of paths) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(base + path, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
      });
      const { categories, audits } = result.lhr;
      const failing = Object.values(audits)
        .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === "binary")
        .map((audit) => audit.id);
      runs.push({
        performance: Math.round(categories.performance.score * 100),
        accessibility: Math.round(categories.accessibility.score * 100),
        best_practices: Math.round(categories["best-practices"].score * 100),
        seo: Math.round(categories.seo.score * 100),
        lcp_ms: audits["largest-contentful-paint"].numericValue,
        cls: audits["cumulative-layout-shift"].numericValue,
        tbt_ms: audits["total-blocking-time"].numericValue,
        failing,
      });
    }
    const pick = (field) => median(runs.map((run) => run[field]));
    pages.push({
      path,
      runs: RUNS,
      performance: pick("performance"),
      accessibility: pick("accessibility"),
      best_practices: pick("best_practices"),
      seo: pick("seo"),
      lcp_ms: pick("lcp_ms"),
      cls: pick("cls"),
      tbt_ms: pick("tbt_ms"),
      failing_audits: [...new Set(runs.flatMap((run) => run.failing))].sort(),
    });
  }
} finally {
  await chrome.kill();
}
console.log(JSON.stringify({ preset: "mobile (Lighthouse default)", pages }, null, 2));
