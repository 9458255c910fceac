// @vitest-environment happy-dom
/**
 * STYLE.md §4: every selector is paired with the saved fixture it must match and how many times,
 * so a rule change that stops matching (or starts matching too much) fails here first.
 * Counts are over the whole fixture document.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import type { ClientId } from '../../../src/shared/messages';
import { loadFixture } from './helpers';

const EXPECT: Record<ClientId, Record<string, number>> = {
  'telegram-k': {
    '.chat.active .bubbles-inner': 1,
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
