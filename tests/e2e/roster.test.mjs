// End-to-end test of the roster page (issue 6): with the demo workspace the page forecasts the
// week after the data with its MAPE, computes agents needed (headline = table), generates a
// roster in the worker with a live objective chart, shows a hand edit that breaks the 11-hour
// rest as a violation naming the agent, keeps the edit after a reload, prints the weekly
// sheet on A4 landscape, and downloads a CSV with one row per agent. Shifts are dragged to
// swap (the broken rest shows at once) and to move (the coverage changes); locked cells refuse
// drags; one agent's personal schedule matches the grid and prints on A4 portrait. It also
// prints the in-browser time to the first legal roster (demo team and the 150-agent case).
// A second test drops a second shop's chats and staff list on the demo workspace: the plan is
// split by shop (shop picker with each shop's requirement, agents and coverage), the saved
// roster keeps every agent's shifts when the split turns on, off (header shop filter) and on
// again, and after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, open, ready, shot, nav, download, foreignRequests, OUT } from './harness.mjs';

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

/** Prints the page to target/e2e/NAME.pdf at the CSS page size; every page's [width, height] in points. */
async function pdfPages(page, name) {
  const file = path.join(OUT, `${name}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true });
  const boxes = [...fs.readFileSync(file, 'latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)]
    .map((m) => [Number(m[1]), Number(m[2])]);
  assert.ok(boxes.length > 0, 'the PDF has a page size');
  return boxes;
}
const isA4 = ([w, h], landscape) => Math.abs(w - (landscape ? 842 : 595)) < 3 && Math.abs(h - (landscape ? 595 : 842)) < 3;

let site;
before(async () => { site = await serve(); });
after(async () => { await site.close(); });

test('forecast, staffing, generate, edit with violation, reload, print and CSV', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/#/roster');
    await page.locator('#roster-empty').waitFor();
    assert.match(await page.textContent('#roster-empty'), /先导入聊天记录/);

    await nav(page, 'import');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);

    // 1. Forecast with its error on held-back days.
    await nav(page, 'roster');
    await page.locator('#forecast-mape').waitFor({ timeout: 120_000 });
    await ready(page);
    const mapeText = await page.textContent('#forecast-mape');
    assert.match(mapeText, /MAPE）为 \d+\.\d%/);
    const mape = Number(await page.getAttribute('#forecast-mape', 'data-mape'));
    assert.ok(mape > 0 && mape < 100, `MAPE ${mape}`);
    assert.ok(await page.locator('#forecast-chart polyline').count() >= 2, 'actual and forecast lines');
    assert.equal(await page.inputValue('#plan-start'), '2026-11-16', 'the week after the demo data');

    // 2. Staffing: the headline peak equals the table's maximum, and is positive.
    const peakPre = Number(await page.getAttribute('#peak-pre', 'data-value'));
    const col = await page.$$eval('#staffing-table td[data-col="pre-scheduled"]', (tds) => tds.map((t) => Number(t.textContent)));
    assert.ok(peakPre > 0, `peak ${peakPre}`);
    assert.equal(peakPre, Math.max(...col));
    // The golden 6 seconds needs at least as many agents.
    await page.click('#answer-6');
    await page.waitForFunction((p) => Number(document.querySelector('#peak-pre')?.dataset.value) >= p
      && document.querySelector('#answer-6')?.classList.contains('active'), peakPre);
    await ready(page);
    const peak6 = Number(await page.getAttribute('#peak-pre', 'data-value'));
    assert.ok(peak6 >= peakPre, `6 s: ${peak6} ≥ 30 s: ${peakPre}`);
    await page.click('#answer-secs button:first-child');
    await page.waitForFunction((p) => Number(document.querySelector('#peak-pre')?.dataset.value) === p, peakPre);
    await ready(page);
    await shot(page, 'roster-forecast');

    // 4. Generate: the job ends with a roster, the objective chart has points.
    await page.click('#generate');
    await page.locator('#roster-grid').waitFor({ timeout: 120_000 });
    await ready(page);
    const points = Number(await page.getAttribute('#objective', 'data-points'));
    assert.ok(points >= 2, `objective points: ${points}`);
    assert.ok(await page.locator('#objective-chart polyline').count() >= 1);
    const status = await page.textContent('#solve-status');
    assert.match(status, /首个合规排班用时 \d+\.\d+ 秒/);
    console.log(`demo team: first legal roster after ${await page.getAttribute('#solve-status', 'data-first-legal')} s`);
    assert.match(await page.textContent('#roster-effect'), /硬性违规 0 处/);
    await shot(page, 'roster-generated');
    for (const id of ['roster-forecast', 'roster-staffing', 'roster-generate', 'roster-grid-card', 'roster-output']) {
      await page.locator(`#${id}`).screenshot({ path: path.join(OUT, `${id}.png`) });
    }

    // 5. Break the 11-hour rest: an early shift the day after a late one.
    const target = await page.$$eval('#roster-grid tbody tr', (rows) => {
      for (const r of rows) {
        const cells = [...r.querySelectorAll('button.cell')];
        for (let d = 0; d + 1 < cells.length; d++) {
          if (cells[d].dataset.label.startsWith('晚') && !cells[d + 1].dataset.label.startsWith('早')) {
            return { agent: cells[d + 1].dataset.agent, day: cells[d + 1].dataset.day, name: r.querySelector('th.agent').textContent };
          }
        }
      }
      return null;
    });
    assert.ok(target, 'some agent works a late shift before the last day');
    const cell = `#roster-grid button.cell[data-agent="${target.agent}"][data-day="${target.day}"]`;
    await page.click(cell);
    const early = page.locator(`${cell} + .picker button.pick`, { hasText: /^早/ }).first();
    await early.click();
    await page.waitForFunction((c) => document.querySelector(c)?.dataset.label.startsWith('早'), cell);
    const violation = page.locator('#violations li.hard', { hasText: '两班之间休息不足' });
    await violation.first().waitFor();
    const vtext = await violation.first().textContent();
    assert.ok(vtext.includes(target.name), `"${vtext}" names ${target.name}`);
    assert.ok(await page.locator(`#roster-grid td.bad ${cell.replace('#roster-grid ', '')}`).count() === 1
      || await page.locator('#roster-grid td.bad').count() > 0, 'the broken cell is marked');
    assert.match(await page.textContent('#roster-effect'), /硬性违规 [1-9]\d* 处/);
    assert.match(await page.textContent('#roster-effect'), /刚才的修改/);
    await ready(page);
    await shot(page, 'roster-violation');
    await page.locator('#roster-grid-card').screenshot({ path: path.join(OUT, 'roster-violation-grid.png') });

    // 7. Reload: the edit is kept (saved as the work/roster document).
    await page.reload();
    await ready(page);
    await page.locator(cell).waitFor({ timeout: 120_000 });
    await ready(page);
    assert.ok((await page.getAttribute(cell, 'data-label')).startsWith('早'), 'the hand edit survived the reload');
    assert.ok((await page.textContent('#violations')).includes(target.name));

    // 5b. Drag and drop (HTML5 DnD): another agent's early shift dragged onto a day after their
    // late shift swaps the two cells and breaks the 11-hour rest at once; then a shift dragged
    // to the same agent's day off moves (the coverage chart of the source day changes); a
    // locked cell can neither be dragged nor dropped on; a reload keeps the moves.
    const labels = () => page.$$eval('#roster-grid tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('button.cell')].map((c) => c.dataset.label)));
    const at = (a, d) => `#roster-grid button.cell[data-agent="${a}"][data-day="${d}"]`;
    const skillOf = (l) => l.split('·').slice(1).join('·');
    let grid = await labels();
    const names = await page.$$eval('#roster-grid tbody th.agent', (ths) => ths.map((t) => t.textContent));
    let swap = null;
    for (let a = 0; a < grid.length && !swap; a++) {
      if (String(a) === target.agent) continue;
      for (let d = 0; d + 1 < grid[a].length && !swap; d++) {
        if (!grid[a][d].startsWith('晚') || grid[a][d + 1].startsWith('早')) continue;
        for (let b = 0; b < grid.length; b++) {
          if (b !== a && String(b) !== target.agent && grid[b][d + 1].startsWith('早') && skillOf(grid[b][d + 1]) === skillOf(grid[a][d])
            && (grid[a][d + 1] === '休' || skillOf(grid[a][d + 1]) === skillOf(grid[b][d + 1]))) {
            swap = { a, b, day: d + 1 };
            break;
          }
        }
      }
    }
    assert.ok(swap, 'an early shift to drag onto a day after a late one');
    const restBefore = await page.locator('#violations li.hard', { hasText: names[swap.a] }).count();
    const [fromLabel, toLabel] = [grid[swap.b][swap.day], grid[swap.a][swap.day]];
    assert.equal(await page.getAttribute(at(swap.b, swap.day), 'draggable'), 'true');
    await page.locator(at(swap.b, swap.day)).dragTo(page.locator(at(swap.a, swap.day)));
    await page.waitForFunction(([c, l]) => document.querySelector(c)?.dataset.label === l, [at(swap.a, swap.day), fromLabel]);
    assert.equal(await page.getAttribute(at(swap.b, swap.day), 'data-label'), toLabel, 'the two cells swapped');
    await page.locator('#violations li.hard', { hasText: '两班之间休息不足' }).filter({ hasText: names[swap.a] }).first().waitFor();
    assert.ok(await page.locator('#violations li.hard', { hasText: names[swap.a] }).count() > restBefore, 'the drag added a violation');
    assert.match(await page.textContent('#roster-effect'), /刚才的修改：缺人 [+-]\d+，过剩 [+-]\d+/);
    await page.locator('#roster-grid-card').screenshot({ path: path.join(OUT, 'roster-drag-swap.png') });

    // Move within a row: an agent's shift to one of their days off; the source day's coverage drops.
    grid = await labels();
    let move = null;
    for (let a = 0; a < grid.length && !move; a++) {
      if (String(a) === target.agent || a === swap.a || a === swap.b) continue;
      const d = grid[a].findIndex((l) => l !== '休');
      const off = grid[a].findIndex((l) => l === '休');
      if (d >= 0 && off >= 0) move = { a, from: d, to: off, label: grid[a][d] };
    }
    assert.ok(move, 'an agent with a shift and a day off');
    await page.click(`#coverage-day button[data-day="${move.from}"]`);
    const coverage = () => page.$$eval('#coverage-chart polyline', (ls) => ls.map((l) => l.getAttribute('points')).join('|'));
    const coverBefore = await coverage();
    await page.locator(at(move.a, move.from)).dragTo(page.locator(at(move.a, move.to)));
    await page.waitForFunction(([c, l]) => document.querySelector(c)?.dataset.label === l, [at(move.a, move.to), move.label]);
    assert.equal(await page.getAttribute(at(move.a, move.from), 'data-label'), '休');
    await page.waitForFunction((b) => [...document.querySelectorAll('#coverage-chart polyline')].map((l) => l.getAttribute('points')).join('|') !== b, coverBefore);
    assert.notEqual(await coverage(), coverBefore, 'the coverage of the source day changed');

    // Locked: lock the moved shift; it is not draggable, and nothing can be dropped on it.
    await page.click(at(move.a, move.to));
    await page.click(`${at(move.a, move.to)} + .picker button.pick.lock`);
    await page.waitForFunction((c) => document.querySelector(c)?.getAttribute('draggable') === 'false', at(move.a, move.to));
    grid = await labels();
    const other = grid.findIndex((row, b) => b !== move.a && row[move.to] !== '休' && String(b) !== target.agent);
    if (other >= 0) {
      await page.locator(at(other, move.to)).dragTo(page.locator(at(move.a, move.to)));
      await ready(page);
      assert.equal(await page.getAttribute(at(move.a, move.to), 'data-label'), move.label, 'a locked cell takes no drop');
      assert.equal(await page.getAttribute(at(other, move.to), 'data-label'), grid[other][move.to]);
    }
    await ready(page);
    await page.reload();
    await ready(page);
    await page.locator(at(move.a, move.to)).waitFor({ timeout: 120_000 });
    await ready(page);
    assert.equal(await page.getAttribute(at(move.a, move.to), 'data-label'), move.label, 'the move survived the reload');
    assert.equal(await page.getAttribute(at(move.a, move.from), 'data-label'), '休');
    assert.equal(await page.getAttribute(at(swap.a, swap.day), 'data-label'), fromLabel, 'the swap survived the reload');
    assert.equal(await page.getAttribute(at(move.a, move.to), 'draggable'), 'false', 'the lock survived the reload');

    // Intraday: a busy morning (far above the forecast) leaves the rest of the day short.
    await page.fill('#intraday-actual', '3000');
    await page.locator('#intraday-actual').dispatchEvent('change');
    await page.locator('#intraday-result').waitFor();
    assert.match(await page.textContent('#intraday-result'), /实际是预测的 300%/);
    await page.locator('#roster-intraday').screenshot({ path: path.join(OUT, 'roster-intraday.png') });

    // 6. Output: coverage chart, hours, CSV with a row per agent, print sheet on A4 landscape.
    assert.ok(await page.locator('#coverage-chart polyline').count() >= 2);
    const agents = await page.locator('#hours-table tbody tr').count();
    assert.ok(agents >= 12, `agents ${agents}`);
    const { file } = await download(page, () => page.click('#roster-csv'), 'roster.csv');
    const csv = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(csv.length, agents + 1, 'header plus one row per agent');
    assert.match(csv[0], /2026-11-16/);
    assert.ok(csv.some((l) => l.includes(target.name)));
    const ics = await download(page, () => page.click('#roster-ics'), 'roster.ics');
    const icsText = fs.readFileSync(ics.file, 'utf8');
    assert.match(icsText, /^BEGIN:VCALENDAR/);
    assert.ok((icsText.match(/BEGIN:VEVENT/g) || []).length > agents, 'events for the week');

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav.nav').isVisible(), false);
    assert.equal(await page.locator('#roster-grid').isVisible(), false);
    assert.ok(await page.locator('#roster-sheet').isVisible());
    assert.equal(await page.locator('#roster-sheet .sheet-table tbody tr').count(), agents);
    await shot(page, 'roster-print');
    const sheetPages = await pdfPages(page, 'roster-print');
    assert.ok(sheetPages.every((b) => isA4(b, true)), `A4 landscape, got ${sheetPages.join(' ')}`);
    await page.emulateMedia({ media: 'screen' });

    // Personal schedule: pick an agent on the output card; its rows are the grid's row, the
    // hours equal the hours table; its own print is A4 portrait with nothing else on the page.
    await page.selectOption('#personal-agent', String(move.a));
    await page.locator('#personal-sheet tbody tr[data-day]').first().waitFor();
    const gridRow = (await labels())[move.a];
    const personalRows = await page.$$eval('#personal-sheet tbody tr[data-day]', (trs) => trs.map((t) => t.dataset.label));
    assert.deepEqual(personalRows, gridRow, 'the personal schedule is the grid row');
    assert.match(await page.textContent('#personal-sheet h2'), new RegExp(names[move.a]));
    const firstShift = gridRow.findIndex((l) => l !== '休');
    assert.match(await page.textContent(`#personal-sheet tbody tr[data-day="${firstShift}"]`), /\d\d:\d\d–\d\d:\d\d/);
    const paid = Number(await page.getAttribute('#personal-sheet .personal-period', 'data-paid-minutes')) / 60;
    const hoursCell = await page.textContent(`#hours-table tbody tr:nth-child(${move.a + 1}) td:nth-child(3)`);
    assert.equal(paid.toFixed(1), hoursCell.trim(), 'paid hours equal the hours table');
    const weekMinutes = await page.$$eval('#personal-sheet tr.week-total', (trs) => trs.map((t) => Number(t.dataset.weekMinutes)));
    assert.ok(weekMinutes.length >= 1);
    assert.equal(weekMinutes.reduce((x, y) => x + y, 0) / 60, paid, 'week totals add up');
    const agentIcs = await download(page, () => page.click('#personal-ics'), 'personal.ics');
    const agentEvents = (fs.readFileSync(agentIcs.file, 'utf8').match(/BEGIN:VEVENT/g) || []).length;
    assert.equal(agentEvents, gridRow.filter((l) => l !== '休').length, 'one event per shift');
    await page.locator('#personal-sheet').screenshot({ path: path.join(OUT, 'roster-personal.png') });
    await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
    await page.click('#personal-print');
    await page.waitForFunction(() => window.__printed === 1);
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('#personal-sheet').isVisible(), 'the personal schedule prints');
    assert.equal(await page.locator('#roster-sheet').isVisible(), false, 'without the weekly sheet');
    assert.equal(await page.locator('#personal-agent').isVisible(), false);
    await shot(page, 'roster-personal-print');
    const personalPages = await pdfPages(page, 'roster-personal');
    assert.equal(personalPages.length, 1, 'a week fits on one page');
    assert.ok(isA4(personalPages[0], false), `A4 portrait, got ${personalPages.join(' ')}`);
    await page.emulateMedia({ media: 'screen' });
    // The weekly sheet's button prints the sheet again.
    await page.click('#roster-print');
    await page.waitForFunction(() => window.__printed === 2);
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('#roster-sheet').isVisible());
    assert.equal(await page.locator('#personal-sheet').isVisible(), false);
    await page.emulateMedia({ media: 'screen' });

    // Contract minimum shifts a week (soft): 6 for an agent who works fewer is listed in words
    // under the grid; a minimum above the maximum is clamped to it.
    const rows = await labels();
    const few = rows.findIndex((r) => r.filter((l) => l !== '休').length < 6);
    assert.ok(few >= 0, 'an agent with fewer than 6 shifts');
    const minInput = page.locator(`#staff-table tbody tr:nth-child(${few + 1}) input[data-field="min-shifts"]`);
    assert.equal(await minInput.inputValue(), '0');
    assert.equal(await page.locator(`#staff-table tbody tr:nth-child(${few + 1}) input[data-field="max-shifts"]`).inputValue(), '6');
    await minInput.fill('7');
    await minInput.dispatchEvent('change');
    const minRule = page.locator('#violations li[data-rule="MinShiftsWeek"]', { hasText: names[few] });
    await minRule.first().waitFor();
    const short = 6 - rows[few].filter((l) => l !== '休').length;
    assert.match(await minRule.first().textContent(), new RegExp(`软性.*周班数少于合同最少班数（少 ${short} 个班）`));
    await ready(page);
    assert.equal(await minInput.inputValue(), '6', 'clamped to the maximum');
    await page.locator('#roster-staff').screenshot({ path: path.join(OUT, 'roster-staff.png') });

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Two shops.

