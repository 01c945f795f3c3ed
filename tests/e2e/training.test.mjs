// End-to-end test of the Training page (issue 7): with the demo workspace, one agent's
// training sheet holds excerpts of that agent's own conversations (checked against the chat
// log stored in IndexedDB) and the rules they failed, names no other agent, and prints on A4
// portrait without the page chrome. The script library is searched, a reply edited, the edit
// survives a reload, and the library exports as CSV. The complaints register turns an item
// overdue when the injected clock (`?now=`) passes its promised reply time, and exports as
// XLSX and CSV (read back here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { serve, launch, open, ready, shot, nav, download, storedDatasets, foreignRequests, OUT } from './harness.mjs';

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

const nickOf = (a) => (a.includes(':') ? a.slice(a.indexOf(':') + 1) : a);

/** Every agent message text of the stored chat logs, by sender name. */
async function agentTexts(page) {
  const out = {};
  for (const d of await storedDatasets(page)) {
    const log = d.data.Chats;
    if (!log) continue;
    for (const t of log.threads) {
      // A stored message is the array [ts, from, kind, text].
      for (const [, from, kind, text] of t.messages) {
        if (kind === 'Agent') (out[log.names[from]] ||= []).push(text);
      }
    }
  }
  return out;
}

test('training sheet of one demo agent: own excerpts, failed rules, print; script library edit persists and exports', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/#/training');
    await page.locator('#training-empty').waitFor();
    await shot(page, 'training-empty');
    await nav(page, 'import');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);

    await nav(page, 'training');
    await page.locator('#training-sheet').waitFor({ timeout: 120_000 });
    const agents = await page.$$eval('#training-agent option', (os) => os.map((o) => o.value));
    assert.ok(agents.length >= 5, `agents: ${agents}`);
    // The second agent, to be sure the choice is followed.
    const agent = agents[1];
    await page.selectOption('#training-agent', agent);
    await page.locator(`#training-sheet[data-agent="${agent}"]`).waitFor({ timeout: 120_000 });
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 120_000 });

    const sheet = page.locator('#training-sheet');
    const text = await sheet.textContent();
    assert.ok((await page.textContent('#training-sheet-agent')).includes(agent));
    // The rules they failed, each with excerpts that mark the evidence.
    const rules = await page.$$eval('#training-sheet .focus-rule', (ls) => ls.map((l) => ({
      rule: l.dataset.rule,
      label: l.querySelector('.rule-label').textContent,
      excerpts: l.querySelectorAll('.excerpt').length,
      marked: l.querySelectorAll('mark.evidence, .excerpt-line.flagged').length,
      hits: Number(l.querySelector('.focus-stats').textContent.match(/^\d+/)[0]),
    })));
    assert.ok(rules.length >= 1 && rules.length <= 3, JSON.stringify(rules));
    for (const r of rules) {
      assert.ok(r.excerpts >= 1 && r.excerpts <= 3, `${r.rule}: ${r.excerpts} excerpts`);
      assert.ok(r.marked >= 1, `${r.rule}: the evidence is marked`);
      assert.ok(r.hits >= 1, `${r.rule} was failed`);
    }
    // The excerpts are the agent's own: every agent line is written by them, and its text is
    // one of their messages in the stored chats.
    const lines = await page.$$eval('#training-sheet .excerpt-line.agent', (ls) => ls.map((l) => ({
      who: l.querySelector('.who').textContent.replace(/：$/, ''),
      text: [...l.querySelectorAll(':scope > span:not(.who), :scope > mark')].map((n) => n.textContent).join(''),
    })));
    assert.ok(lines.length >= 1, 'agent lines in the excerpts');
    const texts = await agentTexts(page);
    const own = texts[agent] || [];
    assert.ok(own.length > 0, `the agent ${agent} has messages in the stored chats`);
    let found = 0;
    for (const l of lines) {
      assert.ok(l.who === agent || l.who === nickOf(agent), `an agent line of ${l.who}, not ${agent}`);
      if (own.some((t) => t === l.text || t.includes(l.text))) found++;
      else assert.ok(l.text.includes('*'), `"${l.text}" is not among ${agent}'s messages`);
    }
    assert.ok(found >= 1 && found >= lines.length / 2, `${found} of ${lines.length} lines found in the chats`);
    // No other agent is named on the sheet (sub-account, nor the nick as a speaker).
    const speakers = await page.$$eval('#training-sheet .excerpt-line .who', (ws) => ws.map((w) => w.textContent.replace(/：$/, '')));
    for (const other of agents.filter((a) => a !== agent)) {
      assert.ok(!text.includes(other), `the sheet names ${other}`);
      assert.ok(!speakers.includes(nickOf(other)), `${nickOf(other)} speaks on ${agent}'s sheet`);
    }
    // Model replies and the practice task are there; no phone number shows.
    assert.ok(await page.locator('#training-sheet .practice').count() >= 1);
    assert.ok(!/1[3-9]\d{9}/.test(text), 'no phone number on the sheet');
    assert.match(text, /签字/);
    await shot(page, 'training-sheet');

    // The print view: only the sheet, A4 portrait, evidence in 【】.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav.nav').isVisible(), false);
    assert.equal(await page.locator('#training-sheet-controls').isVisible(), false);
    assert.equal(await page.locator('.training-tabs').isVisible(), false);
    assert.ok(await sheet.isVisible());
    if (await page.locator('#training-sheet mark.evidence').count() > 0) {
      const bracket = await page.$eval('#training-sheet mark.evidence', (m) => getComputedStyle(m, '::before').content);
      assert.equal(bracket, '"【"', 'evidence printed in 【】');
    }
    const pdf = path.join(OUT, 'training-sheet.pdf');
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: false });
    const bytes = fs.readFileSync(pdf).toString('latin1');
    const pages = (bytes.match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 1 && pages <= 4, `${pages} pages`);
    const box = bytes.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)/);
    assert.ok(box && Number(box[1]) < Number(box[2]), 'portrait');
    await page.screenshot({ path: path.join(OUT, 'training-sheet-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // Script library: search, edit a reply, reload, the edit is still there; CSV export.
    await page.click('#training-tab-library');
    await page.locator('#library-table tbody tr').first().waitFor();
    const total = await page.locator('#library-table tbody tr').count();
    assert.ok(total >= 20, `default library: ${total}`);
    await page.fill('#library-search', '尺码');
    await page.waitForFunction((n) => document.querySelectorAll('#library-table tbody tr').length < n, total);
    const found1 = await page.$$eval('#library-table tbody tr', (rs) => rs.map((r) => r.textContent));
    assert.ok(found1.length >= 1, 'a reply about sizes');
    const id = await page.getAttribute('#library-table tbody tr >> nth=0', 'data-id');
    await page.click(`#library-table tr[data-id="${id}"] .library-edit`);
    const edited = '亲，这款尺码偏小，建议拍大一码，量好肩宽胸围发给我帮您核对哦（测试修改）';
    await page.fill('#library-edit-text', edited);
    await page.click('#library-save');
    await page.locator('#library-editor').waitFor({ state: 'detached' });
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 60_000 });
    assert.ok((await page.textContent(`#library-table tr[data-id="${id}"]`)).includes(edited));
    await shot(page, 'training-library');

    await page.reload();
    await ready(page);
    await page.click('#training-tab-library');
    await page.locator('#library-table tbody tr').first().waitFor();
    await page.fill('#library-search', '测试修改');
    await page.waitForFunction((i) => document.querySelector(`#library-table tr[data-id="${i}"]`), id);
    assert.ok((await page.textContent(`#library-table tr[data-id="${id}"]`)).includes(edited), 'the edit survives a reload');
    assert.equal(await page.locator('#library-table tbody tr').count(), 1);

    const { file } = await download(page, () => page.click('#library-csv'), 'training-library.csv');
    const csv = fs.readFileSync(file, 'utf8');
    assert.equal(csv.charCodeAt(0), 0xfeff, 'UTF-8 BOM');
    const head = csv.slice(1).split('\r\n')[0];
    assert.match(head, /分类/);
    assert.match(head, /话术/);
    assert.ok(csv.includes(edited), 'the edited reply is in the CSV');
    assert.ok(csv.split('\r\n').filter((l) => l.trim()).length >= total, 'every reply is in the CSV');

    // Candidates from the chats: the most frequent buyer questions, one reply added.
    await page.fill('#library-search', '');
    await page.click('#questions-load');
    await page.locator('#training-questions li.question').first().waitFor({ timeout: 120_000 });
    const questions = await page.locator('#training-questions li.question').count();
    assert.ok(questions >= 3, `question clusters: ${questions}`);
    const before = await page.locator('#library-table tbody tr').count();
    await page.click('#training-questions li.question >> nth=0 >> .add-candidate >> nth=0');
    await page.waitForFunction((n) => document.querySelectorAll('#library-table tbody tr').length === n + 1, before);
    await shot(page, 'training-questions');

    // The other parts render from the same data: plan with a session and its before/after
    // check, the weekly meeting sheet, the checklist with a sign-off, rewards and penalties.
    await page.click('#training-tab-plan');
    await page.locator('#training-topics-table tbody tr').first().waitFor({ timeout: 60_000 });
    const [pf, pt] = (await page.textContent('#training-topics p.muted')).match(/\d{4}-\d{2}-\d{2}/g);
    const mid = new Date((Date.parse(pf) + Date.parse(pt)) / 2).toISOString().slice(0, 10);
    await page.fill('#session-date', mid);
    await page.click('#session-add');
    await page.locator('#training-sessions .session').first().waitFor({ timeout: 60_000 });
    assert.match(await page.textContent('#training-sessions .before-after'), /前后对比/);
    await shot(page, 'training-plan');
    await page.click('#training-tab-meeting');
    await page.locator('#meeting-sheet').waitFor({ timeout: 60_000 });
    assert.ok(await page.locator('#meeting-sheet .focus-rule').count() >= 1, 'problems of the week');
    await shot(page, 'training-meeting');
    await page.click('#training-tab-checklist');
    await page.locator('#checklist-sheet').waitFor();
    await page.click('#checklist-sheet .sign-off >> nth=0');
    await page.locator('#checklist-sheet tr.done').first().waitFor({ timeout: 60_000 });
    await shot(page, 'training-checklist');
    await page.click('#training-tab-rewards');
    await page.locator('#rewards-table tbody tr').first().waitFor({ timeout: 60_000 });
    await shot(page, 'training-rewards');

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});

