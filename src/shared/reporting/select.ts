/**
 * PURE choice of reporting channels for (country, category, context, platform).
 * The order is the curated order of ./channels.ts: the most appropriate official channel
 * first, then the platform's own reporting. Emergency numbers are returned apart so the popup
 * can keep them visible whatever the list shows.
 */
import type { Category } from '../../engine/types';
import type { Country } from '../settings/catalog';
import { CHANNELS } from './channels';
import type { Platform, ReportContext, ReportingChannel } from './types';

export interface ChannelQuery {
  country: Country;
  category: Category;
  context: ReportContext;
  /** The chat platform, for its in-app reporting; null when unknown. */
  platform: Platform | null;
}

export interface ChannelSelection {
  /** Official channels of the country, then the platform's, in recommended order. */
  channels: ReportingChannel[];
  /** The country's emergency numbers (may be empty when none is verified). */
  emergency: ReportingChannel[];
  /** Whether the emergency line should be shown prominently (weapons, or a child involved). */
  isDanger: boolean;
}

/** Categories or contexts that suggest someone may be in danger. */
export function suggestsDanger(category: Category, context: ReportContext): boolean {
  return category === 'weapons' || context === 'child';
}

function handles(ch: ReportingChannel, category: Category, context: ReportContext): boolean {
  return (ch.categories === 'all' || ch.categories.includes(category)) && ch.contexts.includes(context);
}

export function selectChannels(
  q: ChannelQuery,
  channels: readonly ReportingChannel[] = CHANNELS,
): ChannelSelection {
  const official: ReportingChannel[] = [];
  const platform: ReportingChannel[] = [];
  const emergency: ReportingChannel[] = [];
  for (const ch of channels) {
    if ('country' in ch.scope) {
      if (ch.scope.country !== q.country) continue;
      if (ch.emergency) emergency.push(ch);
      else if (handles(ch, q.category, q.context)) official.push(ch);
    } else if (ch.scope.platform === q.platform && handles(ch, q.category, q.context)) {
      platform.push(ch);
    }
  }
  return { channels: [...official, ...platform], emergency, isDanger: suggestsDanger(q.category, q.context) };
}

/** The context to preselect: a chat with a public link is public content, otherwise private. */
export function defaultContext(publicLink: string | null): ReportContext {
  return publicLink ? 'public' : 'private';
}