const MAIN = '棉语旗舰店';
const SHOP2 = '棉语京东店';
const STAFF2 = path.join(DATA, `客服名单-${SHOP2}.csv`);
const CHATS2 = path.join(DATA, `千牛聊天记录-${SHOP2}-2026-11-09至2026-11-15.txt`);
const NEW_AGENTS = ['阿满', '小青', '大熊'];

/** The grid as the user reads it: { agent name: [{ label, locked }] } from each cell's text. */
const gridText = (page) => page.$$eval('#roster-grid tbody tr', (rows) => Object.fromEntries(rows.map((r) => [
  r.querySelector('th.agent').textContent.trim(),
  [...r.querySelectorAll('button.cell')].map((c) => {
    const text = c.textContent;
    return { label: text.replace('🔒', '').replace('⚠', '').trim(), locked: text.includes('🔒') };
  }),
])));
/** `早·售前·棉语旗舰店` → `早·售前` (the base shift: template and skill). */
const base = (label) => label.split('·').slice(0, 2).join('·');
const shopOf = (label) => label.split('·')[2];
/** Every shift keeps its base and lock; `shop`, when given, is the shop each shift now has. */
const sameShifts = (now, before, what) => {
  for (const [name, cells] of Object.entries(before)) {
    assert.ok(now[name], `${what}: ${name} is in the grid`);
    assert.deepEqual(now[name].map((c) => base(c.label)), cells.map((c) => base(c.label)), `${what}: ${name}'s shifts`);
    assert.deepEqual(now[name].map((c) => c.locked), cells.map((c) => c.locked), `${what}: ${name}'s locks`);
  }
};
/** Waits for the roster page to show a prepared plan with a grid, with or without shops. */
const rosterShown = async (page, split) => {
  await page.locator('#job-bar').waitFor({ state: 'detached', timeout: 120_000 });
  await page.locator('#staffing-shop').waitFor({ state: split ? 'visible' : 'detached', timeout: 120_000 });
  await page.locator('#roster-grid').waitFor({ timeout: 120_000 });
  await ready(page);
};
const chooseShop = async (page, picker, shop) => {
  await page.click(`#${picker} button[data-shop="${shop}"]`);
  await page.locator(`#${picker} button.active[data-shop="${shop}"]`).waitFor();
};
/** What the staffing card says for the shop shown: peaks, agent-hours of the day, agents, table. */
const staffingOf = async (page) => {
  const peaks = await page.$$eval('ul.peaks li', (lis) => lis.map((l) => l.textContent));
  const hours = peaks.map((t) => Number(t.match(/全天 ([\d.]+) 人·小时/)[1]));
  return {
    peaks,
    peak: await page.$$eval('ul.peaks li', (lis) => lis.map((l) => Number(l.dataset.value))),
    hours: hours.reduce((x, y) => x + y, 0),
    agents: (await page.textContent('#shop-agents')).trim(),
    table: await page.textContent('#staffing-table tbody'),
  };
};

