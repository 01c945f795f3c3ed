// The browser half of `cargo xtask bench-import`: serves dist/ at / and this folder at /bench/
// (Papa Parse from node_modules), then for each input `ENCODING=PATH` given on the command line
// measures in headless Chromium (i) the app importing the file through #pick-files, from the
// input's change event until the first .import-item appears (the app reads the file in its Web
// Worker), and (ii) Papa Parse parsing the same file on the bench page; each the best of RUNS
// runs, every run in a fresh browser profile. Prints one line
// `RESULT <index> <app seconds> <papa seconds>` per input on stdout; details go to stderr.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, ready, DIST, ROOT } from '../e2e/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PAPA = path.join(ROOT, 'node_modules/papaparse/papaparse.min.js');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};
const log = (...a) => console.error(...a);
const RUNS = Number(process.env.BENCH_RUNS || 3);

async function best(f) {
  let b = Infinity;
  for (let i = 0; i < RUNS; i++) b = Math.min(b, await f());
  return b;
}

function serve() {
  for (const need of [path.join(DIST, 'index.html'), PAPA]) {
    if (!fs.existsSync(need)) throw new Error(`${need} is missing: run \`cargo xtask dist\` and \`npm ci\` first`);
  }
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file;
    if (p === '/bench/papaparse.min.js') file = PAPA;
    else if (p.startsWith('/bench/')) file = path.join(HERE, path.normalize(p.slice('/bench/'.length)));
    else {
      if (p.endsWith('/')) p += 'index.html';
      file = path.join(DIST, path.normalize(p));
    }
    if (!(file === PAPA || file.startsWith(HERE) || file.startsWith(DIST))) { res.writeHead(403); res.end(); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)),
  })));
}

/** Seconds from picking `file` in the app until its import item is shown. */
async function appImport(origin, file) {
  const b = await launch();
  try {
    const { page } = b;
    await page.goto(`${origin}/`);
    await ready(page);
    await page.evaluate(() => {
      window.__t0 = 0;
      window.__t1 = 0;
      window.addEventListener('change', (e) => {
        if (e.target && e.target.id === 'pick-files') window.__t0 = performance.now();
      }, true);
      new MutationObserver(() => {
        if (!window.__t1 && document.querySelector('.import-item')) window.__t1 = performance.now();
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.setInputFiles('#pick-files', file);
    await page.waitForFunction(() => window.__t1 > 0, null, { timeout: 900_000, polling: 50 });
    const r = await page.evaluate(() => {
      const item = document.querySelector('.import-item');
      return {
        secs: (window.__t1 - window.__t0) / 1000,
        status: item.className,
        kind: item.querySelector('.import-kind')?.dataset.kind || '',
        text: item.innerText.slice(0, 120).replace(/\s+/g, ' '),
      };
    });
    log(`  app:  ${path.basename(file)}: ${r.secs.toFixed(2)} s (${r.status}, ${r.kind}) ${r.text}`);
    if (b.problems.length) log(`  app problems: ${b.problems.join('; ')}`);
    return r.secs;
  } finally {
    await b.close();
  }
}

/** Seconds Papa Parse takes over `file`. */
async function papaParse(origin, file, encoding) {
  const b = await launch();
  try {
    const { page } = b;
    await page.goto(`${origin}/bench/index.html`);
    await page.waitForFunction(() => typeof window.runPapa === 'function' && typeof window.Papa === 'object');
    await page.setInputFiles('#f', file);
    const r = await page.evaluate((enc) => window.runPapa(enc), encoding);
    log(`  papa: ${path.basename(file)}: ${r.secs.toFixed(2)} s, ${r.rows} rows, ${r.fields} fields, ${r.errors} errors`);
    return r.secs;
  } finally {
    await b.close();
  }
}

const inputs = process.argv.slice(2).map((a) => {
  const i = a.indexOf('=');
  return { encoding: a.slice(0, i), file: path.resolve(a.slice(i + 1)) };
});
if (!inputs.length) {
  log('usage: node tests/bench/bench.mjs ENCODING=FILE...');
  process.exit(2);
}
const server = await serve();
try {
  for (const [i, { encoding, file }] of inputs.entries()) {
    const app = await best(() => appImport(server.origin, file));
    const papa = await best(() => papaParse(server.origin, file, encoding));
    console.log(`RESULT ${i} ${app} ${papa}`);
  }
} finally {
  await server.close();
}
