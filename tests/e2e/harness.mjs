// Shared set-up for the end-to-end tests: serve the built site (dist/) on 127.0.0.1 — at the
// root and under the sub-path /kefu/ — and drive Debian's Chromium through playwright-core
// with a fresh profile per browser. Every request any page makes is recorded so tests can
// prove that nothing leaves the origin. Screenshots and downloads go to target/e2e/.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const OUT = path.join(ROOT, 'target/e2e');
fs.mkdirSync(OUT, { recursive: true });

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
};

/** Serves dist/ at / and at /kefu/. Resolves to { origin, close }. */
export function serve() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error('dist/ is missing: run `cargo xtask dist` (or the README test command) first');
  }
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p === '/kefu') { res.writeHead(301, { location: '/kefu/' }); res.end(); return; }
    if (p.startsWith('/kefu/')) p = p.slice('/kefu'.length);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(DIST, path.normalize(p));
    if (!file.startsWith(DIST)) { res.writeHead(403); res.end(); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--lang=zh-CN'];

/** A fresh browser profile. `requests` collects every URL requested by any page or worker. */
export async function launch(opts = {}) {
  const dir = opts.profile || fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
  });
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push(r.url()));
  const watch = (page) => {
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  };
  context.on('page', watch);
  context.pages().forEach(watch);
  const page = context.pages()[0] || await context.newPage();
  // A profile passed in belongs to the caller (tests reopen it to check persistence); one made
  // here is removed on close so that runs do not pile up profiles in the temp directory.
  const close = async () => {
    await context.close();
    if (!opts.profile && !opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  };
  return { context, page, requests, problems, dir, close };
}

/** Every recorded request stayed on `origin` (blob: and data: URLs are local by nature). */
export function foreignRequests(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));
}

/** Opens the app and waits until the workspace has been opened by the worker. */
export async function open(page, url) {
  await page.goto(url);
  await ready(page);
}

export async function ready(page) {
  await page.locator('.brand-name').waitFor({ timeout: 30_000 });
  // The dataset table, its empty marker, or the welcome card appears once the store is open.
  await page.locator('#datasets, #datasets-empty, #page-roster, #page-qa, #page-kpi, #page-training, #page-settings #dataset-count')
    .first().waitFor({ timeout: 30_000 });
  await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 120_000 });
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

/** Waits for a download started by `action` and saves it under target/e2e/. */
export async function download(page, action, saveAs) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), action()]);
  const file = path.join(OUT, saveAs || dl.suggestedFilename());
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename() };
}

/**
 * Every IndexedDB record of the workspace and every localStorage entry, as [store, key, text]
 * in a stable order (stores by name, then keys; localStorage last as the store
 * 'localStorage'). Records are bytes of UTF-8 text; anything else is shown as JSON.
 */
export async function storedRecords(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const local = () => {
      const ls = [];
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        ls.push(['localStorage', k, localStorage.getItem(k)]);
      }
      return ls.sort();
    };
    const req = indexedDB.open('kefu-workbench');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const names = [...db.objectStoreNames].sort();
      if (names.length === 0) { db.close(); resolve(local()); return; }
      const tx = db.transaction(names, 'readonly');
      const out = [];
      const dec = new TextDecoder();
      const text = (v) => (v instanceof Uint8Array || v instanceof ArrayBuffer) ? dec.decode(v)
        : (typeof v === 'string' ? v : JSON.stringify(v));
      for (const n of names) {
        const cur = tx.objectStore(n).openCursor();
        cur.onsuccess = () => {
          const c = cur.result;
          if (c) { out.push([n, String(c.key), text(c.value)]); c.continue(); }
        };
      }
      tx.oncomplete = () => { db.close(); resolve(out.concat(local())); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

/** All of [`storedRecords`] as one text (to search it, or to prove nothing changed). */
export async function storedText(page) {
  return (await storedRecords(page)).map((r) => r.join('\n')).join('\n');
}

/** The stored datasets, parsed (`{ meta, data: { Chats | Orders | … } }`). */
export async function storedDatasets(page) {
  return (await storedRecords(page)).filter(([s]) => s === 'datasets').map(([, , t]) => JSON.parse(t));
}

/** Row counts of the dataset table: { kind: rows }. */
export async function datasetRows(page) {
  return page.$$eval('#datasets tbody tr', (rows) => Object.fromEntries(
    rows.map((r) => [r.dataset.kind, Number(r.querySelector('[data-rows]').dataset.rows)])));
}

/** Goes to a page through the navigation bar. */
export async function nav(page, id) {
  await page.click(`a.nav-link[data-page="${id}"]`);
  await page.locator(`#page-${id}`).waitFor();
}
