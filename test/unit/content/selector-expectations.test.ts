// @vitest-environment happy-dom
/**
 * STYLE.md §4: every selector is paired with the saved fixture it must match and how many times,
 * so a rule change that stops matching (or starts matching too much) fails here first.
 * Counts are over the whole fixture document.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import type { ClientId } from '../../../src/shared/messages';
import { loadFixture, loadFixtureFile } from './helpers';

const EXPECT: Record<ClientId, Record<string, number>> = {
  'telegram-k': {
    '.chat.active .bubbles-inner:not(.bubbles-remover)': 1,
    '.chat.active .bubbles-scrollable > .bubbles-inner': 0, // the older variant has no bubbles-scrollable
    "[role='article'][data-mid]": 0, // nor role="article"
    '[data-mid][data-peer-id]': 15, // 12 bubbles + 3 album items (nested, folded into their bubble)
    '.bubble[data-mid]': 12,
    '.chat.active .topbar .peer-title[data-peer-id]': 1,
    '.bubble-content': 16, // 12 bubbles + 4 date bubbles
    '.service': 6, // 2 service messages + 4 date bubbles
    '.forwarded': 1,
  },
  'telegram-a': {
    '.Transition_slide-active .MessageList .messages-container': 1,
    "[id^='message-'][data-message-id]": 12,
    '.message-list-item[data-message-id]': 12,
    '.MiddleHeader .fullName': 1,
    '.message-content': 10,
    '.ActionMessage': 2,
    '.is-forwarded': 1,
  },
  whatsapp: {
    "#main [data-scrolltracepolicy='wa.web.conversation.messages']": 1,
    "#main [role='application']": 1,
    "[role='row'] [data-id]": 13,
    '[data-id]': 13,
    '[data-pre-plain-text]': 10,
    "#main header span[dir='auto']": 1,
    "[data-icon^='forward']": 1,
  },
  snapchat: {
    "[id^='cv-']": 2, // the open conversation + a hidden kept-alive one
    'li > ul > li': 10, // 8 open (one a snap tile) + 1 reaction (nested, folded) + 1 hidden
    "[dir='auto']": 12, // 10 in the open conversation (texts, the quote, the system line) + 2 hidden
    'header span': 5, // 3 sender headers + 1 in the hidden conversation + the conversation header
  },
};

describe('selector expectations on the saved fixtures', () => {
  for (const client of Object.keys(EXPECT) as ClientId[]) {
    it(`${client}: each listed selector is in the rules and matches as many times as recorded`, () => {
      loadFixture(client);
      const site = BUILTIN_SITES[client];
      const all = new Set(Object.values(site).flat());
      for (const [selector, count] of Object.entries(EXPECT[client])) {
        expect(all.has(selector), `${selector} is no longer in rules/sites/${client}.json`).toBe(true);
        expect(document.querySelectorAll(selector).length, selector).toBe(count);
      }
    });
  }
});

/** The same pairing for the newer fixture variants (real 2026 structure, decoys included). */
const EXPECT_FILES: Record<string, { client: ClientId; counts: Record<string, number> }> = {
  'telegram-k-2026.html': {
    client: 'telegram-k',
    counts: {
      '.chat.active .bubbles-scrollable > .bubbles-inner': 1,
      '.chat.active .bubbles-inner:not(.bubbles-remover)': 1,
      "[role='article'][data-mid]": 18, // 17 bubbles + the sponsored one nested in 2019
      '[data-mid][data-peer-id]': 20, // 17 bubbles + 3 album items; the sponsored bubble has no peer id
      '.attachment.spoilers-container': 2, // the two emoji-only bubbles
      '.webpage': 3, // a link preview, a fact check, the sponsored box
      '.code-header': 1,
      '.reactions': 2,
      '.service': 6, // 2 service messages + 4 date bubbles
      '.is-sponsored': 1,
      '.forwarded': 1,
      '.chat.active .topbar .peer-title[data-peer-id]': 1,
    },
  },
};

describe('selector expectations on the newer fixture variants', () => {
  for (const [file, { client, counts }] of Object.entries(EXPECT_FILES)) {
    it(`${file}: each listed selector is in the rules and matches as many times as recorded`, () => {
      loadFixtureFile(file);
      const all = new Set(Object.values(BUILTIN_SITES[client]).flat());
      for (const [selector, count] of Object.entries(counts)) {
        expect(all.has(selector), `${selector} is no longer in rules/sites/${client}.json`).toBe(true);
        expect(document.querySelectorAll(selector).length, selector).toBe(count);
      }
    });
  }
});
