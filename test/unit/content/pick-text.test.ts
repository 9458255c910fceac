// @vitest-environment happy-dom
/**
 * pickText reads every text block of a message (a formatted message renders as several), none
 * of the excluded parts, and nothing twice — for any client, since the selectors are data.
 */
import { describe, expect, it } from 'vitest';
import { compileSelectors } from '../../../src/content/selectors';
import { MAX_TEXT_BLOCKS, pickText } from '../../../src/content/sites/adapter';
import { MAX_TEXT_LENGTH } from '../../../src/content/text';
import type { SiteSelectors } from '../../../src/engine/ruleset/sites';

const SITE: SiteSelectors = {
  root: ['#root'],
  message: ['.msg'],
  text: ['.block', '.fallback-text'],
  textExclude: ['.quote', '.meta'],
  service: [],
  sender: [],
  forwarded: [],
  chatTitle: [],
  badgeAnchor: [],
  watchAttributes: ['data-id'],
};

function message(html: string): Element {
  document.body.innerHTML = `<div class="msg">${html}</div>`;
  return document.querySelector('.msg') as Element;
}

describe('pickText', () => {
  const sel = () => compileSelectors(SITE, document);

  it('reads every block in order, one line each, not only the first', () => {
    const el = message(
      '<span class="block">Salut, voilà ce qui est dispo :</span>' +
        '<span class="block">• beuh 10€</span><span class="block">• coke 60€</span>',
    );
    const { text, textEl } = pickText(el, sel());
    expect(text).toBe('Salut, voilà ce qui est dispo :\n• beuh 10€\n• coke 60€');
    // the element holding all of them is what would be blurred
    expect(textEl).toBe(el);
  });

  it('skips blocks inside an excluded part, and the excluded parts inside a block', () => {
    const el = message(
      '<div class="quote"><span class="block">quoted listing: coke 60€</span></div>' +
        '<div class="body"><span class="block">stop posting this <span class="meta">10:05</span></span>' +
        '<span class="block">please</span></div>',
    );
    const { text, textEl } = pickText(el, sel());
    expect(text).toBe('stop posting this\nplease');
    expect(textEl?.className).toBe('body');
  });

  it('does not read a block nested in a kept block twice', () => {
    const el = message(
      '<span class="block">shop at <a class="block">example.invalid</a> now</span><span class="block">bye</span>',
    );
    expect(pickText(el, sel()).text).toBe('shop at example.invalid now\nbye');
  });

  it('one block: that block is the text element', () => {
    const el = message('<span class="block">hello</span><span class="meta">10:05</span>');
    const { text, textEl } = pickText(el, sel());
    expect(text).toBe('hello');
    expect(textEl?.className).toBe('block');
  });

  it('an emoji image as a block of its own counts as its alt text', () => {
    const el = message('<span class="block">menu</span><img class="block" alt="🍃">');
    expect(pickText(el, sel()).text).toBe('menu\n🍃');
  });

  it('falls to the next candidate when every match of one is excluded, then to the whole message', () => {
    const quoted = message(
      '<div class="quote"><span class="block">x</span></div><p class="fallback-text">own</p>',
    );
    expect(pickText(quoted, sel()).text).toBe('own');
    const bare = message('<p>just text</p><span class="meta">10:05</span>');
    expect(pickText(bare, sel())).toEqual({ textEl: null, text: 'just text' });
  });

  it('stays bounded on a message with very many blocks', () => {
    const line = `<span class="block">${'a'.repeat(1000)}</span>`;
    const el = message(line.repeat(100));
    const { text } = pickText(el, sel());
    expect(text.length).toBe(MAX_TEXT_LENGTH);
  });

  it('stops after MAX_TEXT_BLOCKS blocks, empty ones included', () => {
    const el = message(
      `${'<span class="block"></span>'.repeat(MAX_TEXT_BLOCKS)}<span class="block">late</span>`,
    );
    expect(pickText(el, sel()).text).toBe('');
    const within = message(`${'<span class="block"></span>'.repeat(10)}<span class="block">early</span>`);
    expect(pickText(within, sel()).text).toBe('early');
  });
});
