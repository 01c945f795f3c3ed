// End-to-end test of the roster engine check (排班引擎自检, issue 6): on an empty workspace the
// roster page still offers the panel; Curtois & Qu Instance1.txt picked with a 2-second budget
// gives a result line in words with no hard violation, an objective of at least 607 (the
// proven optimum), the best known and the gap; a damaged file is refused naming the file and
// the line; the 150-agent, 4-week example reports its time to the first legal roster; Stop
// ends a long run with the best so far. Nothing stored changes. No timing assertions: the
// waits only bound how long the machine may take.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, open, ready, shot, storedRecords, foreignRequests, ROOT } from './harness.mjs';

const INSTANCE1 = path.join(ROOT, 'tests/data/roster/curtois/Instance1.txt');

/** The workspace's IndexedDB records (the language switch below changes only localStorage). */
const database = async (page) => JSON.stringify((await storedRecords(page)).filter(([store]) => store !== 'localStorage'));

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

/** Waits for the result line of a finished run whose text matches `re`. */
async function result(page, re) {
  await page.waitForFunction((src) => {
    const el = document.querySelector('#engine-result');
    return el && new RegExp(src).test(el.textContent);
  }, re.source, { timeout: 180_000 });
  await ready(page);
  return page.locator('#engine-result');
}

test('engine check: benchmark file, damaged file, practical case and Stop', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/#/roster');
    await page.locator('#roster-empty').waitFor();
    const stored = await database(page);

    // The panel is there without data; open it and set a 2-second budget.
    await page.click('#engine-check summary');
    assert.match(await page.textContent('#roster-engine'), /公开的排班基准题/);
    await page.fill('#engine-seconds', '2');
    await page.press('#engine-seconds', 'Tab');

    // 1. Instance 1: legal, objective ≥ 607, compared with the best known in words.
    await page.setInputFiles('#engine-file-input', INSTANCE1);
    const r1 = await result(page, /目标值 \d+/);
    const text1 = await r1.textContent();
    console.log(`Instance1, 2 s: ${text1}`);
    assert.equal(await r1.getAttribute('data-hard'), '0');
    const objective = Number(text1.match(/目标值 (\d+)/)[1]);
    assert.ok(objective >= 607, `objective ${objective}`);
    assert.equal(String(objective), await r1.getAttribute('data-objective'));
    assert.match(text1, /已知最优 607，差距 \d+\.\d%/);
    assert.match(text1, /硬性违规 0/);
    assert.match(text1, /首个合规排班用时 \d+\.\d\d 秒/);
    assert.match(text1, /公开基准第 1 题/);
    assert.equal(await r1.getAttribute('data-best'), '607');
    assert.ok(await page.locator('#engine-chart polyline').count() >= 1, 'the objective chart');
    await shot(page, 'roster-engine-instance1');

    // The same line in English.
    await page.click('#lang-switch');
    assert.match(await page.textContent('#engine-result'), /Result: objective \d+ \(lower is better\), best known 607, gap/);
    await page.click('#lang-switch');

    // 2. A damaged file names the file and the line.
    const broken = fs.readFileSync(INSTANCE1, 'utf8').replace('B,D=14,4320', 'B,D=14,many');
    const badLine = fs.readFileSync(INSTANCE1, 'utf8').split('\n').findIndex((l) => l.startsWith('B,D=14')) + 1;
    await page.setInputFiles('#engine-file-input', { name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from(broken) });
    await page.locator('#engine-error').waitFor({ timeout: 60_000 });
    const err = await page.textContent('#engine-error');
    assert.match(err, new RegExp(`broken\\.txt 第 ${badLine} 行`));
    assert.equal(await page.locator('#engine-result').count(), 0);

    // 3. The practical case: time to the first legal roster and the deficit.
    await page.click('#engine-case');
    const r2 = await result(page, /150 人 × 28 天/);
    const text2 = await r2.textContent();
    console.log(`practical case, 2 s: ${text2}`);
    assert.match(text2, /首个合规排班用时 \d+\.\d\d 秒/);
    assert.match(text2, /秒后缺人 \d+ 人·时段/);
    assert.ok(Number(await r2.getAttribute('data-first-legal')) > 0);
    assert.equal(await r2.getAttribute('data-hard'), '0');

    // 4. Stop ends a long run with the best so far.
    await page.fill('#engine-seconds', '120');
    await page.press('#engine-seconds', 'Tab');
    await page.click('#engine-case');
    await page.locator('#engine-live').waitFor({ timeout: 120_000 });
    assert.ok(await page.isEnabled('#engine-stop'));
    await page.click('#engine-stop');
    const r3 = await result(page, /已手动停止/);
    assert.equal(await r3.getAttribute('data-stopped'), 'true');
    assert.ok(await page.isEnabled('#engine-case'));

    assert.equal(await database(page), stored, 'the check stored nothing');
    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});
