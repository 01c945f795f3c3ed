// End-to-end tests of the QA page (issue 4). First: with no chats it says what to do; with the
// demo workspace every conversation is checked, agents are listed with their automatic scores,
// an agent's worst conversation opens with its evidence highlighted and is reviewed from the
// keyboard; after a reload the page computes the same overview again. Second: the reviewer's
// desk — a sampling plan walked with the keyboard, a dispute accepted with a new score, a
// second reviewer and the calibration view, 未成交分析, editing a rule's word list (the hit
// count changes), reload keeps all of it, and 恢复默认.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, ready, shot, nav, foreignRequests } from './harness.mjs';

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

test('QA overview, drill-down and highlighted evidence on the demo workspace', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/#/qa');
    await page.locator('#qa-empty').waitFor();
    assert.match(await page.textContent('#qa-empty'), /还没有聊天记录/);

    await nav(page, 'import');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);

    await nav(page, 'qa');
    await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
    const summary = await page.textContent('#qa-summary');
    assert.match(summary, /已质检 [\d,]+ 个会话、[\d,]+ 条消息；团队自动评分 \d+\.\d。/);
    const agents = await page.$$eval('#qa-agents tbody tr', (rows) => rows.map((r) => ({
      name: r.dataset.agent,
      score: r.querySelector('[data-score="auto"]').textContent,
      cells: [...r.querySelectorAll('td')].map((td) => td.textContent),
    })));
    assert.ok(agents.length >= 12, `agents: ${agents.length}`);
    for (const a of agents) {
      assert.match(a.name, /:/, 'sub-account names like 店铺名:小美');
      const s = Number(a.score);
      // 100 is full marks; bonus items (e.g. a rating invitation) may add a few points.
      assert.ok(s >= 0 && s <= 110, `${a.name}: score ${a.score}`);
    }
    // Scores differ between agents (the demo team has good and poor agents).
    assert.ok(new Set(agents.map((a) => a.score)).size > 3, JSON.stringify(agents.map((a) => a.score)));
    await shot(page, 'qa-overview');

    // The agent with the lowest score: their conversations, worst first.
    const worst = [...agents].sort((x, y) => Number(x.score) - Number(y.score))[0];
    await page.click(`#qa-agents tr[data-agent="${worst.name}"]`);
    await page.locator('#qa-conversations tbody tr').first().waitFor({ timeout: 60_000 });
    const hits = await page.$$eval('#qa-conversations tbody tr', (rows) => rows.map((r) => Number(r.dataset.hits)));
    assert.ok(hits.some((h) => h > 0), 'some conversations have evidence');
    // Buyers are masked in the list.
    const buyers = await page.$$eval('#qa-conversations tbody tr td:nth-child(2)', (tds) => tds.map((t) => t.textContent));
    assert.ok(buyers.every((n) => n.includes('*')), `masked buyers: ${buyers.slice(0, 5)}`);

    const flagged = page.locator('#qa-conversations tbody tr:not([data-hits="0"])').first();
    await flagged.click();
    await page.locator('#qa-conversation').waitFor({ timeout: 60_000 });
    const evidence = await page.locator('#qa-conversation mark.hit, #qa-conversation .badge.warn').count();
    assert.ok(evidence > 0, 'the conversation shows its evidence');
    const rules = await page.$$eval('#qa-conversation mark.hit, #qa-conversation .badge.warn',
      (els) => els.map((e) => e.dataset.rule || e.dataset.flag));
    assert.ok(rules.every((r) => r && r.length > 1), JSON.stringify(rules));
    assert.ok(await page.locator('#qa-conversation li.line').count() >= 2);
    await shot(page, 'qa-conversation');

    // Review it from the keyboard: change the first item, save (a reason is required), save.
    const review = page.locator('#qa-review');
    await review.waitFor();
    assert.equal(await page.getAttribute('#review-state', 'data-saved'), 'false');
    const first = review.locator('tr[data-category]').first();
    const category = await first.getAttribute('data-category');
    const before = await first.getAttribute('data-given');
    const target = before === '1' ? '2' : '1';
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press(target);
    assert.equal(await first.getAttribute('data-given'), target);
    await page.keyboard.press('s');
    await review.locator('.review-errors li').first().waitFor();
    assert.match(await review.locator('.review-errors').textContent(), /改动了自动评分，请填写理由/);
    assert.equal(await page.getAttribute('#review-state', 'data-saved'), 'false');
    await page.fill('#review-comment-0', '买家已确认，属误判');
    await review.locator('h3').click();
    await page.keyboard.press('s');
    await page.locator('#review-state[data-saved="true"]').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('.notice.success').last().textContent(), /复核已保存/);
    const reviewedFacts = await page.textContent('#qa-conversation p.muted');
    // The overview counts the review for the agent.
    await page.locator(`#qa-agents tr[data-agent="${worst.name}"] [data-reviews="1"]`).waitFor({ timeout: 30_000 });
    // Next and previous conversation from the keyboard.
    await page.keyboard.press(']');
    await page.waitForFunction((f) => document.querySelector('#qa-conversation p.muted')?.textContent !== f, reviewedFacts);
    await page.keyboard.press('[');
    await page.waitForFunction((f) => document.querySelector('#qa-conversation p.muted')?.textContent === f, reviewedFacts);
    await page.locator('#review-state[data-saved="true"]').waitFor();
    await shot(page, 'qa-reviewed');

    // After a reload the overview is computed again from the stored workspace, and the review
    // is still there.
    await page.reload();
    await ready(page);
    await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
    assert.equal(await page.textContent('#qa-summary'), summary);
    await page.locator(`#qa-agents tr[data-agent="${worst.name}"] [data-reviews="1"]`).waitFor();
    await page.click(`#qa-agents tr[data-agent="${worst.name}"]`);
    await page.locator('#qa-conversations tbody tr:not([data-hits="0"])').first().click();
    await page.locator('#review-state[data-saved="true"]').waitFor({ timeout: 30_000 });
    assert.equal(await page.textContent('#qa-conversation p.muted'), reviewedFacts);
    const again = page.locator(`#qa-review tr[data-category="${category}"]`);
    assert.equal(await again.getAttribute('data-given'), target);
    assert.equal(await page.inputValue('#review-comment-0'), '买家已确认，属误判');

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});

