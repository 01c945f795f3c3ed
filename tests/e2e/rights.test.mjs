// End-to-end test of the data-rights card (issue 8, first part): with the demo workspace, pick
// a buyer id that is in the stored data, preview what erasing it removes, erase it, and scan
// every IndexedDB store and localStorage for the id — no trace may be left. Then the retention
// rule previews and drops old rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, ready, shot, nav, datasetRows, storedText, storedDatasets } from './harness.mjs';

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

test('erase one buyer leaves no trace in browser storage; retention drops old rows', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);

    // A buyer of the demo team who both chatted and ordered: a nick of the stored chat log's
    // name table that is also an order's 买家会员名.
    const sets = await storedDatasets(page);
    const names = new Set(sets.flatMap((d) => d.data.Chats ? d.data.Chats.names : []));
    const buyer = sets.flatMap((d) => d.data.Orders || []).map((o) => o.buyer)
      .find((b) => b.length >= 3 && names.has(b));
    assert.ok(buyer, 'some demo buyer both chatted and ordered');
    const before = await storedText(page);
    assert.ok(before.includes(buyer));
    const rowsBefore = await datasetRows(page);

    await nav(page, 'settings');
    // Too short an id is refused before anything is searched.
    await page.fill('#erase-buyer-id', 'ab');
    await page.click('#erase-preview');
    assert.match(await page.locator('.notice.error').first().textContent(), /太短/);

    await page.fill('#erase-buyer-id', buyer);
    await page.click('#erase-preview');
    await page.locator('#erase-table').waitFor();
    assert.match(await page.textContent('#erase-summary'), /尚未删除/);
    assert.equal(await page.getAttribute('#erase-result', 'data-applied'), 'false');
    assert.ok((await storedText(page)).includes(buyer), 'a preview deletes nothing');
    await shot(page, 'rights-erase-preview');

    page.once('dialog', (d) => d.accept());
    await page.click('#erase-apply');
    await page.locator('#erase-result[data-applied="true"]').waitFor({ timeout: 60_000 });
    const after = await storedText(page);
    assert.ok(!after.includes(buyer), `no trace of ${buyer} is left in IndexedDB or localStorage`);

    // The rest of the workspace is still there, a little smaller.
    await nav(page, 'import');
    const rowsAfter = await datasetRows(page);
    assert.ok(rowsAfter.Chats < rowsBefore.Chats && rowsAfter.Chats > 0, JSON.stringify({ rowsBefore, rowsAfter }));
    assert.ok(rowsAfter.Orders < rowsBefore.Orders && rowsAfter.Orders > 0);
    assert.equal(rowsAfter.Staff, rowsBefore.Staff);
    await page.reload();
    await ready(page);
    assert.deepEqual(await datasetRows(page), rowsAfter, 'the erasure survives a reload');

    // Retention: keeping one month drops the older demo rows (the demo spans four weeks
    // ending a few days before its generation date; whatever today is, something is older).
    await nav(page, 'settings');
    await page.fill('#retention-months', '1');
    await page.click('#retention-preview');
    await page.locator('#retention-result').waitFor();
    const dropped = await page.$$eval('#retention-table [data-dropped]', (c) => c.map((x) => Number(x.dataset.dropped)));
    assert.ok(dropped.length > 0 && dropped.every((n) => n > 0), `dropped: ${dropped}`);
    page.once('dialog', (d) => d.accept());
    await page.click('#retention-apply');
    await page.locator('#retention-result[data-applied="true"]').waitFor({ timeout: 60_000 });
    await nav(page, 'import');
    const rowsKept = await datasetRows(page);
    assert.ok((rowsKept.Chats || 0) < rowsAfter.Chats, JSON.stringify(rowsKept));
    assert.equal(rowsKept.Staff, rowsBefore.Staff, 'staff lists have no dates and stay');
    await shot(page, 'rights-after-retention');
  } finally {
    await b.close();
  }
});
