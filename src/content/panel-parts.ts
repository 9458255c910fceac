/**
 * Pieces the message badge's panel (marker.ts) and the chat's shop marker (chat-marker.ts) build
 * alike, inside their closed shadow roots: text-only elements, and the "How to report" / "Close"
 * row. Page text only ever goes in through textContent.
 */

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
