// End-to-end test of importing (issue 3): drop a GBK 订单报表 and a 千牛 chat text, check the
// preview, map one column by hand, import, reload and see both datasets; importing the same
// chat file again adds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, open, ready, shot, datasetRows, foreignRequests, OUT } from './harness.mjs';

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
const ORDERS = path.join(DATA, '订单报表-2026-10-19至2026-10-22.csv');
const CHATS = path.join(DATA, '千牛聊天记录-2026-10-19.txt');

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

const item = (page, name) => page.locator(`.import-item[data-file="${name}"]`);

test('imports a GBK order export and a 千牛 chat text, with one column mapped by hand', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/');
    await page.setInputFiles('#pick-files', [ORDERS, CHATS]);
    const orders = item(page, path.basename(ORDERS));
    const chats = item(page, path.basename(CHATS));
    await orders.waitFor({ timeout: 60_000 });
    await chats.waitFor();

    // What the preview says about each file.
    assert.equal(await orders.locator('.import-kind').getAttribute('data-kind'), 'Orders');
    assert.equal(await orders.locator('.import-encoding').getAttribute('data-encoding'), 'GBK/GB18030');
    assert.match(await orders.locator('.counts').textContent(), /^4 笔订单可导入/);
    assert.match(await orders.locator('.counts').textContent(), /2026-10-19 – 2026-10-22/);
    assert.equal(await chats.locator('.import-kind').getAttribute('data-kind'), 'Chats');
    assert.match(await chats.locator('.import-format').textContent(), /千牛聊天记录文本/);
    assert.match(await chats.locator('.counts').textContent(), /^9 条消息可导入/);
    // The sample shows the file's own text, quirks and all.
    assert.match(await orders.locator('.sample-table').textContent(), /tb_小鱼儿88/);
    await shot(page, 'import-preview');

    // The status column has an unknown header: map it by hand.
    await orders.locator('.adjust-columns').click();
    const row = orders.locator('.mapping-editor tr[data-field="status"]');
    await row.waitFor();
    const option = await row.locator('option', { hasText: '交易状况X' }).getAttribute('value');
    await row.locator('select').selectOption(option);
    await orders.locator('.apply-mapping').click();
    // The file is read again with the new mapping; the editor closes when the new result is in.
    await orders.locator('.mapping-editor').waitFor({ state: 'detached', timeout: 60_000 });
    const mapped = item(page, path.basename(ORDERS));
    await mapped.locator('details.columns summary').click();
    assert.match(await mapped.locator('details.columns tr[data-field="status"]').textContent(), /交易状况X/);
    await shot(page, 'import-mapped');

    await page.click('#import-commit');
    const done = await page.locator('.notice.success').last().textContent();
    assert.match(done, /已导入：.*订单报表 4 笔订单/);
    assert.match(done, /聊天记录 9 条消息/);
    assert.equal(await page.locator('.import-item').count(), 0);

    await page.reload();
    await ready(page);
    assert.deepEqual(await datasetRows(page), { Orders: 4, Chats: 9 });
    assert.match(await page.textContent('#datasets'), /订单报表-2026-10-19至2026-10-22\.csv/);
    await shot(page, 'import-done');

    // The same chat file again: nothing is counted twice.
    await page.setInputFiles('#pick-files', CHATS);
    await item(page, path.basename(CHATS)).waitFor({ timeout: 60_000 });
    await page.click('#import-commit');
    const again = await page.locator('.notice.success').last().textContent();
    assert.match(again, /9 条已在工作区中/);
    assert.deepEqual(await datasetRows(page), { Orders: 4, Chats: 9 });

    // The hand-made mapping is remembered: the same order file maps itself next time.
    await page.setInputFiles('#pick-files', ORDERS);
    const second = item(page, path.basename(ORDERS));
    await second.waitFor({ timeout: 60_000 });
    await second.locator('details.columns summary').click();
    assert.match(await second.locator('details.columns tr[data-field="status"]').textContent(), /交易状况X/);

    assert.deepEqual(foreignRequests(b.requests, site.origin), []);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('a big file shows progress and can be cancelled, leaving the workspace as it was', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/');
    // ~60 MB of chat rows: long enough to see the progress bar and press Cancel.
    const big = path.join(OUT, 'big-chat.csv');
    if (!fs.existsSync(big) || fs.statSync(big).size < 50e6) {
      const fd = fs.openSync(big, 'w');
      fs.writeSync(fd, 'time,conversation,sender,role,text\n');
      const line = (i) => `2026-10-19 09:${String(i % 60).padStart(2, '0')}:00,棉语旗舰店/buyer${i % 5000},buyer${i % 5000},buyer,这件衣服有M码吗？请问什么时候发货，发什么快递呀 ${i}\n`;
      let chunk = '';
      for (let i = 0; i < 600_000; i++) {
        chunk += line(i);
        if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
      }
      fs.writeSync(fd, chunk);
      fs.closeSync(fd);
    }
    await page.setInputFiles('#pick-files', big);
    const bar = page.locator('#job-bar');
    await bar.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('#job-bar')?.getAttribute('aria-valuenow')) > 0, null, { timeout: 60_000 });
    assert.match(await bar.textContent(), /正在分析文件 · big-chat\.csv · \d+%/);
    await page.click('#job-cancel');
    await page.locator('.notice.info', { hasText: '已取消，工作区未改变' }).waitFor();
    await bar.waitFor({ state: 'detached' });
    assert.equal(await page.locator('.import-item').count(), 0);
    assert.equal(await page.locator('#datasets-empty').count(), 1);
    // The worker starts afresh for the next file.
    await page.setInputFiles('#pick-files', CHATS);
    await item(page, path.basename(CHATS)).waitFor({ timeout: 60_000 });
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});
