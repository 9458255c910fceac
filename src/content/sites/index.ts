import type { ClientId } from '../../shared/messages';
import type { PageLocation, SiteAdapter } from './adapter';
import { snapchat } from './snapchat';
import { telegramA } from './telegram-a';
import { telegramK } from './telegram-k';
import { whatsapp } from './whatsapp';

export const ADAPTERS: Record<ClientId, SiteAdapter> = {
  'telegram-k': telegramK,
  'telegram-a': telegramA,
  whatsapp,
  snapchat,
};

/** Which client this page is, from its address; null for any other page (then we do nothing). */
export function detectClient(loc: { hostname: string } & PageLocation): ClientId | null {
  if (loc.hostname === 'web.whatsapp.com') return 'whatsapp';
  if (loc.hostname === 'web.snapchat.com') return 'snapchat';
  // The rest of www.snapchat.com is the public site and profiles: only the web client.
  if (loc.hostname === 'www.snapchat.com' && /^\/web(?:\/|$)/.test(loc.pathname)) return 'snapchat';
  if (loc.hostname === 'web.telegram.org') {
    if (loc.pathname.startsWith('/k')) return 'telegram-k';
    if (loc.pathname.startsWith('/a')) return 'telegram-a';
  }
  return null;
}
