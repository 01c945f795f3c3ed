// End-to-end test of the KPI page (issue 5, first part): with the demo workspace the KPI
// table lists every agent over the data's range; a shorter range changes it; a figure opens
// its explanation; the table exports as XLSX (read back here) and prints without the chrome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import path from 'node:path';
import { serve, launch, open, ready, shot, nav, download, foreignRequests, OUT } from './harness.mjs';

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

test('KPI table, range change, explanation, XLSX export and print view', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/#/kpi');
    await page.locator('#kpi-empty').waitFor();
    await nav(page, 'import');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);

    await nav(page, 'kpi');
    await page.locator('#kpi-table tbody tr').first().waitFor({ timeout: 120_000 });
    const whole = await page.textContent('#kpi-period');
    assert.match(whole, /^\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}$/);
    const rows = await page.$$eval('#kpi-table tbody tr', (trs) => trs.map((r) => r.dataset.row));
    assert.ok(rows.length >= 12, `agent rows: ${rows.length}`);
    const conv = async (row) => page.textContent(`#kpi-table tr[data-row="${row}"] button[data-kpi="conversion"]`);
    const convWhole = await conv(rows[0]);
    assert.match(convWhole, /^\d+\.\d%\*?$/);
    const consultedTotal = Number(await page.textContent('#kpi-table tr[data-row="total"] button[data-kpi="consulted"]'));
    assert.ok(consultedTotal > 1000, `consulted: ${consultedTotal}`);
    await shot(page, 'kpi-table');

    // The last 7 days: a shorter range, smaller counts.
    await page.click('#kpi-last-7');
    await page.waitForFunction((w) => document.querySelector('#kpi-period')?.textContent !== w, whole);
    const week = await page.textContent('#kpi-period');
    const [from, to] = week.split(' – ').map((d) => new Date(d));
    assert.equal((to - from) / 86_400_000, 6);
    const consultedWeek = Number(await page.textContent('#kpi-table tr[data-row="total"] button[data-kpi="consulted"]'));
    assert.ok(consultedWeek > 0 && consultedWeek < consultedTotal, `${consultedWeek} < ${consultedTotal}`);
    assert.equal(await page.inputValue('#kpi-from'), week.split(' – ')[0]);

    // A figure explains itself.
    await page.click(`#kpi-table tr[data-row="${rows[0]}"] button[data-kpi="conversion"]`);
    await page.locator('#kpi-explain').waitFor({ timeout: 60_000 });
    assert.match(await page.textContent('#kpi-explain h2'), new RegExp(rows[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(await page.textContent('#kpi-explain-formula'), /询单/);
    assert.notEqual(await page.textContent('#kpi-explain-num'), '—');
    assert.notEqual(await page.textContent('#kpi-explain-den'), '—');
    assert.ok(await page.locator('#kpi-explain ol.explain-rows li').count() > 0);
    // Buyers are masked in the rows.
    assert.match(await page.textContent('#kpi-explain ol.explain-rows li'), /\*/);
    await shot(page, 'kpi-explain');

    // Export XLSX and read it back.
    const { file } = await download(page, () => page.click('#kpi-export-xlsx'), 'kpi-export.xlsx');
    const zip = unzipSync(new Uint8Array(fs.readFileSync(file)));
    const strings = strFromU8(zip['xl/sharedStrings.xml']);
    assert.match(strings, /询单转化率|询单→最终付款/);
    assert.ok(strings.includes(rows[0]), 'the first agent is in the file');
    const sheet = strFromU8(zip['xl/worksheets/sheet1.xml']);
    assert.match(sheet, /<pane [^>]*state="frozen"/, 'header row frozen');

    // The print view: no navigation, the table in full.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav.nav').isVisible(), false);
    assert.equal(await page.locator('#kpi-controls').isVisible(), false);
    assert.ok(await page.locator('#kpi-table').isVisible());
    await page.pdf({ path: path.join(OUT, 'kpi-print.pdf'), format: 'A4', landscape: true });
    await page.emulateMedia({ media: 'screen' });

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});

// Issue 5, second part: 日报/周报/月报, the monthly appraisal with comments saved as user work,
// QA scores in the KPI table, the KPI help, and the report's print view.
test('KPI reports, appraisal with comments that survive a reload, QA scores, help, print', async () => {
  const b = await launch();
  const { page } = b;
  const num = (s) => Number(String(s).replace(/[^\d.\-]/g, ''));
  try {
    await open(page, site.origin + '/#/import');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);
    await nav(page, 'kpi');
    await page.locator('#kpi-table tbody tr').first().waitFor({ timeout: 120_000 });
    const agents = await page.locator('#kpi-table tbody tr').count();

    // QA scores reach the KPI table.
    const qa = await page.$$eval('#kpi-table tbody button[data-kpi="qa_auto"]', (bs) => bs.map((x) => x.textContent));
    assert.ok(qa.filter((t) => /^\d+(\.\d)?$/.test(t)).length >= agents / 2, `QA scores: ${qa.join(' ')}`);
    assert.ok(await page.locator('#kpi-last-ms').isVisible(), 'the page says how long the table took');

    // The weekly report: headline figures with a change against the week before.
    await page.click('#kpi-tab-report');
    await page.locator('#kpi-report').waitFor({ timeout: 120_000 });
    const weekly = await page.textContent('#kpi-report-title');
    assert.match(weekly, /周报/);
    assert.ok(await page.locator('#kpi-headlines .headline').count() >= 8);
    const changes = await page.$$eval('#kpi-headlines .kpi-change', (xs) => xs.map((x) => x.textContent));
    assert.ok(changes.some((c) => /^[▲▼] [+−]/.test(c)), `changes: ${changes.join(' | ')}`);
    assert.ok(await page.locator('#kpi-headlines .kpi-better:text-matches("变好|变差")').count() > 0);

    // The agent table sorts by a clicked header, and the other way on a second click.
    const sales = async () => page.$$eval('#kpi-report-table tbody td[data-kpi="sales"]', (tds) => tds.map((t) => t.textContent));
    await page.click('#kpi-report-table th button[data-kpi="sales"]');
    const down = (await sales()).map(num);
    assert.ok(down.length >= 12 && down.every((v, i) => i === 0 || down[i - 1] >= v), `descending: ${down}`);
    assert.equal(await page.getAttribute('#kpi-report-table th:has(button[data-kpi="sales"])', 'aria-sort'), 'descending');
    await page.click('#kpi-report-table th button[data-kpi="sales"]');
    const up = (await sales()).map(num);
    assert.ok(up.every((v, i) => i === 0 || up[i - 1] <= v), `ascending: ${up}`);

    // Charts: SVG with bars, a histogram and the heat map; nothing executable inside.
    const charts = await page.$$eval('#kpi-charts svg', (ss) => ss.map((s) => ({
      title: s.querySelector('title')?.textContent || '', rects: s.querySelectorAll('rect').length,
    })));
    assert.ok(charts.length >= 6, `charts: ${charts.length}`);
    const bars = charts.find((c) => c.title.includes('按客服'));
    assert.ok(bars && bars.rects > agents / 2, `bars: ${JSON.stringify(bars)}`);
    assert.ok(charts.some((c) => c.title.includes('热力图') && c.rects >= 7 * 24));
    assert.equal(await page.locator('#kpi-charts script, #kpi-charts foreignObject').count(), 0);
    await shot(page, 'kpi-report');

    // The monthly report compares with the month before.
    await page.click('#kpi-report-monthly');
    await page.waitForFunction(() => /月报/.test(document.querySelector('#kpi-report-title')?.textContent || ''));
    assert.match(await page.textContent('#kpi-report'), /对比上一期：2026-10-01至2026-10-31/);
    await page.click('#kpi-report-weekly');
    await page.waitForFunction(() => /周报/.test(document.querySelector('#kpi-report-title')?.textContent || ''));
    assert.equal(await page.textContent('#kpi-report-title'), weekly, 'back to the same week');

    // Print view of the report: no controls, the headline, table and charts, in black and white.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#kpi-report-controls').isVisible(), false);
    assert.equal(await page.locator('.kpi-tabs').isVisible(), false);
    assert.ok(await page.locator('#kpi-headlines').isVisible());
    assert.ok(await page.locator('#kpi-report-table th button[data-kpi="sales"]').isVisible(), 'headers print');
    await shot(page, 'kpi-report-print');
    await page.pdf({ path: path.join(OUT, 'kpi-report-print.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });

    // The appraisal: every agent ranked; a sheet per agent; a comment that is saved.
    await page.click('#kpi-tab-appraisal');
    await page.locator('#kpi-ranking tbody tr').first().waitFor({ timeout: 120_000 });
    const ranked = await page.$$eval('#kpi-ranking tbody tr', (trs) => trs.map((r) => r.dataset.agent));
    assert.equal(ranked.length, agents, 'every demo agent is ranked');
    const ranks = await page.$$eval('#kpi-ranking tbody tr td:first-child', (tds) => tds.map((t) => Number(t.textContent)));
    assert.equal(ranks[0], 1);
    assert.ok(ranks.every((r, i) => i === 0 || ranks[i - 1] <= r));
    const who = ranked[2];
    await page.click(`#kpi-ranking tr[data-agent="${who}"] button.link`);
    await page.locator('#kpi-sheet').waitFor();
    assert.equal(await page.getAttribute('#kpi-sheet', 'data-agent'), who);
    assert.ok(await page.locator('#kpi-sheet-items tbody tr').count() >= 5);
    assert.match(await page.textContent('#kpi-sheet-grade'), /卓越|优秀|良好|中|不合格/);
    const comment = '本月主动催付做得好，<b>响应</b>还需加快';
    await page.fill('#kpi-comment', comment);
    await page.locator('#kpi-comment').blur();
    await page.waitForFunction(([a, c]) =>
      document.querySelector(`#kpi-ranking tr[data-agent="${a}"] .comment-cell`)?.textContent === c, [who, comment], { timeout: 60_000 });
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 60_000 });
    await shot(page, 'kpi-appraisal');

    // The ranking downloads as CSV and XLSX, with every agent and the comment just saved.
    const { file: rankCsv } = await download(page, () => page.click('#kpi-ranking-csv'), 'kpi-ranking.csv');
    const csvText = fs.readFileSync(rankCsv, 'utf8').replace(/^\uFEFF/, '');
    const csvLines = csvText.trim().split(/\r\n/);
    assert.match(csvLines[0], /^名次,/);
    assert.equal(csvLines.length, agents + 1, 'a line per agent under the header');
    for (const a of ranked) assert.ok(csvText.includes(a), `${a} in the ranking CSV`);
    assert.ok(csvText.includes(comment), 'the comment is in the CSV');
    const { file: rankXlsx } = await download(page, () => page.click('#kpi-ranking-xlsx'), 'kpi-ranking.xlsx');
    const rankZip = unzipSync(new Uint8Array(fs.readFileSync(rankXlsx)));
    const rankStrings = strFromU8(rankZip['xl/sharedStrings.xml']);
    assert.ok(rankStrings.includes(ranked[0]), 'the first agent is in the XLSX');
    assert.match(rankStrings, /主管评语/);

    // Template editing: a weight that breaks the sum is flagged; a balanced change is saved.
    await page.click('#kpi-edit-templates');
    const weight = page.locator('#kpi-templates .template[data-template="0"] table:first-of-type tbody tr:nth-child(1) td:nth-child(2) input');
    await weight.fill('40');
    await weight.blur();
    await page.locator('#kpi-templates .problems:has-text("110")').waitFor();
    const aov = page.locator('#kpi-templates .template[data-template="0"] table:first-of-type tbody tr:nth-child(2) td:nth-child(2) input');
    await aov.fill('5');
    await aov.blur();
    await page.locator('#kpi-templates .template[data-template="0"] .problems').waitFor({ state: 'detached' });
    await page.click('#kpi-save-templates');
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 60_000 });
    await shot(page, 'kpi-templates');

    // Reload: the comment and the template are still there (user work in work/kpi).
    await page.reload();
    await ready(page);
    await page.locator('.kpi-tabs').waitFor({ timeout: 120_000 });
    await page.click('#kpi-tab-appraisal');
    await page.locator('#kpi-ranking tbody tr').first().waitFor({ timeout: 120_000 });
    assert.equal(await page.textContent(`#kpi-ranking tr[data-agent="${who}"] .comment-cell`), comment);
    await page.click(`#kpi-ranking tr[data-agent="${who}"] button.link`);
    assert.equal(await page.inputValue('#kpi-comment'), comment);
    await page.click('#kpi-edit-templates');
    assert.equal(await weight.inputValue(), '40');

    // Help: every KPI in one line with its formula, and the appraisal formula.
    await page.click('#kpi-tab-help');
    await page.locator('#kpi-help').waitFor();
    assert.equal(await page.locator('#kpi-help dl.kpi-help dt').count(), 36);
    assert.match(await page.textContent('#kpi-help'), /询单转化率[\s\S]*询单后最终付款人数 ÷ 询单人数/);
    assert.match(await page.textContent('#kpi-help-appraisal'), /总分/);
    await shot(page, 'kpi-help');

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});
