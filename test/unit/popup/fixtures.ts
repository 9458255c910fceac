import type { FlaggedItem, TabSummary } from '../../../src/shared/messages';

export const drugsItem: FlaggedItem = {
  key: 'peer1:101',
  category: 'drugs',
  level: 'high',
  score: 9,
  excerpt: 'Beuh dispo 10€ le g, livraison 7j/7',
  // "Beuh" and "10€ le g" and "livraison"
  highlights: [
    [0, 4],
    [11, 19],
    [21, 30],
  ],
  reasons: [
    { kind: 'price', explain: 'price', text: { en: 'price', fr: 'prix' } },
    { kind: 'quantity', explain: 'quantity', text: { en: 'quantity', fr: 'quantité' } },
    { kind: 'delivery', explain: 'delivery', text: { en: 'delivery', fr: 'livraison' } },
    { kind: 'product', explain: 'drug-slang', text: { en: 'drug slang', fr: 'argot de la drogue' } },
  ],
  time: Date.UTC(2026, 10, 27, 21, 15),
  sender: 'Plug75',
};

export const weaponsItem: FlaggedItem = {
  key: 'peer1:102',
  category: 'weapons',
  level: 'medium',
  score: 5,
  excerpt: 'Glock 19 neuf, 900€, remise en main propre',
  highlights: [[0, 8]],
  reasons: [{ kind: 'product', explain: 'weapon', text: { en: 'firearm', fr: 'arme à feu' } }],
  time: null,
  sender: null,
};

export function summary(over: Partial<TabSummary> = {}): TabSummary {
  return {
    client: 'telegram-k',
    state: 'active',
    chat: { id: 'peer1', title: 'Shop Paris 75', publicLink: 'https://t.me/shop_paris_75' },
    scanned: 42,
    flagged: [drugsItem, weaponsItem],
    rulesVersion: 7,
    ...over,
  };
}
