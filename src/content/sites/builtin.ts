/** Selectors built into this release (rules/sites/*.json): used when a bundle lacks valid ones. */

import snapchat from '../../../rules/sites/snapchat.json';
import telegramA from '../../../rules/sites/telegram-a.json';
import telegramK from '../../../rules/sites/telegram-k.json';
import whatsapp from '../../../rules/sites/whatsapp.json';
import type { SiteSelectors } from '../../engine/ruleset/sites';
import type { ClientId } from '../../shared/messages';

export const BUILTIN_SITES: Record<ClientId, SiteSelectors> = {
  'telegram-k': telegramK,
  'telegram-a': telegramA,
  whatsapp,
  snapchat,
};
