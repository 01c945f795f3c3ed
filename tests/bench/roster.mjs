// The browser half of `cargo xtask bench-roster --browser`: drives the roster page's engine
// check (排班引擎自检) in headless Chromium, one thread (the app's Web Worker), on the Curtois &
// Qu instances 1–10 and on the practical case (150 agents, 4 weeks, 30-minute intervals, 2
// skills), and prints the tables of issue 6:
//   - per instance: objective, best known, CP-SAT 60 s, gap, hard violations, iterations; the
//     mean gap (the budget includes reading the file and building, as natively);
//   - practical case: time to the first roster with no hard violation, the coverage deficit
//     after the budget, and (unless --quick) after a long run to compare with.
// Every figure is read from the result's data-* attributes: the worker measures them with the
// platform clock. Usage:
//   node tests/bench/roster.mjs [--dir DIR] [--seconds S] [--case-seconds S] [--long S] [--quick]
// DIR defaults to ../shared/benchmarks/curtois beside the repository. No assertions on time.
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, open, ROOT } from '../e2e/harness.mjs';

const log = (...a) => console.error(...a);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
};
const dir = path.resolve(arg('--dir', path.join(ROOT, '../shared/benchmarks/curtois')));
const seconds = Number(arg('--seconds', 10));
const caseSeconds = Number(arg('--case-seconds', 10));
const long = process.argv.includes('--quick') ? 0 : Number(arg('--long', 300));
if (!(seconds > 0) || !(caseSeconds > 0)) {
  log('usage: node tests/bench/roster.mjs [--dir DIR] [--seconds S] [--case-seconds S] [--long S] [--quick]');
  process.exit(2);
}

/** Runs one check (`start` begins it) and returns the result's data-* as numbers or ''. */
async function check(page, secs, start) {
  await page.fill('#engine-seconds', String(secs));
  await page.press('#engine-seconds', 'Tab');
  await page.evaluate(() => document.querySelector('#engine-result')?.setAttribute('data-old', '1'));
  await start();
  await page.locator('#engine-result:not([data-old]), #engine-error').first()
    .waitFor({ timeout: (secs + 120) * 1000 });
  if (await page.locator('#engine-error').count()) throw new Error(await page.textContent('#engine-error'));
  const data = await page.$eval('#engine-result', (el) => ({ ...el.dataset }));
  const num = (v) => (v === '' || v === undefined ? null : Number(v));
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, k === 'stopped' ? v : num(v)]));
}

const site = await serve();
const b = await launch();
const { page } = b;
try {
  await open(page, site.origin + '/#/roster');
  await page.click('#engine-check summary');
  const ua = await page.evaluate(() => navigator.userAgent.match(/Chrom\S+/)?.[0] || navigator.userAgent);

  console.log(`\n==> Curtois & Qu instances 1–10 in the browser (${ua}, headless, Web Worker), ${seconds} s each, seed 1`);
  const cols = ['instance', 'objective', 'best', 'CP-SAT 60s', 'gap', 'hard', 'iterations', 'first legal'];
  const widths = [8, 10, 8, 11, 8, 6, 12, 12];
  const row = (cells) => console.log(cells.map((c, i) => String(c).padStart(widths[i])).join(' '));
  row(cols);
  const gaps = [];
  let beaten = 0;
  for (let n = 1; n <= 10; n++) {
    const file = path.join(dir, `Instance${n}.txt`);
    if (!fs.existsSync(file)) {
      row([n, 'missing', '', '', '', '', '', '']);
      continue;
    }
    const r = await check(page, seconds, () => page.setInputFiles('#engine-file-input', file));
    if (r.instance !== n) log(`note: Instance${n}.txt was recognised as ${r.instance}`);
    gaps.push(r.hard === 0 && r.gap !== null ? r.gap : NaN);
    if (r.hard === 0 && r.cpsat !== null && r.objective < r.cpsat) beaten++;
    row([n, r.objective, r.best ?? '—', r.cpsat ?? '—', r.gap === null ? '—' : `${r.gap.toFixed(1)}%`, r.hard,
      r.iterations, r.firstLegal === null ? '—' : `${r.firstLegal.toFixed(3)} s`]);
  }
  const mean = gaps.reduce((a, g) => a + g, 0) / gaps.length;
  console.log(`mean gap to best known: ${mean.toFixed(1)}% (goal ≤ 5%); better than CP-SAT 60 s on ${beaten}/${gaps.length}`);

  console.log('\n==> practical case in the browser: 150 agents, 28 days, 30-minute intervals, 2 skills');
  const short = await check(page, caseSeconds, () => page.click('#engine-case'));
  const first = short.firstLegal === null ? 'none' : `${short.firstLegal.toFixed(3)} s`;
  console.log(`  first legal roster: ${first} (deficit ${short.underFirst} agent-intervals); goal < 2 s`);
  console.log(`  after ${caseSeconds} s: deficit ${short.under} agent-intervals, hard ${short.hard}, ${short.iterations} iterations`);
  if (long > 0) {
    const l = await check(page, long, () => page.click('#engine-case'));
    const rel = ((short.under - l.under) / Math.max(l.under, 1)) * 100;
    console.log(`  after ${long} s: deficit ${l.under} agent-intervals; ${caseSeconds} s is ${rel >= 0 ? '+' : ''}${rel.toFixed(1)}% from it`);
  }
  if (b.problems.length) log(`page problems: ${b.problems.join('; ')}`);
} finally {
  await b.close();
  await site.close();
}
