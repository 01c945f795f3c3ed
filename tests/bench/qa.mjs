// The browser half of `cargo xtask bench-qa-browser`: serves dist/ (tests/e2e/harness.mjs) and,
// for the chat CSV given on the command line, measures in headless Chromium, each run in a
// fresh profile: the file picked into #pick-files (the same code path as a dropped file) →
// the import item shown (read and analysed in the Web Worker) → 导入 (#import-commit) pressed
// as soon as it can be → the import done → the QA page opened → the QA overview table shown.
// Meanwhile two probes on the page's main thread record the longest gap between animation
// frames and the longest lateness of a 16 ms timer: the page must stay responsive throughout.
// Prints `RESULT <json>` per run on stdout; details go to stderr. No timed assertions.
import path from 'node:path';
import { serve, launch, ready } from '../e2e/harness.mjs';

const log = (...a) => console.error(...a);
const RUNS = Number(process.env.BENCH_RUNS || 2);
const file = process.argv[2] && path.resolve(process.argv[2]);
if (!file) {
  log('usage: node tests/bench/qa.mjs CHATS.csv');
  process.exit(2);
}

async function run(origin) {
  const b = await launch();
  try {
    const { page } = b;
    await page.goto(`${origin}/#/import`);
    await ready(page);
    await page.evaluate(() => {
      const m = { t0: 0, item: 0, commit: 0, imported: 0, qa: 0, table: 0, rafGap: 0, timerLate: 0, longGaps: 0 };
      window.__m = m;
      const running = () => m.t0 > 0 && m.table === 0;
      let lastFrame = 0;
      const frame = (t) => {
        if (running() && lastFrame) {
          const gap = t - lastFrame;
          m.rafGap = Math.max(m.rafGap, gap);
          if (gap > 100) m.longGaps += 1;
        }
        lastFrame = t;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      let expected = performance.now() + 16;
      setInterval(() => {
        const now = performance.now();
        if (running()) m.timerLate = Math.max(m.timerLate, now - expected);
        expected = now + 16;
      }, 16);
      window.addEventListener('change', (e) => {
        if (e.target && e.target.id === 'pick-files') m.t0 = performance.now();
      }, true);
      new MutationObserver(() => {
        const now = performance.now();
        if (!m.item && document.querySelector('.import-item')) m.item = now;
        if (!m.table && m.qa && document.querySelector('#qa-agents tbody tr')) m.table = now;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.setInputFiles('#pick-files', file);
    const commit = page.locator('#import-commit:not([disabled])');
    await commit.waitFor({ timeout: 900_000 });
    await page.evaluate(() => { window.__m.commit = performance.now(); });
    await commit.click();
    await page.waitForFunction(() => !document.querySelector('.import-item'), null, { timeout: 900_000, polling: 50 });
    await page.evaluate(() => {
      window.__m.imported = performance.now();
      window.__m.qa = performance.now();
      location.hash = '#/qa';
    });
    await page.waitForFunction(() => window.__m.table > 0, null, { timeout: 900_000, polling: 50 });
    const r = await page.evaluate(() => ({ ...window.__m, summary: document.querySelector('#qa-summary')?.textContent || '' }));
    const s = (a, z) => (z - a) / 1000;
    const out = {
      total: s(r.t0, r.table),
      analyse: s(r.t0, r.item),
      ready: s(r.t0, r.commit),
      commit: s(r.commit, r.imported),
      qa: s(r.qa, r.table),
      rafGap: r.rafGap / 1000,
      timerLate: r.timerLate / 1000,
      longGaps: r.longGaps,
      summary: r.summary,
    };
    log(`  run: ${out.total.toFixed(2)} s to the QA table (analyse ${out.analyse.toFixed(2)}, commit ${out.commit.toFixed(2)}, QA ${out.qa.toFixed(2)}); `
      + `longest frame gap ${(out.rafGap * 1000).toFixed(0)} ms, timer ${(out.timerLate * 1000).toFixed(0)} ms late; ${out.summary}`);
    if (b.problems.length) log(`  problems: ${b.problems.join('; ')}`);
    return out;
  } finally {
    await b.close();
  }
}

const server = await serve();
try {
  for (let i = 0; i < RUNS; i++) {
    console.log(`RESULT ${JSON.stringify(await run(server.origin))}`);
  }
} finally {
  await server.close();
}
