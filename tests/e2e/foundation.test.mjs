// End-to-end tests of the foundation (issue 2): language, navigation, unbuilt pages, files
// dropped or picked, the demo workspace, persistence over reload, backup / clear / restore,
// a newer-version store kept aside, offline use, printing, sub-path hosting, and that no
// request ever leaves the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { serve, launch, open, ready, shot, download, datasetRows, nav, foreignRequests, OUT } from './harness.mjs';

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

/** Runs `fn` with a fresh browser and checks, whatever happens, that nothing left the origin. */
async function withBrowser(fn, opts) {
  const b = await launch(opts);
  try {
    await fn(b);
    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
}

const PAGES = ['import', 'roster', 'qa', 'kpi', 'training', 'share', 'settings', 'manual'];

test('shows Chinese by default, switches to English and remembers it', () => withBrowser(async ({ page }) => {
  await open(page, site.origin + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.deepEqual(await page.$$eval('a.nav-link', (a) => a.map((x) => x.textContent.trim())),
    ['导入', '排班', '质检', '绩效', '培训', '分享', '设置', '使用说明']);
  assert.match(await page.title(), /客服主管工作台/);
  await page.click('#lang-switch');
  assert.deepEqual(await page.$$eval('a.nav-link', (a) => a.map((x) => x.textContent.trim())),
    ['Import', 'Roster', 'QA', 'KPI', 'Training', 'Share', 'Settings', 'Guide']);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await ready(page);
  assert.equal(await page.textContent('a.nav-link[data-page="import"]'), 'Import');
  assert.match(await page.textContent('h1'), /Import data/);
  await page.click('#lang-switch');
  assert.equal(await page.textContent('a.nav-link[data-page="import"]'), '导入');
}));

test('every page opens from the navigation, in both languages, with its own heading', () => withBrowser(async ({ page }) => {
  await open(page, site.origin + '/');
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.click('#lang-switch');
    for (const id of PAGES) {
      await nav(page, id);
      assert.equal(new URL(page.url()).hash, `#/${id}`);
      await page.locator(`#page-${id}`).waitFor();
      assert.ok((await page.textContent('main h1')).trim().length > 1, `${id} has a heading`);
      await shot(page, `page-${id}-${lang}`);
    }
  }
  // A bookmarked page opens directly.
  await page.goto(site.origin + '/#/kpi');
  await page.locator('#page-kpi').waitFor();
}));

test('lists files dropped anywhere on the window or picked with the button', () => withBrowser(async ({ page }) => {
  await open(page, site.origin + '/#/settings');
  const dt = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['订单编号,买家会员名\n1,a\n'], '订单报表-2026-11.csv', { type: 'text/csv' }));
    dt.items.add(new File([new Uint8Array(2048)], 'chat.txt', { type: 'text/plain' }));
    return dt;
  });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.locator('.drop-overlay').waitFor();
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  await page.locator('#page-import').waitFor();
  await page.locator('.drop-overlay').waitFor({ state: 'detached' });
  const picked = path.join(OUT, 'picked.tsv');
  fs.writeFileSync(picked, 'a\tb\n'.repeat(1000));
  await page.setInputFiles('#pick-files', picked);
  await page.locator('.import-item').nth(2).waitFor({ timeout: 60_000 });
  const listed = await page.$$eval('.import-item', (items) => items.map((it) => [
    it.querySelector('.file-name').textContent, it.querySelector('.file-meta').textContent]));
  assert.deepEqual(listed, [
    ['订单报表-2026-11.csv', '33 B · text/csv'],
    ['chat.txt', '2.0 KB · text/plain'],
    ['picked.tsv', '3.9 KB · text/tab-separated-values'],
  ]);
  // The NUL-filled "chat.txt" cannot be read; it says so instead of importing nonsense.
  assert.match(await page.textContent('.import-item[data-file="chat.txt"] .file-error'), /chat\.txt/);
  await shot(page, 'import-received-files');
}));

function entries(file) {
  const all = unzipSync(new Uint8Array(fs.readFileSync(file)));
  delete all['kefu-backup.json']; // carries the time it was made
  delete all['audit.json']; // the audit trail grows by the restore itself (admin.test.mjs checks it)
  return all;
}