test('a second shop splits the plan; the saved roster keeps its shifts across the split and a reload', async () => {
  const b = await launch();
  const { page } = b;
  try {
    await open(page, site.origin + '/#/import');
    await page.click('#load-demo-welcome');
    await page.locator('#datasets tbody tr').first().waitFor({ timeout: 120_000 });
    await ready(page);
    await nav(page, 'roster');
    await page.locator('#forecast-mape').waitFor({ timeout: 120_000 });
    await ready(page);
    assert.equal(await page.locator('#staffing-shop').count(), 0, 'one shop: no shop picker');
    assert.equal(await page.locator('#shop-agents').count(), 0);

    // A roster of the one-shop plan, with two locked cells.
    await page.click('#generate');
    await page.locator('#roster-grid').waitFor({ timeout: 120_000 });
    await ready(page);
    assert.match(await page.textContent('#roster-effect'), /硬性违规 0 处/);
    for (const [a, d] of [[0, 1], [3, 4]]) {
      const cell = `#roster-grid button.cell[data-agent="${a}"][data-day="${d}"]`;
      await page.click(cell);
      await page.click(`${cell} + .picker button.pick.lock`);
      await page.waitForFunction((c) => document.querySelector(c)?.textContent.includes('🔒'), cell);
    }
    await ready(page);
    const one = await gridText(page);
    const demoAgents = Object.keys(one);
    assert.ok(demoAgents.length >= 12, `${demoAgents.length} agents`);
    assert.ok(Object.values(one).flat().every((c) => !c.label.includes(MAIN)), 'no shop in the labels yet');
    assert.equal(Object.values(one).flat().filter((c) => c.locked).length, 2);

    // A second shop's chats and staff list, dropped on the import page.
    await nav(page, 'import');
    await page.setInputFiles('#pick-files', [STAFF2, CHATS2]);
    const item = (f) => page.locator(`.import-item[data-file="${path.basename(f)}"]`);
    await item(STAFF2).waitFor({ timeout: 60_000 });
    await item(CHATS2).waitFor({ timeout: 60_000 });
    assert.equal(await item(STAFF2).locator('.import-kind').getAttribute('data-kind'), 'Staff');
    assert.equal(await item(CHATS2).locator('.import-kind').getAttribute('data-kind'), 'Chats');
    await page.click('#import-commit');
    const done = page.locator('.notice.success', { hasText: '已导入：' });
    await done.first().waitFor({ timeout: 120_000 });
    assert.match(await done.first().textContent(), /聊天记录 84 条消息/);
    await ready(page);

    // The roster page splits the plan by shop; every agent keeps their shifts, now of their shop.
    await nav(page, 'roster');
    await rosterShown(page, true);
    const split0 = await gridText(page);
    sameShifts(split0, one, 'split on');
    for (const name of demoAgents) {
      assert.ok(split0[name].every((c) => c.label === '休' || shopOf(c.label) === MAIN), `${name} works for ${MAIN}`);
    }
    for (const name of NEW_AGENTS) {
      assert.ok(split0[name], `${name} of ${SHOP2} is in the grid`);
      assert.ok(split0[name].every((c) => c.label === '休'), `${name} has no saved shifts yet`);
    }

    // Each shop's own requirement, agents and coverage; the bigger shop needs more.
    const shops = await page.$$eval('#staffing-shop button', (bs) => bs.map((x) => x.textContent.trim()));
    assert.deepEqual([...shops].sort(), [MAIN, SHOP2].sort());
    await chooseShop(page, 'staffing-shop', MAIN);
    const main = await staffingOf(page);
    await chooseShop(page, 'staffing-shop', SHOP2);
    const second = await staffingOf(page);
    assert.equal(main.peaks.length, 2, 'pre- and after-sale of the shop');
    assert.equal(second.peaks.length, 2);
    assert.ok(main.hours > second.hours, `agent-hours: ${MAIN} ${main.hours} > ${SHOP2} ${second.hours}`);
    assert.ok(main.peak.every((p, i) => p >= second.peak[i]), `peaks ${main.peak} ≥ ${second.peak}`);
    assert.notEqual(main.table, second.table, 'the staffing table follows the shop');
    assert.match(second.agents, new RegExp(`^${SHOP2} 可排客服 3 人：`));
    for (const name of NEW_AGENTS) assert.ok(second.agents.includes(name), `${name} in ${second.agents}`);
    for (const name of demoAgents) {
      assert.ok(!second.agents.includes(name), `${name} is not in ${SHOP2}'s demand`);
      assert.ok(main.agents.includes(name), `${name} is in ${MAIN}'s demand`);
    }
    assert.match(main.agents, new RegExp(`^${MAIN} 可排客服 ${demoAgents.length} 人：`));
    for (const name of NEW_AGENTS) assert.ok(!main.agents.includes(name), `${name} is not in ${MAIN}'s demand`);
    await page.locator('#roster-staffing').screenshot({ path: path.join(OUT, 'roster-shops-staffing.png') });

    // A roster for both shops: legal, locks kept, everyone only on their own shop's shifts.
    await page.click('#generate');
    await page.waitForFunction((names) => [...document.querySelectorAll('#roster-grid tbody tr')]
      .some((r) => names.includes(r.querySelector('th.agent').textContent.trim())
        && [...r.querySelectorAll('button.cell')].some((c) => c.dataset.label !== '休')), NEW_AGENTS, { timeout: 120_000 });
    await ready(page);
    assert.match(await page.textContent('#roster-effect'), /硬性违规 0 处/);
    const split = await gridText(page);
    for (const [name, cells] of Object.entries(split)) {
      const own = NEW_AGENTS.includes(name) ? SHOP2 : MAIN;
      assert.ok(cells.every((c) => c.label === '休' || shopOf(c.label) === own), `${name}: ${cells.map((c) => c.label)}`);
      assert.deepEqual(cells.map((c) => c.locked), split0[name].map((c) => c.locked), `${name}'s locks`);
    }
    for (const [name, cells] of Object.entries(split0)) {
      cells.forEach((c, d) => { if (c.locked) assert.equal(split[name][d].label, c.label, `${name} day ${d} is locked`); });
    }

    // The coverage chart follows the shop.
    const coverage = () => page.$$eval('#coverage-chart polyline', (ls) => ls.map((l) => l.getAttribute('points')).join('|'));
    await chooseShop(page, 'coverage-shop', MAIN);
    const coverMain = await coverage();
    await chooseShop(page, 'coverage-shop', SHOP2);
    const coverSecond = await coverage();
    assert.ok(coverMain && coverSecond);
    assert.notEqual(coverMain, coverSecond, 'each shop has its own coverage');
    await page.locator('#roster-output').screenshot({ path: path.join(OUT, 'roster-shops-coverage.png') });
    await shot(page, 'roster-shops');

    // Split off: the header's shop filter shows one shop; its agents keep their shifts.
    await page.selectOption('#filter-shop', MAIN);
    await rosterShown(page, false);
    const only = await gridText(page);
    assert.deepEqual(Object.keys(only).sort(), [...demoAgents].sort(), `only ${MAIN}'s agents`);
    sameShifts(only, Object.fromEntries(demoAgents.map((n) => [n, split[n]])), 'split off');
    assert.ok(Object.values(only).flat().every((c) => !c.label.includes(MAIN)), 'no shop in the labels');
    // An edit while one shop is shown: lock another cell.
    const [lockName, lockDay] = [demoAgents[5], 2];
    const lockAgent = demoAgents.indexOf(lockName);
    assert.equal(only[lockName][lockDay].locked, false);
    const lockCell = `#roster-grid button.cell[data-agent="${lockAgent}"][data-day="${lockDay}"]`;
    await page.click(lockCell);
    await page.click(`${lockCell} + .picker button.pick.lock`);
    await page.waitForFunction((c) => document.querySelector(c)?.textContent.includes('🔒'), lockCell);
    await ready(page);

    // Split on again: every agent of both shops has the shifts of the split roster (the other
    // shop's agents were not shown and are not lost), plus the new lock; a reload keeps it.
    const expected = structuredClone(split);
    expected[lockName][lockDay].locked = true;
    await page.selectOption('#filter-shop', '');
    await rosterShown(page, true);
    assert.deepEqual(await gridText(page), expected, 'split on again');
    await page.reload();
    await ready(page);
    await rosterShown(page, true);
    assert.deepEqual(await gridText(page), expected, 'after a reload');
    assert.match(await page.textContent('#roster-effect'), /硬性违规 0 处/);

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});
