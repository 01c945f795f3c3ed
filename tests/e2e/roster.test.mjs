// End-to-end test of the roster page (issue 6): with the demo workspace the page forecasts the
// week after the data with its MAPE, computes agents needed (headline = table), generates a
// roster in the worker with a live objective chart, shows a hand edit that breaks the 11-hour
// rest as a violation naming the agent, keeps the edit after a reload, prints the weekly
// sheet on A4 landscape, and downloads a CSV with one row per agent. Shifts are dragged to
// swap (the broken rest shows at once) and to move (the coverage changes); locked cells refuse
// drags; one agent's personal schedule matches the grid and prints on A4 portrait. It also
// prints the in-browser time to the first legal roster (demo team and the 150-agent case).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, open, ready, shot, nav, download, foreignRequests, OUT } from './harness.mjs';

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

    // Speed check on the practical case (150 agents, 4 weeks): printed, not asserted.
    await page.click('#roster-generate details.speed summary');
    await page.click('#speed-check');
    await page.locator('#bench-result').waitFor({ timeout: 300_000 });
    await ready(page);
    console.log(`practical case: ${await page.textContent('#bench-result')}`);
    assert.ok((await page.getAttribute(cell, 'data-label')).startsWith('早'), 'the speed check left the roster alone');

    assert.deepEqual(foreignRequests(b.requests, site.origin), [], 'requests left the origin');
    assert.deepEqual(b.problems, [], 'errors in the page');
  } finally {
    await b.close();
  }
});