test('demo workspace persists, backs up, clears and restores identically', () => withBrowser(async ({ page }) => {
  await open(page, site.origin + '/');
  await page.locator('#welcome').waitFor();
  await page.click('#load-demo-welcome');
  await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
  await ready(page);
  const rows = await datasetRows(page);
  assert.deepEqual(Object.keys(rows).sort(),
    ['AgentStats', 'Attendance', 'Chats', 'Orders', 'Refunds', 'Reviews', 'Staff', 'SubOrders']);
  assert.ok(rows.Staff >= 12, `staff: ${rows.Staff}`);
  assert.ok(rows.Chats >= 50_000, `messages: ${rows.Chats}`);
  assert.ok(rows.Orders > 1000 && rows.Refunds > 0 && rows.Reviews > 0, JSON.stringify(rows));
  assert.match(await page.textContent('.notice.success'), /示例数据已载入：8 个数据集/);
  await shot(page, 'import-demo-loaded');

  await page.reload();
  await ready(page);
  assert.deepEqual(await datasetRows(page), rows, 'the workspace survives a reload');

  // Back up in English, so the restored settings can be told apart.
  await nav(page, 'settings');
  await page.click('#lang-en');
  assert.equal(await page.textContent('#dataset-count'), '8');
  const first = await download(page, () => page.click('#export-backup'), 'backup-1.zip');
  assert.match(first.name, /^客服主管工作台备份_\d{4}-\d\d-\d\d_\d{6}\.zip$/);
  await shot(page, 'settings-en');

  await page.click('#lang-zh');
  page.once('dialog', (d) => d.accept());
  await page.click('#clear-all');
  await page.locator('.notice.success', { hasText: '已清除全部数据' }).waitFor();
  assert.equal(await page.textContent('#dataset-count'), '0');
  await page.reload();
  await ready(page);
  assert.equal(await page.textContent('#dataset-count'), '0', 'clearing survives a reload');

  await page.setInputFiles('#restore-file', first.file);
  await page.locator('.notice.success', { hasText: /Restored 8 datasets/ }).waitFor({ timeout: 120_000 });
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'settings come back with the backup');
  await nav(page, 'import');
  assert.deepEqual(await datasetRows(page), rows);

  await nav(page, 'settings');
  const second = await download(page, () => page.click('#export-backup'), 'backup-2.zip');
  const a = entries(first.file);
  const b = entries(second.file);
  assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
  for (const name of Object.keys(a)) {
    assert.ok(Buffer.from(a[name]).equals(Buffer.from(b[name])), `${name} differs after the round trip`);
  }
  const manifest = JSON.parse(strFromU8(a['manifest.json']));
  assert.equal(manifest.datasets.length, 8);
}));

test('a restore that fails leaves the workspace unchanged', () => withBrowser(async ({ page }) => {
  await open(page, site.origin + '/#/settings');
  const bad = path.join(OUT, 'not-a-backup.zip');
  fs.writeFileSync(bad, '订单编号,买家会员名\n1,a\n');
  await page.setInputFiles('#restore-file', bad);
  const err = await page.locator('.notice.error').textContent();
  assert.match(err, /不是工作台备份文件/);
  assert.match(err, /not-a-backup\.zip/);
  assert.match(err, /工作区未改变/);
  assert.equal(await page.textContent('#dataset-count'), '0');
}));

test('a store written by a newer version is kept aside and reported', () => withBrowser(async ({ page }) => {
  await open(page, site.origin + '/');
  await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('kefu-workbench', 1);
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['meta', 'datasets'], 'readwrite');
      const enc = new TextEncoder();
      tx.objectStore('meta').put(enc.encode(JSON.stringify({ schema: 99, next_id: 2, datasets: [], future: true })), 'manifest');
      tx.objectStore('datasets').put(enc.encode('{"schema":99}'), 'ds-1');
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }));
  await page.reload();
  await ready(page);
  const notice = await page.locator('.notice.error').first().textContent();
  assert.match(notice, /更新版本/);
  assert.match(notice, /未删除/);
  await nav(page, 'settings');
  await page.locator('#kept-aside').waitFor();
  assert.match(await page.textContent('#kept-aside'), /2 条/);
  const kept = await download(page, () => page.click('#export-kept-aside'), 'kept-aside.zip');
  const files = unzipSync(new Uint8Array(fs.readFileSync(kept.file)));
  const index = JSON.parse(strFromU8(files['kept-aside/index.json']));
  assert.equal(index.length, 2);
  const texts = Object.entries(files).filter(([n]) => n.endsWith('.bin')).map(([, v]) => strFromU8(v));
  assert.ok(texts.some((t) => t.includes('"future":true')), 'the newer manifest is kept byte for byte');
  await shot(page, 'settings-kept-aside');
}));

test('works offline after the first visit', () => withBrowser(async ({ page, context }) => {
  await open(page, site.origin + '/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now controlled by the service worker
  await ready(page);
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller));
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await page.click('#load-demo');
  await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
  await context.setOffline(false);
}));

test('prints clean A4 pages without navigation', () => withBrowser(async ({ page }) => {
  await open(page, site.origin + '/#/settings');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.header'), false);
  assert.equal(await page.isVisible('nav'), false);
  assert.equal(await page.isVisible('button'), false);
  assert.equal(await page.isVisible('.print-header'), true);
  assert.ok(await page.isVisible('#privacy'));
  for (const id of ['settings', 'import', 'kpi']) {
    await page.goto(`${site.origin}/#/${id}`);
    await page.locator(`#page-${id}`).waitFor();
    await page.pdf({ path: path.join(OUT, `print-${id}.pdf`), format: 'A4', preferCSSPageSize: true });
  }
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.isVisible('.header'), true);
}));

test('runs from a sub-path such as /kefu/', () => withBrowser(async ({ page, requests }) => {
  await open(page, site.origin + '/kefu/');
  await page.click('#load-demo-welcome');
  await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
  const app = requests.filter((u) => u.endsWith('.wasm') || u.endsWith('.js'));
  assert.ok(app.length >= 4 && app.every((u) => u.startsWith(site.origin + '/kefu/')), app.join('\n'));
}));
