// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { badgeShadowRoot } from '../../../src/content/marker';
import { badges, loadFixture, setup } from './helpers';

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});

function hostOf(selector: string): Element {
  const host = document.querySelector(`${selector} [data-vigie-badge]`);
  if (!host) throw new Error(`no badge under ${selector}`);
  return host;
}

describe('Badge', () => {
  it('lives in a closed shadow root the page cannot reach, as a real <button>', () => {
    loadFixture('telegram-k');
    const s = setup('telegram-k');
    cleanups.push(s.controller);
    s.scanner.flush();
    const host = hostOf('[data-mid="1220"]');
    expect(host.shadowRoot).toBeNull(); // closed: page scripts see nothing
    const root = badgeShadowRoot(host) as ShadowRoot;
    const button = root.querySelector('.badge') as HTMLButtonElement;
    expect(button.tagName).toBe('BUTTON');
    expect(button.type).toBe('button');
    expect(button.textContent).toBe('⚠ Drugs · possible illicit listing');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    // our styles are inside the shadow root, none leak into the page
    expect(document.querySelectorAll('head style, body > style').length).toBe(
      document.querySelectorAll('style').length,
    );
    expect(host.textContent).toBe('');
  });

  it('opens the reasons with matched words highlighted, a note, and how to report', () => {
    loadFixture('telegram-k');
    const s = setup('telegram-k');
    cleanups.push(s.controller);
    s.scanner.flush();
    const root = badgeShadowRoot(hostOf('[data-mid="1220"]')) as ShadowRoot;
    const button = root.querySelector('.badge') as HTMLButtonElement;
    const panel = root.querySelector('.panel') as HTMLElement;
    expect(panel.hidden).toBe(true);
    button.click();
    expect(panel.hidden).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const marks = Array.from(panel.querySelectorAll('mark')).map((m) => m.textContent);
    expect(marks).toContain('Weed');
    expect(marks).toContain('Coke');
    expect(marks).toContain('MDMA');
    expect(panel.textContent).toContain('This is a warning, not a verdict');
    const report = Array.from(panel.querySelectorAll('button')).find(
      (b) => b.textContent === 'How to report',
    );
    const help = panel.querySelector('.help') as HTMLElement;
    expect(help.hidden).toBe(true);
    report?.click();
    expect(help.hidden).toBe(false);
    expect(help.textContent).toContain('Vigie icon in your browser toolbar');
    button.click();
    expect(panel.hidden).toBe(true);
  });

  it('speaks French on a French page', () => {
    loadFixture('telegram-k', (html) => html.replace('<html lang="en">', '<html lang="fr-FR">'));
    const s = setup('telegram-k');
    cleanups.push(s.controller);
    s.scanner.flush();
    const root = badgeShadowRoot(hostOf('[data-mid="1227"]')) as ShadowRoot;
    expect(root.querySelector('.badge')?.textContent).toBe('⚠ Armes · annonce illicite possible');
    (root.querySelector('.badge') as HTMLButtonElement).click();
    expect(root.querySelector('.panel')?.textContent).toContain('pas un verdict');
    expect(root.querySelector('.panel li')?.textContent).toContain('FR weapons-name');
  });

  it('shows a message made of HTML/script text as inert text', () => {
    loadFixture('telegram-k');
    const imgsBefore = document.querySelectorAll('img').length;
    const s = setup('telegram-k');
    cleanups.push(s.controller);
    s.scanner.flush();
    const root = badgeShadowRoot(hostOf('[data-mid="1223"]')) as ShadowRoot;
    (root.querySelector('.badge') as HTMLButtonElement).click();
    expect(root.querySelectorAll('img, script')).toHaveLength(0);
    expect(root.querySelector('.excerpt')?.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(root.querySelector('.excerpt')?.textContent).toContain('<script>alert(1)</script>');
    expect(document.querySelectorAll('img').length).toBe(imgsBefore);
    const item = s.scanner.summary().flagged.find((f) => f.key.endsWith(':1223'));
    expect(item?.excerpt).toContain('<img src=x onerror=alert(1)>');
    expect(item?.sender).toBe('<b>Xx</b>');
  });

  it('stops page handlers from seeing clicks on the badge', () => {
    loadFixture('whatsapp');
    const s = setup('whatsapp');
    cleanups.push(s.controller);
    s.scanner.flush();
    let pageSaw = 0;
    document.body.addEventListener('click', () => pageSaw++);
    document.body.addEventListener('mousedown', () => pageSaw++);
    const host = badges()[0] as Element;
    host.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, composed: true }));
    ((badgeShadowRoot(host) as ShadowRoot).querySelector('.badge') as HTMLButtonElement).click();
    expect(pageSaw).toBe(0);
  });
});

describe('Badge keyboard', () => {
  it('Escape closes an open panel', () => {
    loadFixture('telegram-a');
    const s = setup('telegram-a');
    cleanups.push(s.controller);
    s.scanner.flush();
    const host = hostOf('#message-1220');
    const root = badgeShadowRoot(host) as ShadowRoot;
    const button = root.querySelector('.badge') as HTMLButtonElement;
    button.click();
    expect((root.querySelector('.panel') as HTMLElement).hidden).toBe(false);
    host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect((root.querySelector('.panel') as HTMLElement).hidden).toBe(true);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });
});
