/**
 * `npm run bench:selectors`: what CSS selector forms cost in real Chromium (Debian chromium +
 * playwright-core), to decide from evidence which forms a signed rule bundle may use in its site
 * selectors (issue 17, point 8; the rules are in src/engine/ruleset/selector-cost.ts).
 *
 * A Telegram K-shaped chat of N messages (each bubble 9 elements deep under a 14-deep page frame,
 * as in test/fixtures/sites/telegram-k-2026.html) is built in the page; each selector is run with
 * querySelectorAll on the whole document (repeated for at least 20 ms per sample; 5 samples,
 * median kept), at N = 2 000 and N = 8 000.
 * "4×/1×" near 4 is linear in the page size; far above 4 is not, and the absolute time at 2 000
 * messages says whether a chat tab would freeze. Nothing is asserted; figures are printed.
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../test/e2e/support/chromium';

const FORMS: [label: string, selector: string][] = [
  ['baseline: attribute', '[data-mid][data-peer-id]'],
  ['baseline: descendant class', '.bubbles-inner .bubble .message'],
  ['child chain ×8', 'div > div > div > div > div > div > div > div'],
  ['descendant chain ×8, leftmost fails', '.nope div div div div div div div'],
  ['universal descendants ×6, leftmost fails', '.nope * * * * * *'],
  ['universal descendants ×6, rightmost *', 'div * * * * * *'],
  ['mixed > and space ×8, fails', '.nope > div div > div div > div div > div'],
  ['general sibling ×3, leftmost fails', '.nope ~ div ~ div ~ div'],
  ['general sibling * ~ * ~ *', '* ~ * ~ * ~ *'],
  ['adjacent sibling ×4', 'div + div + div + div'],
  [':is() with 4 alternatives', ':is(.c0,.c1,.c2,.c3) .message'],
  [':is() with 8 alternatives', `:is(${Array.from({ length: 8 }, (_, i) => `.c${i}`).join(',')}) .message`],
  [':is() with 32 alternatives', `:is(${Array.from({ length: 32 }, (_, i) => `.c${i}`).join(',')}) .message`],
  [':is() nested ×6', ':is(:is(:is(:is(:is(:is(.message))))))'],
  [':not() nested ×6', ':not(:not(:not(:not(:not(:not(.message))))))'],
  [':has() child', '.bubble:has(> .bubble-content-wrapper)'],
  [':has() descendant', '.bubble:has(.message)'],
  [':not(:has()) on every div', 'div:not(:has(div))'],
  [':not(:has()) (Snapchat, li subjects)', 'li:not(:has(li))'],
  [':has() on every element, descendant *', '*:has(* .time)'],
  [':has() following sibling', '.bubbles-group:has(~ .bubbles-group)'],
  [':has() sibling, every element', '*:has(~ * .time)'],
  [':has() with :is() inside', '*:has(:is(.a, .b, .time) ~ *)'],
  [':nth-child(An+B)', '.bubbles-group:nth-child(2n+1)'],
  [':nth-child(of S)', ':nth-child(2n+1 of .bubbles-group)'],
  [':nth-last-child(of S) on all', '*:nth-last-child(2n of *)'],
  ['attribute substring', '[class*="bub"][data-mid$="7"]'],
];

const RUNS = 5;

function buildChat(messages: number): void {
  const frame = document.createElement('div');
  let host: Element = frame;
  for (let d = 0; d < 14; d++) {
    const next = document.createElement('div');
    next.className = `frame-${d}`;
    host.append(next);
    host = next;
  }
  const inner = document.createElement('div');
  inner.className = 'bubbles-inner';
  host.append(inner);
  let section = document.createElement('section');
  for (let i = 0; i < messages; i++) {
    if (i % 100 === 0) {
      section = document.createElement('section');
      section.className = 'bubbles-date-group';
      inner.append(section);
    }
    const group = document.createElement('div');
    group.className = 'bubbles-group';
    group.innerHTML = `<div class="bubble is-in" data-mid="${10000 + i}" data-peer-id="-1"><div class="bubble-content-wrapper"><div class="bubble-content"><div class="name"><span class="peer-title">Member</span></div><div class="message">Message ${i} <span class="time"><span class="i18n">10:00</span></span></div></div></div></div>`;
    section.append(group);
  }
  document.body.replaceChildren(frame);
}

function timeSelectors(args: { forms: [string, string][]; runs: number }): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [label, selector] of args.forms) {
    const times: number[] = [];
    try {
      for (let r = 0; r < args.runs; r++) {
        // Repeat until 20 ms have passed: performance.now() is coarse (0.1 ms) in a plain page.
        let n = 0;
        const t0 = performance.now();
        do {
          document.querySelectorAll(selector).length;
          n += 1;
        } while (performance.now() - t0 < 20 && n < 1000);
        times.push((performance.now() - t0) / n);
      }
      times.sort((a, b) => a - b);
      out[label] = times[Math.floor(times.length / 2)] as number;
    } catch {
      out[label] = 'invalid';
    }
  }
  return out;
}

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  const results: Record<number, Record<string, number | string>> = {};
  for (const n of [2000, 8000]) {
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.evaluate(buildChat, n);
    results[n] = await page.evaluate(timeSelectors, { forms: FORMS, runs: RUNS });
  }
  const pad = (s: string, w: number) => s.padEnd(w);
  console.log(
    `${pad('form', 40)} ${pad('selector', 48)} ${pad('2 000 msgs', 12)} ${pad('8 000 msgs', 12)} 4×/1×`,
  );
  for (const [label, selector] of FORMS) {
    const a = results[2000]?.[label];
    const b = results[8000]?.[label];
    const fmt = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(3)} ms` : String(v));
    const ratio = typeof a === 'number' && typeof b === 'number' && a > 0 ? (b / a).toFixed(1) : '-';
    console.log(
      `${pad(label, 40)} ${pad(selector.slice(0, 46), 48)} ${pad(fmt(a), 12)} ${pad(fmt(b), 12)} ${ratio}`,
    );
  }
} finally {
  await browser.close();
}
