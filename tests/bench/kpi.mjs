// The browser half of `cargo xtask bench-kpi-browser`: imports a generated team (the files
// `kefu demo --out DIR` writes: the top-level exports plus 聊天记录/聊天记录.csv) into the app in
// headless Chromium, then measures on the KPI page
//   - time to the KPI table: from clicking 绩效 until the agent table is on screen (the worker
//     builds the KPI index and runs QA for the QA columns on the data the import left in its
//     memory); and the same after a page reload, when the worker first reads the stored
//     datasets back from IndexedDB;
//   - range changes: 全部 / 最近 7 天 / 最后一天, each from the click until the new period is
//     on screen (measured in the page), and the page's own figure (#kpi-last-ms: request to
//     table on screen, by the next animation frame);
//   - the weekly report and the monthly appraisal, click to content.
// Prints a table on stdout. Usage: node tests/bench/kpi.mjs DIR [RUNS]. No assertions on time.
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, ready, nav } from '../e2e/harness.mjs';

const log = (...a) => console.error(...a);
const dir = process.argv[2];
const RUNS = Number(process.argv[3] || process.env.BENCH_RUNS || 5);
if (!dir) {
  log('usage: node tests/bench/kpi.mjs DIR [RUNS]');
  process.exit(2);
}
const files = fs.readdirSync(dir)
  .filter((f) => /\.(csv|xlsx|txt)$/i.test(f))
  .map((f) => path.join(dir, f));
const chats = path.join(dir, '聊天记录', '聊天记录.csv');
if (fs.existsSync(chats)) files.push(chats);
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

/** Runs `action` (a click) and returns the ms, measured in the page, from the click event to
 * the first DOM change after which `done()` holds — so the driver's own overhead is left out. */
async function timed(page, action, done, arg) {
  await page.evaluate(([src, a]) => {
    const done = new Function('return (' + src + ')')();
    window.__t0 = 0;
    window.__t1 = 0;
    document.addEventListener('click', () => { window.__t0 = performance.now(); }, { capture: true, once: true });
    const mo = new MutationObserver(() => {
      if (window.__t0 && !window.__t1 && done(a)) {
        window.__t1 = performance.now();
        mo.disconnect();
      }
    });
    mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  }, [done.toString(), arg]);
  await action();
  await page.waitForFunction(() => window.__t1 > 0, null, { timeout: 900_000, polling: 100 });
  return page.evaluate(() => window.__t1 - window.__t0);
}

