/**
 * Pieces the message badge's panel (marker.ts) and the chat's shop marker (chat-marker.ts) build
 * alike, inside their closed shadow roots: text-only elements, and the "How to report" / "Close"
 * row. Page text only ever goes in through textContent.
 */

/** The panel's inner rules, alike in both shadow roots; each adds its own host, button and panel box. */
export const PANEL_CSS = `
.panel[hidden], .help[hidden] { display: none; }
h2 { font-size: 12px; margin: 0 0 4px; }
ul { margin: 0 0 6px; padding-inline-start: 18px; }
li { margin: 2px 0; }
.note { margin: 6px 0; color: #444; }
.row { display: flex; gap: 6px; flex-wrap: wrap; }
.action { all: unset; cursor: pointer; padding: 2px 8px; border-radius: 6px; border: 1px solid #bbb; background: #fff; font: inherit; }
.action:focus-visible { outline: 2px solid #1a73e8; }
.help { margin: 6px 0 0; }
`;

export type MakeElement = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  cls?: string,
) => HTMLElementTagNameMap[K];

export function elementMaker(doc: Document): MakeElement {
  return (tag, text, cls) => {
    const node = doc.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };
}

/**
 * Appends to `panel` the row "How to report" (toggles a help note below it) and "Close" (hides
 * the panel, then `onClose` gives focus back to whatever opened it). Clicks stop here so the
 * chat does not treat them as clicks on the message.
 */
export function appendReportRow(
  panel: HTMLElement,
  el: MakeElement,
  labels: { howToReport: string; help: string; close: string },
  onClose: () => void,
): void {
  const row = el('div', undefined, 'row');
  const report = el('button', labels.howToReport, 'action');
  report.type = 'button';
  report.setAttribute('aria-expanded', 'false');
  const help = el('p', labels.help, 'help');
  help.hidden = true;
  help.setAttribute('role', 'note');
  report.addEventListener('click', (event) => {
    event.stopPropagation();
    help.hidden = !help.hidden;
    report.setAttribute('aria-expanded', String(!help.hidden));
  });
  const close = el('button', labels.close, 'action');
  close.type = 'button';
  close.addEventListener('click', (event) => {
    event.stopPropagation();
    panel.hidden = true;
    onClose();
  });
  row.append(report, close);
  panel.append(row, help);
}
