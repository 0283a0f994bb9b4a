// Fails when the JS + wasm a public page loads grows past its budget (brotli bytes).
// The sizes are those the server sends: it serves /pkg compressed with brotli q11.
import { readdirSync, readFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { join } from "node:path";

const pkg = process.argv[2] ?? "target/site/pkg";
const budget = JSON.parse(readFileSync(new URL("./asset-budget.json", import.meta.url)));
const totals = { raw: 0, gzip: 0, brotli: 0 };
for (const name of readdirSync(pkg).filter((n) => /\.(js|wasm)$/.test(n))) {
  const raw = readFileSync(join(pkg, name));
  const brotli = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 22 },
  }).length;
  const gzip = gzipSync(raw, { level: 9 }).length;
  console.log(`${name}: ${raw.length} B raw, ${gzip} B gzip, ${brotli} B brotli`);
  totals.raw += raw.length;
  totals.gzip += gzip;
  totals.brotli += brotli;
}
console.log(`JS + wasm: ${totals.raw} B raw, ${totals.gzip} B gzip, ${totals.brotli} B brotli (budget ${budget.js_wasm_brotli_bytes} B)`);
if (totals.raw === 0) {
  console.error(`no JS or wasm found in ${pkg}: build the site first`);
  process.exit(1);
}
if (totals.brotli > budget.js_wasm_brotli_bytes) {
  console.error("over budget: shrink the islands or their dependencies before raising it");
  process.exit(1);
}