/** The job bar's stage labels while `action` runs, with ms since the click. */
async function stages(page) {
  await page.evaluate(() => {
    window.__stages = [];
    let last = '';
    new MutationObserver(() => {
      const t = document.querySelector('.job-label')?.textContent?.replace(/\s+/g, ' ').trim() || '';
      const name = t.replace(/[\d.,%/ ]+$/, '');
      if (name && name !== last) {
        last = name;
        window.__stages.push([performance.now() - (window.__t0 || performance.now()), name]);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

const site = await serve();
const b = await launch();
const rows = [];
try {
  const { page } = b;
  await page.goto(site.origin + '/#/import');
  await ready(page);
  log(`importing ${files.length} files (${(bytes / 1e6).toFixed(1)} MB)…`);
  let t = Date.now();
  await page.setInputFiles('#pick-files', files);
  await page.locator('#import-commit:not([disabled])').waitFor({ timeout: 1_800_000 });
  await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 1_800_000 });
  const analysed = (Date.now() - t) / 1000;
  t = Date.now();
  await page.click('#import-commit');
  await page.locator('#datasets tbody tr').first().waitFor({ timeout: 1_800_000 });
  await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 1_800_000 });
  const committed = (Date.now() - t) / 1000;
  const datasets = await page.$$eval('#datasets tbody tr', (trs) => trs.map((r) => ({
    kind: r.dataset.kind, rows: Number(r.querySelector('[data-rows]')?.dataset.rows || 0),
  })));
  log(`  analysed in ${analysed.toFixed(1)} s, stored in ${committed.toFixed(1)} s`);
  log('  ' + datasets.map((d) => `${d.kind}: ${d.rows}`).join(', '));

  // Time to the KPI table (cold: nothing computed yet in the worker).
  await stages(page);
  const first = await timed(page, () => page.click('a.nav-link[data-page="kpi"]'),
    () => document.querySelectorAll('#kpi-table tbody tr').length > 0);
  const agents = await page.locator('#kpi-table tbody tr').count();
  const pageFirst = Number(await page.getAttribute('#kpi-last-ms', 'data-ms'));
  rows.push(['time to the KPI table after the import (index, QA)', first, pageFirst]);
  log(`  KPI table: ${first.toFixed(0)} ms, ${agents} rows`);
  const seen = await page.evaluate(() => window.__stages);
  log('  stages (ms after the click): ' + seen.map(([t, n]) => `${t.toFixed(0)} ${n}`).join(' → '));

  // Range changes: 最近 7 天 → 最后一天 → 全部, RUNS times round; consecutive ranges differ, so
  // every click changes the table.
  const period = () => page.textContent('#kpi-period');
  const ranges = [['kpi-last-7', 'range change → last 7 days'], ['kpi-last-1', 'range change → last day'], ['kpi-all', 'range change → all']];
  const click = Object.fromEntries(ranges.map(([id]) => [id, []]));
  const own = Object.fromEntries(ranges.map(([id]) => [id, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [id] of ranges) {
      await page.locator('#job-bar').waitFor({ state: 'detached' });
      const before = await period();
      click[id].push(await timed(page, () => page.click('#' + id),
        (w) => document.querySelector('#kpi-period')?.textContent !== w, before));
      await page.waitForTimeout(100);
      own[id].push(Number(await page.getAttribute('#kpi-last-ms', 'data-ms')));
    }
  }
  for (const [id, label] of ranges) {
    rows.push([`${label} (median of ${RUNS})`, median(click[id]), median(own[id])]);
    log(`  ${label}: ${click[id].map((x) => x.toFixed(0)).join(', ')} ms (page: ${own[id].join(', ')})`);
  }

  // Weekly report and monthly appraisal.
  const report = await timed(page, () => page.click('#kpi-tab-report'),
    () => document.querySelectorAll('#kpi-charts svg').length > 0);
  rows.push(['weekly report with charts (first)', report, NaN]);
  const monthly = await timed(page, () => page.click('#kpi-report-monthly'),
    () => /月报|Monthly/.test(document.querySelector('#kpi-report-title')?.textContent || ''));
  rows.push(['monthly report with charts', monthly, NaN]);
  const appraisal = await timed(page, () => page.click('#kpi-tab-appraisal'),
    () => document.querySelectorAll('#kpi-ranking tbody tr').length > 0);
  rows.push(['monthly appraisal and ranking', appraisal, NaN]);

  // After a reload: the worker starts empty and reads the stored datasets back from IndexedDB.
  await page.click('a.nav-link[data-page="import"]');
  await page.reload();
  await ready(page);
  await page.locator('#datasets tbody tr').first().waitFor({ timeout: 1_800_000 });
  await stages(page);
  const reloaded = await timed(page, () => page.click('a.nav-link[data-page="kpi"]'),
    () => document.querySelectorAll('#kpi-table tbody tr').length > 0);
  rows.push(['time to the KPI table after a reload (read back, index, QA)', reloaded,
    Number(await page.getAttribute('#kpi-last-ms', 'data-ms'))]);
  const seenAfterReload = await page.evaluate(() => window.__stages);
  log('  after the reload, stages (ms after the click): ' + seenAfterReload.map(([t, n]) => `${t.toFixed(0)} ${n}`).join(' → '));

  const msgs = datasets.find((d) => d.kind === 'Chats')?.rows ?? 0;
  const orders = datasets.find((d) => d.kind === 'Orders')?.rows ?? 0;
  console.log(`\nKPI in the browser (headless Chromium): ${agents} agent rows, ${msgs} chat rows, ${orders} orders, ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB`);
  console.log(`import: analysed ${analysed.toFixed(1)} s, stored ${committed.toFixed(1)} s\n`);
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`  ${'step'.padEnd(w)}  ${'click → screen'.padStart(15)}  ${'page (#kpi-last-ms)'.padStart(20)}`);
  for (const [name, ms, own] of rows) {
    const o = Number.isFinite(own) ? `${own.toFixed(0)} ms` : '';
    console.log(`  ${name.padEnd(w)}  ${(ms.toFixed(0) + ' ms').padStart(15)}  ${o.padStart(20)}`);
  }
  if (b.problems.length) log(`page problems: ${b.problems.join('; ')}`);
} finally {
  await b.close();
  await site.close();
}