/** A fresh profile: load the demo workspace on the import page, open QA, wait for the table. */
const demoOnQa = async (page) => {
  await open(page, site.origin + '/#/import');
  await page.click('#load-demo-welcome');
  await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
  await ready(page);
  await nav(page, 'qa');
  await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
};
const tab = async (page, id) => {
  await page.click(`#qa-tabs [data-tab="${id}"]`);
};
const facts = (page) => page.textContent('#qa-conversation p.muted');
const rudeHits = async (page) => Number(await page.getAttribute('#qa-rules tr[data-rule="rude"]', 'data-hits'));

test('QA desk: sampling, disputes, calibration, unconverted, rule editor, reload and reset', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await demoOnQa(page);
    // The weekly trend is drawn for every agent, and the rules hit most often are listed.
    const sparks = await page.$$eval('#qa-agents tbody svg.spark', (s) => s.map((x) => x.dataset.scores));
    assert.ok(sparks.length >= 12 && sparks.every((d) => /\d/.test(d)), JSON.stringify(sparks.slice(0, 3)));
    const rudeBefore = await rudeHits(page);
    assert.ok(rudeBefore >= 0);
    assert.ok(await page.locator('#qa-rules tbody tr').count() >= 10);

    // 1. Sampling plan: 2 per agent in the latest week; walk it with the keyboard.
    await tab(page, 'sampling');
    await page.fill('#sample-n', '2');
    await page.click('#sample-draw');
    await page.locator('#sample-progress').waitFor({ timeout: 60_000 });
    const progress0 = await page.textContent('#sample-progress');
    const m = progress0.match(/^已抽查 0 \/ (\d+)$/);
    assert.ok(m, progress0);
    const planned = Number(m[1]);
    assert.ok(planned >= 12, `planned ${planned}`);
    await page.click('#sample-start');
    await page.locator('#qa-conversation').waitFor({ timeout: 60_000 });
    const f1 = await facts(page);
    await page.keyboard.press(']');
    await page.waitForFunction((f) => document.querySelector('#qa-conversation p.muted')?.textContent !== f, f1);
    const sampledFacts = await facts(page);
    await page.locator('#review-state[data-saved="false"]').waitFor();
    await page.keyboard.press('s');
    await page.locator('#review-state[data-saved="true"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction((p) => document.querySelector('#sample-progress')?.textContent === p, `已抽查 1 / ${planned}`);
    assert.equal(await page.locator('#qa-sample tr[data-reviewed="true"]').count(), 1);
    await shot(page, 'qa-sampling');

    // 2. Dispute the review, then accept it with a changed value: the stored score changes.
    await page.click('#dispute-open');
    await page.fill('#dispute-reason', '买家先出言不逊，客服回复合理');
    await page.click('#dispute-submit');
    await page.locator('#qa-dispute[data-status="open"]').waitFor({ timeout: 30_000 });
    await tab(page, 'disputes');
    const openRow = page.locator('#qa-disputes tr[data-status="open"]');
    await openRow.waitFor();
    assert.equal(await openRow.count(), 1);
    assert.match(await openRow.textContent(), /买家先出言不逊/);
    const scoreBefore = await openRow.locator('td.num').textContent();
    await openRow.click();
    await page.waitForFunction((f) => document.querySelector('#qa-conversation p.muted')?.textContent === f, sampledFacts);
    await page.locator('#qa-dispute[data-status="open"]').waitFor();
    const first = page.locator('#qa-review tr[data-category]').first();
    const given = await first.getAttribute('data-given');
    const lower = given === '1' ? '2' : '1';
    await page.locator('#qa-review h3').click();
    await page.keyboard.press(lower);
    assert.equal(await first.getAttribute('data-given'), lower);
    if (await page.locator('#review-comment-0').count()) await page.fill('#review-comment-0', '申诉核实后调整');
    await page.fill('#dispute-note', '核实后改分');
    await page.click('#dispute-accept');
    const accepted = page.locator('#qa-disputes tr[data-status="accepted"]');
    await accepted.waitFor({ timeout: 30_000 });
    assert.notEqual(await accepted.locator('td.num').textContent(), scoreBefore, 'accepting changed the score');
    assert.match(await accepted.textContent(), /已接受，已改分/);
    await page.locator('#qa-dispute[data-status="resolved"]').waitFor();
    await shot(page, 'qa-disputes');

    // 3. A second reviewer scores the same conversation differently: calibration shows it.
    await page.fill('#qa-reviewer', '王组长');
    await page.click('#qa-reviewer-apply');
    await page.waitForFunction(() => document.querySelector('#qa-reviewer-mode')?.textContent.includes('王组长'));
    await page.waitForFunction(() => document.querySelector('#review-by')?.textContent.includes('主管'));
    const chief = await first.getAttribute('data-given');
    const other = chief === '1' ? '3' : '1';
    await page.locator('#qa-review h3').click();
    await page.keyboard.press(other);
    if (await page.locator('#review-comment-0').count()) await page.fill('#review-comment-0', '标准更严');
    await page.locator('#qa-review h3').click();
    await page.keyboard.press('s');
    await page.waitForFunction(() => document.querySelector('#review-by')?.textContent.includes('王组长'), null, { timeout: 30_000 });
    await tab(page, 'calibration');
    const wang = page.locator('.calibration-group tr[data-reviewer="王组长"]');
    await wang.waitFor({ timeout: 30_000 });
    assert.notEqual(Number(await wang.getAttribute('data-deviation')), 0, 'the second reviewer deviates');
    assert.ok(await page.locator('.calibration-group tr[data-reviewer="主管"]').count() === 1);
    const disagree = await page.$$eval('.calibration-categories tr[data-category]',
      (rows) => rows.filter((r) => r.dataset.agreeing !== r.dataset.pairs).length);
    assert.ok(disagree >= 1, 'a category where they disagree');
    await shot(page, 'qa-calibration');

    // 4. Unconverted enquiries (the demo has orders): reasons with counts, examples open.
    await tab(page, 'unconverted');
    await page.locator('#unconverted-reasons tr.reason').first().waitFor({ timeout: 60_000 });
    const reasons = await page.$$eval('#unconverted-reasons tr.reason', (rows) => rows.map((r) => [r.dataset.reason, Number(r.dataset.count)]));
    assert.ok(reasons.length >= 3 && reasons.every(([, n]) => n > 0), JSON.stringify(reasons));
    assert.ok(reasons.some(([r]) => r === 'price'), JSON.stringify(reasons));
    assert.match(await page.textContent('#unconverted-summary'), /咨询 [\d,]+ 次/);
    await page.locator('#unconverted-reasons ul.examples li').first().click();
    await page.locator('#qa-conversation li.line').first().waitFor({ timeout: 30_000 });
    await shot(page, 'qa-unconverted');

    // 5. Edit a rule: "亲" (in many agent lines) becomes a forbidden phrase; the hit count moves.
    await tab(page, 'rules');
    const words = page.locator('.rule-edit[data-rule="rude"] .word-list[data-list="phrases"]');
    await words.locator('.phrase-input').fill('亲');
    await words.locator('.phrase-add').click();
    await words.locator('.chip[data-phrase="亲"]').waitFor();
    await page.click('#cfg-save');
    await page.locator('#cfg-state[data-custom="true"]').waitFor({ timeout: 60_000 });
    await shot(page, 'qa-rules');
    await tab(page, 'overview');
    await page.waitForFunction((n) => Number(document.querySelector('#qa-rules tr[data-rule="rude"]')?.dataset.hits) > n,
      rudeBefore, { timeout: 120_000 });
    const rudeAfter = await rudeHits(page);

    await tab(page, 'help');
    assert.match(await page.textContent('#help-formulas'), /评审得分 = Σ\(权重 × 分类得分\)/);
    assert.match(await page.textContent('#help-rules tr[data-rule="slow_reply"]'), /120 秒/);
    assert.match(await page.textContent('#help-matching'), /暂不识别/);
    await shot(page, 'qa-help');

    // 6. Reload: plan, disputes, reviewer and rules are still there.
    await page.reload();
    await ready(page);
    await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
    await page.waitForFunction((n) => Number(document.querySelector('#qa-rules tr[data-rule="rude"]')?.dataset.hits) === n,
      rudeAfter, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('#qa-reviewer')?.value === '王组长');
    await tab(page, 'sampling');
    await page.waitForFunction((p) => document.querySelector('#sample-progress')?.textContent === p, `已抽查 1 / ${planned}`);
    await tab(page, 'disputes');
    await page.locator('#qa-disputes tr[data-status="accepted"]').waitFor();
    await tab(page, 'rules');
    await page.locator('#cfg-state[data-custom="true"]').waitFor();
    await page.locator('.rule-edit[data-rule="rude"] .chip[data-phrase="亲"]').waitFor();

    // 7. 恢复默认: the default rules again, and the count they give.
    await page.click('#cfg-reset');
    await page.locator('#cfg-state[data-custom="false"]').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.rule-edit[data-rule="rude"] .chip[data-phrase="亲"]').count(), 0);
    await tab(page, 'overview');
    await page.waitForFunction((n) => Number(document.querySelector('#qa-rules tr[data-rule="rude"]')?.dataset.hits) === n,
      rudeBefore, { timeout: 120_000 });

    // Print: the overview on paper, without the tabs and buttons.
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'qa-print');
    await page.emulateMedia({ media: 'screen' });

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});

