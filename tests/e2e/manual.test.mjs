// End-to-end test of the in-app guide 使用说明 (issue 8, "Manual"): it is in the navigation and
// follows the week (import → QA → KPI → roster → training → sharing); with an empty workspace
// its live boxes say what to do instead of showing numbers; a "try it" button loads the demo
// and opens the step's page; the formulas it shows are the KPI help tab's, read from both
// pages; its live KPI figure is the KPI table's team row; the privacy statement names
// IndexedDB, localStorage and how to erase; the header's "?" opens the current page's
// section; English works; the print view is clean A4.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, open, ready, shot, nav, foreignRequests, OUT } from './harness.mjs';

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

/** [key, name, formula] of every KPI in a help list. */
const kpiFormulas = (page, root) => page.$$eval(`${root} dt[data-kpi]`, (dts) => dts.map((dt) => [
  dt.dataset.kpi, dt.textContent.trim(), dt.nextElementSibling.querySelector('code.formula').textContent.trim(),
]));
const texts = (page, sel) => page.$$eval(sel, (xs) => xs.map((x) => x.textContent.trim()));

test('guide: the week, live demo figures, formulas equal to the KPI help, privacy, English, print', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/#/import');
    await page.locator('#datasets-empty').waitFor();
    await nav(page, 'manual');
    assert.equal(new URL(page.url()).hash, '#/manual');
    assert.equal(await page.textContent('#page-manual h1'), '使用说明');

    // The week, in order, with a table of contents pointing at every section.
    const steps = await page.$$eval('section.manual-step', (ss) => ss.map((s) => [s.dataset.step, s.querySelector('h2').textContent]));
    assert.deepEqual(steps, [['import', '导入数据'], ['qa', '质检'], ['kpi', '绩效'], ['roster', '排班'],
      ['training', '培训与登记'], ['sharing', '分享与备份']]);
    const toc = await page.$$eval('#manual-toc a', (as) => as.map((a) => a.dataset.section));
    assert.deepEqual(toc, ['import', 'qa', 'kpi', 'roster', 'training', 'sharing', 'formulas', 'privacy']);
    for (const id of toc) assert.equal(await page.locator(`#manual-${id}`).count(), 1, id);
    const importText = await page.textContent('#manual-import');
    for (const w of ['千牛', '生意参谋', '京东', '拼多多', '抖', 'GBK', 'UTF-8', 'XLSX', 'zip']) assert.ok(importText.includes(w), w);
    // The columns each table needs and the error texts come from the importer.
    assert.ok(await page.locator('#manual-import-fields tr').count() >= 9);
    assert.match(await page.textContent('#manual-import-errors'), /科学计数法/);
    assert.match(await page.textContent('#manual-qa'), /1–5/);
    assert.match(await page.textContent('#manual-roster'), /Erlang/);
    assert.match(await page.textContent('#manual-sharing'), /口令/);

    // Empty workspace: the live boxes say what to do, no figures.
    for (const id of ['import', 'qa', 'kpi']) {
      assert.match(await page.textContent(`#manual-live-${id}-box`), /工作区还是空的/, id);
    }
    assert.equal(await page.locator('#manual-live-kpi, #manual-live-qa, #manual-live-import').count(), 0);
    // The staffing example is computed by the Erlang model: domain.md §5's reference case.
    assert.match(await page.textContent('#manual-erlang-result'), /需要在线 14 人，排班 20 人/);
    await page.fill('#manual-erlang-chats', '200');
    await page.waitForFunction(() => !/需要在线 14 人/.test(document.querySelector('#manual-erlang-result').textContent));
    const more = Number((await page.textContent('#manual-erlang-result')).match(/需要在线 (\d+) 人/)[1]);
    assert.ok(more > 14 && more < 40, `200 chats: ${more}`);

    // Privacy: what is stored where, nothing leaves, how to erase.
    const privacy = await page.textContent('#manual-privacy');
    for (const w of ['IndexedDB', 'localStorage', 'kefu-workbench', 'kefu.settings', 'work/qa', '不上传', '删除某位买家',
      '保留期限', '清除全部数据', '脱敏']) {
      assert.ok(privacy.includes(w), `privacy mentions ${w}`);
    }
    const manualZh = await kpiFormulas(page, '#manual-f-kpi');
    assert.ok(manualZh.length >= 30, `KPIs in the guide: ${manualZh.length}`);
    const appraisalZh = await texts(page, '#manual-appraisal-formulas li');
    assert.equal(appraisalZh.length, 5);
    assert.ok(await page.locator('#manual-f-qa tr[data-rule]').count() >= 10, 'QA rules');
    assert.ok(await page.locator('#manual-f-roster .manual-roster-rules li').count() >= 20, 'roster rules');
    await shot(page, 'manual-empty');

    // "Try it with the demo data" on the KPI step: loads the demo and opens the KPI page.
    await page.click('#manual-try-kpi');
    await page.locator('#page-kpi').waitFor({ timeout: 120_000 });
    assert.equal(new URL(page.url()).hash, '#/kpi');
    await page.locator('#kpi-table tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);
    const teamConsulted = await page.textContent('#kpi-table tr[data-row="total"] button[data-kpi="consulted"]');
    const teamConversion = await page.textContent('#kpi-table tr[data-row="total"] button[data-kpi="conversion"]');
    assert.ok(Number(teamConsulted) > 1000, teamConsulted);

    // The KPI help tab shows exactly the guide's formulas.
    await page.click('#kpi-tab-help');
    await page.locator('#kpi-help').waitFor();
    assert.deepEqual(await kpiFormulas(page, '#kpi-help'), manualZh, 'KPI formulas: help tab = guide');
    assert.deepEqual(await texts(page, '#kpi-help-appraisal-formulas li'), appraisalZh, 'appraisal formulas');

    // Back in the guide: live figures of the demo workspace, equal to the KPI table's team row.
    await nav(page, 'manual');
    await page.locator('#manual-live-kpi tr[data-kpi="consulted"]').waitFor({ timeout: 120_000 });
    assert.equal(await page.textContent('#manual-live-kpi tr[data-kpi="consulted"] td.num'), teamConsulted);
    assert.equal(await page.textContent('#manual-live-kpi tr[data-kpi="conversion"] td.num'), teamConversion);
    assert.match(await page.textContent('#manual-live-kpi tr[data-kpi="conversion"]'), /= \d+ ÷ \d+/);
    assert.ok(await page.locator('#manual-live-import li').count() >= 6, 'datasets by kind');
    await page.locator('#manual-live-qa [data-live="conversations"]').waitFor({ timeout: 120_000 });
    assert.ok(Number((await page.textContent('#manual-live-qa [data-live="conversations"]')).replace(/,/g, '')) > 100);
    assert.match(await page.textContent('#manual-live-qa [data-live="auto"]'), /^\d+\.\d$/);
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 120_000 });
    await shot(page, 'manual-demo');

    // The header's "?" opens the current page's section of the guide.
    await nav(page, 'qa');
    await page.click('#help-link');
    await page.locator('#page-manual').waitFor();
    assert.equal(new URL(page.url()).hash, '#/manual/qa');
    await page.waitForFunction(() => Math.abs(document.querySelector('#manual-qa').getBoundingClientRect().top) < 40,
      null, { timeout: 10_000 });
    // The table of contents moves within the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#manual-toc a[data-section="privacy"]');
    await page.waitForFunction(() => Math.abs(document.querySelector('#manual-privacy').getBoundingClientRect().top) < 40,
      null, { timeout: 10_000 });
    assert.ok(await page.locator('#page-manual').isVisible());

    // English.
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.querySelector('#page-manual h1')?.textContent === 'Guide');
    assert.equal(await page.textContent('a.nav-link[data-page="manual"]'), 'Guide');
    const stepsEn = await texts(page, 'section.manual-step h2');
    assert.deepEqual(stepsEn, ['Import', 'Quality assurance', 'KPIs and appraisal', 'Roster', 'Training and registers',
      'Sharing and backups']);
    const privacyEn = await page.textContent('#manual-privacy');
    for (const w of ['IndexedDB', 'localStorage', 'How to erase', 'One buyer', 'Retention', 'Clear all data']) assert.ok(privacyEn.includes(w), w);
    assert.doesNotMatch(await page.textContent('#page-manual .lead'), /[\u4e00-\u9fff]/, 'the intro is English');
    const manualEn = await kpiFormulas(page, '#manual-f-kpi');
    assert.equal(manualEn.find(([k]) => k === 'conversion')[1], 'Enquiry conversion');
    assert.notDeepEqual(manualEn, manualZh);
    assert.match(await page.textContent('#manual-live-kpi-box'), /Figures of the current workspace/);
    assert.equal(await page.textContent('#manual-try-import'), 'Load the demo data and open this page');
    await shot(page, 'manual-en');
    await nav(page, 'kpi');
    await page.click('#kpi-tab-help');
    await page.locator('#kpi-help').waitFor();
    assert.deepEqual(await kpiFormulas(page, '#kpi-help'), manualEn, 'English formulas: help tab = guide');
    await page.click('#lang-switch');
    await nav(page, 'manual');

    // Print: no chrome, no buttons or live boxes; the text, formulas and privacy statement.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav.nav').isVisible(), false);
    assert.equal(await page.locator('#manual-try-import').isVisible(), false);
    assert.equal(await page.locator('#manual-live-kpi-box').isVisible(), false);
    assert.ok(await page.locator('#manual-formulas').isVisible());
    assert.ok(await page.locator('#manual-privacy').isVisible());
    await shot(page, 'manual-print');
    await page.pdf({ path: path.join(OUT, 'manual-print.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});
