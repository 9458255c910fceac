// @vitest-environment happy-dom
/**
 * The "How to report" / "Close" row shared by the message badge's panel and the shop marker:
 * the help note toggles with its aria state, Close hides the panel and hands focus back, and no
 * click reaches the chat under it. Page text goes in as text only.
 */
import { describe, expect, it } from 'vitest';
import { appendReportRow, elementMaker } from '../../../src/content/panel-parts';

function build() {
  const el = elementMaker(document);
  const panel = el('div', undefined, 'panel');
  document.body.replaceChildren(panel);
  let closed = 0;
  appendReportRow(
    panel,
    el,
    { howToReport: 'Comment signaler', help: 'Aide', close: 'Fermer' },
    () => closed++,
  );
  const [report, close] = [...panel.querySelectorAll('button')] as HTMLButtonElement[];
  const help = panel.querySelector('.help') as HTMLElement;
  return {
    panel,
    report: report as HTMLButtonElement,
    close: close as HTMLButtonElement,
    help,
    closed: () => closed,
  };
}

describe('panel parts', () => {
  it('"How to report" toggles the help note and says so to assistive tech', () => {
    const { report, help } = build();
    expect(report.type).toBe('button');
    expect(help.hidden).toBe(true);
    expect(help.getAttribute('role')).toBe('note');
    report.click();
    expect(help.hidden).toBe(false);
    expect(report.getAttribute('aria-expanded')).toBe('true');
    report.click();
    expect(help.hidden).toBe(true);
    expect(report.getAttribute('aria-expanded')).toBe('false');
  });

  it('"Close" hides the panel and calls back once, and no click reaches the page', () => {
    const { panel, report, close, closed } = build();
    let reached = 0;
    document.body.addEventListener('click', () => reached++);
    report.click();
    close.click();
    expect(panel.hidden).toBe(true);
    expect(closed()).toBe(1);
    expect(reached).toBe(0);
  });

  it('puts text in as text', () => {
    const el = elementMaker(document);
    const p = el('p', '<img src=x onerror=alert(1)>', 'note');
    expect(p.childNodes).toHaveLength(1);
    expect(p.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    expect(p.className).toBe('note');
  });
});
