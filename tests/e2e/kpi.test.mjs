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
