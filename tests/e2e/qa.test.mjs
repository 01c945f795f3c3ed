// End-to-end test of the QA page (issue 4, first part): with no chats it says what to do; with
// the demo workspace every conversation is checked, agents are listed with their automatic
// scores, an agent's worst conversation opens with its evidence highlighted; after a reload the
// page computes the same overview again.
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
