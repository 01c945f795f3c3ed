// End-to-end test of administration (issue 8): the audit trail records a QA rule edit and a
// review with readable summaries (and no buyer id), filters and exports (CSV and XLSX read
// back); a protected backup is refused with a wrong passphrase and with a flipped byte (the
// stored data stays exactly as it was) and restores with the right one to the same workspace;
// the storage view lists what is stored with the browser's quota; "erase everything" leaves no
// workspace data in IndexedDB or localStorage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { serve, launch, open, ready, shot, download, datasetRows, nav, storedRecords, storedDatasets, foreignRequests, OUT } from './harness.mjs';

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

function entries(file) {
  const all = unzipSync(new Uint8Array(fs.readFileSync(file)));
  delete all['kefu-backup.json']; // carries the time it was made
  return all;
}

const auditRows = (page) => page.$$eval('#audit-table tbody tr', (rows) => rows.map((r) => ({
  area: r.dataset.area, action: r.dataset.action, at: r.cells[0].textContent, text: r.cells[2].textContent,
})));

test('audit trail, protected backups, storage view and erasing everything', async () => {
  const b = await launch();
  const { page } = b;
  page.on('dialog', (d) => d.accept());
  try {
    await open(page, site.origin + '/');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);
    const rows = await datasetRows(page);

    // 1. Changes: a QA rule edit ("亲" becomes a forbidden phrase) and a saved review.
    await nav(page, 'qa');
    await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
    await page.click('#qa-tabs [data-tab="rules"]');
    const words = page.locator('.rule-edit[data-rule="rude"] .word-list[data-list="phrases"]');
    await words.locator('.phrase-input').fill('亲');
    await words.locator('.phrase-add').click();
    await words.locator('.chip[data-phrase="亲"]').waitFor();
    await page.click('#cfg-save');
    await page.locator('#cfg-state[data-custom="true"]').waitFor({ timeout: 60_000 });
    await page.click('#qa-tabs [data-tab="overview"]');
    await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
    await page.locator('#qa-agents tbody tr').first().click();
    await page.locator('#qa-conversations tbody tr').first().waitFor({ timeout: 60_000 });
    await page.locator('#qa-conversations tbody tr').first().click();
    await page.locator('#qa-review').waitFor({ timeout: 60_000 });
    await page.locator('#review-state[data-saved="false"]').waitFor();
    await page.locator('#qa-review h3').click();
    await page.keyboard.press('s');
    await page.locator('#review-state[data-saved="true"]').waitFor({ timeout: 30_000 });

    // 2. The audit trail shows both, newest first, in words.
    await nav(page, 'settings');
    await page.locator('#audit-table tbody tr').nth(2).waitFor({ timeout: 60_000 });
    const log = await auditRows(page);
    assert.deepEqual(log.map((r) => r.action).slice(0, 3), ['qa-review', 'qa-config', 'demo'], JSON.stringify(log));
    const [rev, cfg, demo] = log;
    assert.match(rev.text, /^复核：店铺“[^”]+” \d{4}-\d\d-\d\d \d\d:\d\d 开始的会话 评分 [\d.]+（评审人 主管）$/, rev.text);
    assert.match(cfg.text, /^质检规则与评分表：规则 · (规则 · )?“服务禁语” · 词表 新增 “亲”$/, cfg.text);
    assert.match(demo.text, /^载入示例数据（种子 2026）：工作区被替换为 8 个数据集/, demo.text);
    for (const r of log) assert.match(r.at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.ok(rev.at >= cfg.at && cfg.at >= demo.at, 'newest first');
    await page.selectOption('#audit-area', 'qa');
    await page.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length === 2);
    assert.deepEqual((await auditRows(page)).map((r) => r.area), ['qa', 'qa']);
    await page.fill('#audit-from', '2099-01-01');
    await page.dispatchEvent('#audit-from', 'change');
    await page.locator('#audit-empty').waitFor();
    assert.match(await page.textContent('#audit-empty'), /没有符合筛选条件的记录/);
    await page.fill('#audit-from', '');
    await page.dispatchEvent('#audit-from', 'change');
    await page.locator('#audit-table').waitFor();
    await shot(page, 'admin-audit');

    // Exported and read back (the QA filter applies): CSV with BOM, and XLSX.
    const csv = await download(page, () => page.click('#audit-export-csv'), 'audit.csv');
    assert.match(csv.name, /^操作日志_\d{4}-\d\d-\d\d_\d{6}\.csv$/);
    const csvText = fs.readFileSync(csv.file, 'utf8');
    assert.ok(csvText.startsWith('\ufeff时间,范围,操作,说明,数量\r\n'), csvText.slice(0, 40));
    const csvLines = csvText.trim().split('\r\n');
    assert.equal(csvLines.length, 3, csvText);
    assert.ok(csvLines[1].includes(rev.text) && csvLines[1].includes(',qa-review,'), csvLines[1]);
    assert.ok(csvLines[2].includes('词表 新增 “亲”'), csvLines[2]);
    const xlsx = await download(page, () => page.click('#audit-export-xlsx'), 'audit.xlsx');
    const sheet = unzipSync(new Uint8Array(fs.readFileSync(xlsx.file)));
    const strings = strFromU8(sheet['xl/sharedStrings.xml']);
    assert.ok(strings.includes('质检规则与评分表') && strings.includes('复核：店铺'), strings.slice(0, 300));
    await page.selectOption('#audit-area', '');

    // No buyer id of the demo is in the log.
    const orders = (await storedDatasets(page)).flatMap((d) => d.data.Orders || []);
    const buyers = [...new Set(orders.map((o) => o.buyer))].filter((x) => x.length >= 3);
    assert.ok(buyers.length > 100);
    const logText = (await storedRecords(page)).find(([s, k]) => s === 'meta' && k === 'audit/log')[2];
    assert.ok(!buyers.some((x) => logText.includes(x)), 'the audit log names no buyer');

    // 3. Storage view: every dataset, the QA work, the log; a total and the browser quota.
    const items = await page.$$eval('#storage-table tbody tr', (rs) => rs.map((r) => ({
      kind: r.dataset.kind, bytes: Number(r.dataset.bytes), text: r.textContent })));
    assert.equal(items.filter((i) => i.kind === 'dataset').length, 8, JSON.stringify(items));
    assert.ok(items.some((i) => i.kind === 'work' && i.text.includes('质检')));
    assert.ok(items.some((i) => i.kind === 'audit' && /3 条记录/.test(i.text)), JSON.stringify(items));
    assert.ok(items.every((i) => i.bytes > 0));
    const total = Number(await page.getAttribute('#storage-total', 'data-bytes'));
    assert.equal(total, items.reduce((s, i) => s + i.bytes, 0));
    assert.ok(total > 1_000_000, `total ${total}`);
    const quota = Number(await page.getAttribute('#storage-quota', 'data-quota'));
    assert.ok(quota > total, `quota ${quota}`);
    assert.match(await page.textContent('#storage-quota'), /^[\d.]+ [KMG]?B \/ [\d.]+ [KMG]?B（[\d.]+%）$/);
    await page.locator('#storage-card').screenshot({ path: path.join(OUT, 'admin-storage.png') });

    // 4. A plain and a protected backup of the same workspace.
    const plain = await download(page, () => page.click('#export-backup'), 'admin-plain.zip');
    await page.check('#backup-protect');
    await page.locator('#passphrase-warning').waitFor();
    assert.match(await page.textContent('#passphrase-warning'), /口令无法找回/);
    await page.fill('#backup-passphrase', '春天 的 口令 2026');
    await page.fill('#backup-passphrase2', '春天 的 口令 2025');
    assert.match(await page.textContent('#passphrase-problem'), /不一致/);
    assert.ok(await page.isDisabled('#export-backup'));
    await page.fill('#backup-passphrase2', '春天 的 口令 2026');
    await page.locator('#export-backup:not([disabled])').waitFor();
    await page.locator('#backup-card').screenshot({ path: path.join(OUT, 'admin-backup-protect.png') });
    const sealed = await download(page, () => page.click('#export-backup'), 'admin-sealed.kefubak');
    assert.match(sealed.name, /^客服主管工作台备份_\d{4}-\d\d-\d\d_\d{6}_加密\.kefubak$/);
    const sealedBytes = fs.readFileSync(sealed.file);
    assert.equal(sealedBytes.subarray(0, 8).toString('latin1'), 'KEFUSEAL');
    assert.ok(!sealedBytes.includes(Buffer.from('PK\x03\x04', 'latin1')), 'nothing of the zip shows');
    assert.ok(!sealedBytes.includes(Buffer.from('kefu-backup.json')));

    // 5. Wrong passphrase, then a flipped byte: refused, nothing changes.
    const before = await storedRecords(page);
    await page.setInputFiles('#restore-file', sealed.file);
    await page.locator('#restore-locked').waitFor({ timeout: 30_000 });
    assert.match(await page.textContent('#restore-locked'), /设有口令保护/);
    await page.fill('#restore-passphrase', '夏天 的 口令');
    await page.click('#restore-with-passphrase');
    const wrong = page.locator('.notice.error', { hasText: '口令不对' });
    await wrong.waitFor({ timeout: 60_000 });
    assert.match(await wrong.textContent(), /工作区未改变/);
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 60_000 });
    await page.locator('#restore-locked').screenshot({ path: path.join(OUT, 'admin-restore-locked.png') });
    assert.deepEqual(await storedRecords(page), before, 'a wrong passphrase changes nothing');
    await page.click('#restore-cancel');

    const flippedFile = path.join(OUT, 'admin-flipped.kefubak');
    const flipped = Buffer.from(sealedBytes);
    flipped[Math.floor(flipped.length / 2)] ^= 0x01;
    fs.writeFileSync(flippedFile, flipped);
    await page.setInputFiles('#restore-file', flippedFile);
    await page.locator('#restore-locked').waitFor({ timeout: 30_000 });
    await page.fill('#restore-passphrase', '春天 的 口令 2026');
    await page.click('#restore-with-passphrase');
    await page.locator('.notice.error', { hasText: 'admin-flipped.kefubak' }).waitFor({ timeout: 60_000 });
    assert.match(await page.locator('.notice.error', { hasText: 'admin-flipped.kefubak' }).textContent(), /改动过/);
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 60_000 });
    assert.deepEqual(await storedRecords(page), before, 'a changed file changes nothing');
    await page.click('#restore-cancel');

    // 6. Erase everything: no workspace data is left in IndexedDB or localStorage.
    await page.click('#lang-en');
    await page.click('#lang-zh');
    assert.ok((await storedRecords(page)).some(([s, k]) => s === 'localStorage' && k === 'kefu.settings'), 'settings were stored');
    await page.click('#clear-all');
    await page.locator('.notice.success', { hasText: '已清除全部数据' }).waitFor({ timeout: 60_000 });
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 60_000 });
    const left = await storedRecords(page);
    assert.deepEqual(left.map(([s, k]) => `${s}/${k}`), ['meta/manifest'], JSON.stringify(left).slice(0, 500));
    assert.deepEqual(JSON.parse(left[0][2]).datasets, []);
    assert.equal(await page.textContent('#dataset-count'), '0');
    await page.locator('#audit-empty').waitFor();
    assert.match(await page.textContent('#audit-empty'), /还没有操作记录/);
    await shot(page, 'admin-erased');

    // 7. The right passphrase restores the same workspace (and its audit trail).
    await page.setInputFiles('#restore-file', sealed.file);
    await page.locator('#restore-locked').waitFor({ timeout: 30_000 });
    await page.fill('#restore-passphrase', '春天 的 口令 2026');
    await page.press('#restore-passphrase', 'Enter');
    await page.locator('.notice.success', { hasText: /已从备份恢复 8 个数据集/ }).waitFor({ timeout: 120_000 });
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(await page.locator('#restore-locked').count(), 0);
    await page.uncheck('#backup-protect');
    const again = await download(page, () => page.click('#export-backup'), 'admin-again.zip');
    const a = entries(plain.file);
    const c = entries(again.file);
    assert.deepEqual(Object.keys(c).sort(), Object.keys(a).sort());
    assert.ok(a['audit.json'] && a['work/qa.json'], Object.keys(a).join(' '));
    for (const name of Object.keys(a).filter((n) => n !== 'audit.json')) {
      assert.ok(Buffer.from(a[name]).equals(Buffer.from(c[name])), `${name} differs after the protected round trip`);
    }
    // The restored log is the backup's, plus the restore itself.
    const logA = JSON.parse(strFromU8(a['audit.json'])).entries;
    const logC = JSON.parse(strFromU8(c['audit.json'])).entries;
    assert.deepEqual(logC.slice(0, logA.length), logA);
    assert.equal(logC.length, logA.length + 1);
    assert.equal(logC.at(-1).action, 'restore');
    assert.match(logC.at(-1).zh, /^从备份“admin-sealed\.kefubak”恢复/);
    await page.locator('#audit-table tbody tr[data-action="restore"]').waitFor({ timeout: 30_000 });
    await nav(page, 'import');
    assert.deepEqual(await datasetRows(page), rows);

    assert.deepEqual(b.problems, []);
    assert.deepEqual(foreignRequests(b.requests, site.origin), []);
  } finally {
    await b.close();
  }
});
