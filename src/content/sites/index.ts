import type { ClientId } from '../../shared/messages';
import type { PageLocation, SiteAdapter } from './adapter';
import { telegramA } from './telegram-a';
import { telegramK } from './telegram-k';
import { whatsapp } from './whatsapp';

export const ADAPTERS: Record<ClientId, SiteAdapter> = {
  'telegram-k': telegramK,
  'telegram-a': telegramA,
  whatsapp,
};

/** Which client this page is, from its address; null for any other page (then we do nothing). */
export function detectClient(loc: { hostname: string } & PageLocation): ClientId | null {
  if (loc.hostname === 'web.whatsapp.com') return 'whatsapp';
  if (loc.hostname === 'web.telegram.org') {
    if (loc.pathname.startsWith('/k')) return 'telegram-k';
    if (loc.pathname.startsWith('/a')) return 'telegram-a';
  }
  return null;
}