test('a complaint turns overdue when the injected clock passes its promised time; the register exports', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/?now=2026-11-20T10:00#/training');
    await page.click('#training-tab-complaints');
    await page.locator('#complaints-empty').waitFor();
    await page.click('#complaint-new');
    await page.locator('#complaint-form').waitFor();
    // The form starts at the page's clock.
    assert.equal(await page.inputValue('#complaint-received'), '2026-11-20T10:00');
    await page.fill('#complaint-customer', 'tb_buyer_8899');
    await page.fill('#complaint-order', '3302998877665544');
    await page.fill('#complaint-summary', '收到的外套开线，要求退货');
    await page.fill('#complaint-handler', '小美');
    await page.fill('#complaint-promised', '2026-11-20T12:00');
    await page.click('#complaint-save');
    await page.locator('#complaints-table tbody tr').first().waitFor();
    await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 60_000 });
    const row = page.locator('#complaints-table tbody tr').first();
    assert.equal(await row.getAttribute('class') || '', '', 'not overdue at 10:00');
    assert.equal((await row.locator('.overdue-cell').textContent()).trim(), '');
    const customer = await row.locator('td').nth(3).textContent();
    assert.ok(customer.includes('*') && !customer.includes('8899'), `customer masked: ${customer}`);
    await shot(page, 'training-complaint-on-time');

    // Past the promised time: overdue, marked 逾期 (the register is stored, so it is still there).
    await page.goto(site.origin + '/?now=2026-11-20T13:30#/training');
    await ready(page);
    await page.click('#training-tab-complaints');
    await page.locator('#complaints-table tbody tr.overdue').waitFor();
    const late = await page.textContent('#complaints-table tbody tr.overdue .overdue-cell');
    assert.match(late, /逾期/);
    assert.match(late, /1 小时 30 分/);
    await shot(page, 'training-complaint-overdue');

    // Export: XLSX (the overdue row is in the sheet) and CSV.
    const x = await download(page, () => page.click('#complaints-xlsx'), 'training-complaints.xlsx');
    const zip = unzipSync(new Uint8Array(fs.readFileSync(x.file)));
    const strings = strFromU8(zip['xl/sharedStrings.xml']);
    const sheetXml = strFromU8(zip['xl/worksheets/sheet1.xml']);
    const all = strings + sheetXml;
    assert.match(all, /投诉维权登记|承诺回复时间/);
    assert.ok(all.includes('3302998877665544'), 'the order is in the XLSX');
    assert.ok(all.includes('收到的外套开线'), 'the summary is in the XLSX');
    assert.match(all, /回复超时/);
    assert.ok(!all.includes('tb_buyer_8899'), 'the customer is masked in the XLSX');
    const c = await download(page, () => page.click('#complaints-csv'), 'training-complaints.csv');
    const csv = fs.readFileSync(c.file, 'utf8');
    assert.equal(csv.charCodeAt(0), 0xfeff);
    const [head, first] = csv.slice(1).split('\r\n');
    assert.match(head, /订单号/);
    assert.ok(first.includes('3302998877665544') && first.includes('回复超时'), first);

    // Print: the register only.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav.nav').isVisible(), false);
    assert.equal(await page.locator('#complaint-new').isVisible(), false);
    assert.ok(await page.locator('#complaints-table').isVisible());
    await page.pdf({ path: path.join(OUT, 'training-complaints.pdf'), format: 'A4', preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});