test('QA rules of one\'s own: a custom rule and category lower the score, 未成交 words, reload, remove', async () => {
  const b = await launch();
  const { page } = b;
  const teamScore = async () => Number((await page.textContent('#qa-summary')).match(/团队自动评分 ([\d.]+)/)[1]);
  try {
    await demoOnQa(page);
    const before = await teamScore();
    assert.equal(await page.locator('#qa-rules tr[data-rule^="custom-"]').count(), 0);

    // A category of one's own on the pre-sale card, then a rule that lowers it.
    await tab(page, 'rules');
    const pre = page.locator('.card-edit').first();
    assert.ok(await pre.locator('.cat-new-add').isDisabled(), 'no name, no category');
    await pre.locator('.cat-new-name').fill('称呼规范');
    await pre.locator('.cat-new-add').click();
    const cat = pre.locator('tr[data-category="custom-1"]');
    await cat.waitFor();
    assert.ok(await page.locator('#rule-new-add').isDisabled(), 'no name and words, no rule');
    await page.fill('#rule-new-name', '不用“亲”称呼');
    await page.fill('#rule-new-words', '亲，亲亲、 亲');
    const link = await page.$eval('#rule-new-link',
      (s) => [...s.options].find((o) => o.textContent.includes('称呼规范'))?.value);
    assert.ok(link, 'the new category can be chosen');
    await page.selectOption('#rule-new-link', link);
    await page.click('#rule-new-add');
    const rule = page.locator('.rule-edit[data-rule="custom-1"]');
    await rule.waitFor();
    assert.deepEqual(await rule.locator('.word-list[data-list="phrases"] .chip').evaluateAll((c) => c.map((x) => x.dataset.phrase)), ['亲', '亲亲']);
    await cat.locator('.chip[data-rule="custom-1"]').waitFor();
    // The same rule also lowers the after-sale card's first category, linked from the table.
    const after = page.locator('.card-edit').nth(1).locator('tbody tr').first();
    await after.locator('.cat-link').selectOption('custom-1');
    await after.locator('.chip[data-rule="custom-1"]').waitFor();
    // 未成交: no price words any more.
    const price = page.locator('#qa-unconverted-editor .word-list[data-list="price"]');
    assert.ok(await price.locator('.chip').count() > 0);
    while (await price.locator('.chip-remove').count()) await price.locator('.chip-remove').first().click();
    await page.click('#cfg-save');
    await page.locator('#cfg-state[data-custom="true"]').waitFor({ timeout: 60_000 });
    await shot(page, 'qa-rules-own');

    // The overview counts the new rule under its name and the team score goes down.
    await tab(page, 'overview');
    const own = page.locator('#qa-rules tr[data-rule="custom-1"]');
    await page.waitForFunction(() => Number(document.querySelector('#qa-rules tr[data-rule="custom-1"]')?.dataset.hits) > 0,
      null, { timeout: 120_000 });
    assert.match(await own.textContent(), /不用“亲”称呼/);
    const lowered = await teamScore();
    assert.ok(lowered < before, `team score ${lowered} < ${before}`);
    await tab(page, 'unconverted');
    await page.locator('#unconverted-reasons tr.reason').first().waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#unconverted-reasons tr.reason[data-reason="price"]').count(), 0, 'no price reason without price words');

    // After a reload everything is still there.
    await page.reload();
    await ready(page);
    await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
    assert.equal(await teamScore(), lowered);
    await tab(page, 'rules');
    await rule.waitFor();
    await cat.locator('.chip[data-rule="custom-1"]').waitFor();
    assert.equal(await price.locator('.chip').count(), 0);
    // Shipped rules and categories cannot be removed, only switched off.
    assert.equal(await page.locator('.rule-edit[data-rule="greeting"] .rule-remove').count(), 0);
    assert.equal(await pre.locator('tbody tr').first().locator('.cat-remove').count(), 0);

    // Removing the rule unlinks it everywhere; removing the category; the score is back.
    await rule.locator('.rule-remove').click();
    await rule.waitFor({ state: 'detached' });
    assert.equal(await page.locator('.card-edit .chip[data-rule="custom-1"]').count(), 0);
    await cat.locator('.cat-remove').click();
    await cat.waitFor({ state: 'detached' });
    await page.click('#cfg-save');
    await tab(page, 'overview');
    await page.waitForFunction(() => !document.querySelector('#qa-rules tr[data-rule="custom-1"]'), null, { timeout: 120_000 });
    await page.waitForFunction((n) => Number(/团队自动评分 ([\d.]+)/.exec(document.querySelector('#qa-summary')?.textContent || '')?.[1]) === n,
      before, { timeout: 60_000 });

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});
