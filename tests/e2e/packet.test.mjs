// End-to-end test of agent packets (issue 8): the supervisor loads the demo, reviews one of an
// agent's conversations and exports a passphrase-protected packet for that agent. A FRESH
// browser profile (the agent's computer) opens it: a wrong passphrase and a copy with one
// flipped byte are refused cleanly (nothing stored changes), the right passphrase shows only
// that agent's data (no other demo agent's name anywhere on the page). The agent disputes the
// review and acknowledges the training sheet; the reply file goes back to the supervisor's
// profile, where the dispute appears in the QA dispute queue — once, however often it is dropped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, open, ready, shot, nav, download, storedText, foreignRequests, OUT } from './harness.mjs';

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

const PASS = '蓝色-海豚-2026';

test('a protected packet opens only with its passphrase, shows one agent, and its reply lands in the dispute queue', async () => {
  const sup = await launch();
  let agent;
  try {
    const page = sup.page;
    await open(page, site.origin + '/#/import');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);

    // Review one conversation of the first agent of the QA overview (saving the draft).
    await nav(page, 'qa');
    await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
    const accounts = await page.$$eval('#qa-agents tbody tr', (rows) => rows.map((r) => r.dataset.agent));
    assert.ok(accounts.length >= 12, `agents: ${accounts.length}`);
    const target = accounts[0];
    await page.click(`#qa-agents tr[data-agent="${target}"]`);
    await page.locator('#qa-conversations tbody tr').first().waitFor({ timeout: 60_000 });
    await page.locator('#qa-conversations tbody tr').first().click();
    await page.locator('#qa-conversation').waitFor({ timeout: 60_000 });
    await page.locator('#review-state[data-saved="false"]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('s');
    await page.locator('#review-state[data-saved="true"]').waitFor({ timeout: 30_000 });

    // Export a protected packet for that agent.
    await nav(page, 'share');
    await page.locator('#packet-agent option').nth(2).waitFor({ state: 'attached', timeout: 60_000 });
    const options = await page.$$eval('#packet-agent option', (os) => os.map((o) => ({ value: o.value, text: o.textContent })));
    const mine = options.find((o) => o.value === target);
    assert.ok(mine, `${target} is offered: ${JSON.stringify(options.slice(0, 3))}`);
    const realName = mine.text.split('（')[0];
    await page.selectOption('#packet-agent', target);
    await page.fill('#packet-pass', PASS);
    await page.fill('#packet-pass2', PASS + 'x');
    await page.locator('#packet-pass-mismatch').waitFor();
    assert.equal(await page.isDisabled('#packet-export'), true, 'mismatched passphrases cannot export');
    assert.match(await page.textContent('#packet-pass-warning'), /口令无法找回/);
    await page.fill('#packet-pass2', PASS);
    assert.equal(await page.isDisabled('#packet-export'), false);
    await shot(page, 'packet-share');
    const packet = await download(page, () => page.click('#packet-export'), 'packet.kefupack');
    assert.match(packet.name, /^绩效包_.+\.kefupack$/);
    const bytes = fs.readFileSync(packet.file);
    assert.equal(bytes.subarray(0, 8).toString('latin1'), 'KEFUSEAL', 'the packet is sealed');
    assert.ok(!bytes.includes(Buffer.from(target.split(':')[1])), 'the agent nick is not readable in the file');
    // Every other agent: sub-account, nick and real name (from the export list).
    const others = options.filter((o) => o.value && o.value !== target).flatMap((o) => {
      const [name] = o.text.split('（');
      return [o.value, o.value.split(':')[1], name].filter((s) => s && s.length >= 2);
    });
    assert.ok(others.length >= 30, `${others.length} identifiers of other agents`);

    // A copy with one flipped byte in the middle.
    const flipped = path.join(OUT, 'packet-flipped.kefupack');
    const bad = Buffer.from(bytes);
    bad[Math.floor(bad.length / 2)] ^= 0x01;
    fs.writeFileSync(flipped, bad);

    // The agent's computer: a fresh profile.
    agent = await launch();
    const ap = agent.page;
    await open(ap, site.origin + '/');
    const storedBefore = await storedText(ap);

    // 1. Wrong passphrase: refused, nothing shown, nothing stored.
    await ap.setInputFiles('#pick-files', packet.file);
    await ap.locator('#agent-gate').waitFor({ timeout: 30_000 });
    await ap.fill('#agent-pass', 'wrong passphrase');
    await ap.click('#agent-unlock');
    await ap.locator('#agent-gate-error').waitFor({ timeout: 60_000 });
    assert.match(await ap.textContent('#agent-gate-error'), /口令不对/);
    assert.equal(await ap.locator('#agent-view').count(), 0);
    await shot(ap, 'packet-wrong-passphrase');
    await ap.click('#agent-close');
    await ap.locator('#agent-gate').waitFor({ state: 'detached' });

    // 2. One flipped byte: refused with the same clear message, even with the right passphrase.
    await ap.setInputFiles('#pick-files', flipped);
    await ap.locator('#agent-gate').waitFor({ timeout: 30_000 });
    await ap.fill('#agent-pass', PASS);
    await ap.click('#agent-unlock');
    await ap.locator('#agent-gate-error').waitFor({ timeout: 60_000 });
    assert.match(await ap.textContent('#agent-gate-error'), /改动过/);
    assert.equal(await ap.locator('#agent-view').count(), 0);
    await ap.click('#agent-close');
    assert.equal(await storedText(ap), storedBefore, 'refused files change nothing stored');
    assert.equal(await ap.locator('#datasets tbody tr').count(), 0, 'no data in the agent profile');

    // 3. The right passphrase: the agent view with only this agent's data.
    await ap.setInputFiles('#pick-files', packet.file);
    await ap.locator('#agent-gate').waitFor({ timeout: 30_000 });
    await ap.fill('#agent-pass', PASS);
    await ap.press('#agent-pass', 'Enter');
    await ap.locator('#agent-view').waitFor({ timeout: 60_000 });
    assert.match(await ap.textContent('#agent-name'), new RegExp(realName));
    assert.match(await ap.textContent('#agent-memory-note'), /不会保存到本浏览器/);
    assert.equal(await ap.locator('nav.nav').isVisible(), false, 'the workspace navigation is hidden');
    for (const id of ['#agent-kpis', '#agent-appraisal', '#agent-reviews', '#agent-training', '#agent-schedule']) {
      await ap.locator(id).waitFor();
    }
    assert.ok(await ap.locator('#agent-kpis tr').count() >= 10, 'KPIs are listed');
    assert.match(await ap.textContent('#agent-grade'), /总分 [\d.]+ · 等级/);
    assert.equal(await ap.locator('.agent-review').count(), 1, 'the one review of this agent');
    // Open every conversation, then read the whole page's text.
    await ap.$$eval('#agent-view details', (ds) => ds.forEach((d) => { d.open = true; }));
    const text = await ap.evaluate(() => document.body.innerText);
    for (const o of others) {
      assert.ok(!text.includes(o), `another agent's name appears: ${o}`);
    }
    assert.ok(!/1[3-9]\d{9}/.test(text), 'no full phone number');
    const buyers = await ap.$$eval('.agent-review h3', (hs) => hs.map((h) => h.textContent));
    assert.ok(buyers.every((b) => b.includes('*')), `buyers masked: ${buyers}`);
    await shot(ap, 'packet-agent-view');
    assert.equal(await storedText(ap), storedBefore, 'opening a packet stores nothing');

    // Dispute the review, acknowledge the training sheet, download the reply.
    const review = ap.locator('.agent-review').first();
    await review.locator('.dispute-toggle').click();
    await review.locator('.dispute-reason').selectOption('buyer_context');
    await review.locator('.dispute-comment').fill('买家问的是另一款，我的回答没有问题');
    await ap.check('#agent-ack');
    assert.match(await ap.textContent('#agent-reply-summary'), /申诉 1 条，已确认培训单/);
    await shot(ap, 'packet-agent-dispute');
    const reply = await download(ap, () => ap.click('#agent-make-reply'), 'reply.kefureply');
    assert.match(reply.name, /^回执_.+\.kefureply$/);
    const replyJson = JSON.parse(fs.readFileSync(reply.file, 'utf8'));
    assert.equal(replyJson.disputes.length, 1);
    assert.equal(replyJson.acks.length, 1);
    assert.equal(replyJson.agent, target);
    // The printed training sheet (print media).
    await ap.emulateMedia({ media: 'print' });
    await shot(ap, 'packet-agent-print');
    await ap.emulateMedia({ media: 'screen' });
    assert.equal(await storedText(ap), storedBefore, 'the agent view stored nothing');
    assert.deepEqual(foreignRequests(agent.requests, site.origin), []);
    assert.deepEqual(agent.problems, []);

    // Back at the supervisor: drop the reply (twice) on the share page.
    await page.setInputFiles('#pick-reply', reply.file);
    await page.locator('#replies-table tr[data-reply]').waitFor({ timeout: 60_000 });
    assert.equal(await page.getAttribute('#replies-table tr[data-reply] td[data-disputes]', 'data-disputes'), '1');
    assert.match(await page.textContent('#replies-table'), /培训单/);
    await page.setInputFiles('#pick-reply', reply.file);
    await page.locator('.notice', { hasText: '之前已经应用过' }).first().waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#replies-table tr[data-reply]').count(), 1, 'applied once');
    await shot(page, 'packet-replies');

    // The dispute is in the QA dispute queue, once.
    await nav(page, 'qa');
    await page.locator('#qa-agents tbody tr').first().waitFor({ timeout: 120_000 });
    await page.click('#qa-tabs [data-tab="disputes"]');
    const row = page.locator('#qa-disputes tr[data-status="open"]');
    await row.first().waitFor({ timeout: 60_000 });
    assert.equal(await row.count(), 1);
    const rowText = await row.first().textContent();
    assert.match(rowText, /买家原因\/上下文：买家问的是另一款/);
    assert.ok(rowText.includes(target), `the agent is named: ${rowText}`);
    await shot(page, 'packet-dispute-queue');
    assert.deepEqual(foreignRequests(sup.requests, site.origin), []);
    assert.deepEqual(sup.problems, []);
  } finally {
    if (agent) await agent.close();
    await sup.close();
  }
});
