// End-to-end test of the shop/team filter (issue 8, administration): with the demo workspace
// the header offers its teams (售前组/售后组, from the staff list's roles); choosing one
// restricts the KPI table and the QA overview to that team's agents, survives a reload, shows
// in the print header, and 全部 brings everything back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, ready, shot, nav, foreignRequests } from './harness.mjs';

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

const kpiAgents = async (page) => {
  await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 120_000 });
  await page.locator('#kpi-table tbody tr').first().waitFor({ timeout: 120_000 });
  return page.$$eval('#kpi-table tbody tr', (trs) => trs.map((r) => r.dataset.row).filter((r) => r && r !== 'total'));
};
const qaAgents = async (page) => {
  await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 120_000 });
  await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
  return page.$$eval('#qa-agents tbody tr', (trs) => trs.map((r) => r.dataset.agent).filter(Boolean));
};
/** Waits until the rows of `sel` (by `attr`) differ from `before` (a page that stays open
 * recomputes after the filter changes; its old rows stay on screen until then). */
const changed = async (page, sel, attr, before) => {
  await page.waitForFunction(([sel, attr, before]) => {
    const now = [...document.querySelectorAll(sel)].map((r) => r.dataset[attr]).filter((r) => r && r !== 'total');
    return now.length > 0 && JSON.stringify(now.sort()) !== JSON.stringify([...before].sort());
  }, [sel, attr, before], { timeout: 120_000 });
};
const choose = async (page, value) => {
  await page.selectOption('#filter-team', value);
  await page.locator(`#filter-team option[value="${value}"]:checked`).waitFor({ state: 'attached' });
  await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 120_000 });
};

test('the team filter restricts KPI and QA, survives a reload and prints', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/#/import');
    assert.equal(await page.locator('#filter-bar').count(), 0, 'no filter without data');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);
    await page.locator('#filter-team').waitFor();
    const options = await page.$$eval('#filter-team option', (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(options, [['', '全部'], ['@after', '售后组'], ['@pre', '售前组']]);
    assert.equal(await page.locator('#filter-shop').count(), 0, 'one shop: no shop choice');

    await nav(page, 'kpi');
    const all = await kpiAgents(page);
    await nav(page, 'qa');
    const allQa = await qaAgents(page);
    assert.ok(all.length >= 12 && allQa.length >= 12, `${all.length} / ${allQa.length}`);

    await choose(page, '@after');
    await changed(page, '#qa-agents tbody tr', 'agent', allQa);
    const afterQa = await qaAgents(page);
    await nav(page, 'kpi');
    const after = await kpiAgents(page);
    assert.ok(after.length > 0 && after.length < all.length, `after-sale: ${after.length} of ${all.length}`);
    assert.ok(after.every((a) => all.includes(a)));
    assert.ok(afterQa.length > 0 && afterQa.length < allQa.length, `QA after-sale: ${afterQa.length}`);
    await shot(page, 'filter-after-sale');

    await choose(page, '@pre');
    await changed(page, '#kpi-table tbody tr', 'row', after);
    const pre = await kpiAgents(page);
    assert.ok(pre.length > 0 && pre.every((a) => !after.includes(a)), 'the two teams do not overlap');
    assert.deepEqual([...pre, ...after].sort(), [...all].sort(), 'the two teams make the whole team');

    // The choice is stored with the workspace: a reload keeps it.
    await page.reload();
    await ready(page);
    await page.locator('#filter-team').waitFor();
    assert.equal(await page.inputValue('#filter-team'), '@pre');
    assert.deepEqual((await kpiAgents(page)).sort(), [...pre].sort());

    // Printed pages say what they cover.
    await page.emulateMedia({ media: 'print' });
    assert.match(await page.textContent('.print-header'), /班组：售前组/);
    await page.emulateMedia({ media: 'screen' });

    // English labels.
    await page.click('#lang-switch');
    assert.match(await page.textContent('#filter-team option[value="@pre"]'), /Pre-sale team/);
    await page.click('#lang-switch');

    await choose(page, '');
    await changed(page, '#kpi-table tbody tr', 'row', pre);
    assert.deepEqual((await kpiAgents(page)).sort(), [...all].sort());
    assert.equal(await page.inputValue('#filter-team'), '');

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});
