/**
 * A synthetic WhatsApp export for benchmarks: ordinary French/English chat lines, about 1 % of
 * listing-style offers, multi-line messages, system lines and media placeholders, in the Android
 * French layout ("12/03/2025 11:02 - Name: text") or the iOS English one ("[3/12/25, 11:02:17 AM]").
 * Deterministic (seeded), so runs can be compared. Every message here is invented.
 */

export interface SyntheticOptions {
  messages: number;
  seed?: number;
  style?: 'android-fr' | 'ios-en';
  /** Share of listing-style offers (default 0.01). */
  offerRate?: number;
}

const PEOPLE = ['Léa', 'Karim', 'Sophie Martin', 'Tom', 'Awa', '+33 6 12 34 56 78', 'Jules 🎸', 'Nina'];

const ORDINARY = [
  'Salut, tu viens ce soir ?',
  'Oui je serai là vers 19h',
  'On se retrouve devant le cinéma',
  "J'ai oublié mes clés chez toi 😅",
  'Tu as vu le match hier ? Incroyable',
  'Je vends mon vélo si ça intéresse quelqu’un, 80 €, bon état',
  'Merci pour le gâteau, il était délicieux',
  'Le prof a dit que le contrôle est reporté à jeudi',
  "Quelqu'un a le numéro du plombier ?",
  'Bon anniversaire !! 🎉🎂',
  'Are you coming to the party on Saturday?',
  'Running 10 minutes late, sorry',
  'Did you finish the homework for Monday?',
  'lol that video is hilarious',
  'Can someone pick up bread on the way?',
  'The train is delayed again 🙄',
  'ok',
  'd’accord, à demain',
  'Je suis au travail, je te rappelle plus tard',
  'Who has the charger? Mine is dead',
];

const MULTI = [
  ['Liste pour les courses :', '- lait', '- pain', '- œufs', '', 'Merci !'],
  ['Rappel réunion parents-profs', 'Mardi 18h en salle 12', 'Pensez au carnet'],
  ['Here is the plan:', '1. meet at 9', '2. drive to the lake', '', 'Bring snacks'],
];

const OFFERS = [
  'Dispo : cartes grises, permis, CNI "vraies fausses", livraison 48h\nPaiement en crypto uniquement',
  'Beuh 10€ le g, shit 6€ le g, livraison 7j/7 📦 contact @plug_75',
  'selling fresh fullz + cvv, high balance bank logs, escrow accepted, dm @carder_shop',
  'Vends permis de conduire sans examen, inscrit au fichier, livraison discrète',
  'Glock 17 dispo avec munitions, remise en main propre, prix en privé',
  'MENU 🍁\nWeed 10€/g\nCoke 60€/g\nMDMA 15€ le cachet\nLivraison rapide, snap: plug.menu',
  'Faux billets 50€ qualité top, passent sous UV, 100 billets = 1000€, contact wa.me/33600000000',
  'uk passport + driving licence, registered, fast worldwide shipping, telegram @docs_uk',
];

const SYSTEM_FR = [
  'Awa a ajouté Tom',
  'Karim a quitté le groupe',
  'Sophie Martin a changé l’objet du groupe de « Classe » à « Classe 3B »',
  'Les messages et les appels sont chiffrés de bout en bout.',
];
const MEDIA_FR = ['<Médias omis>', 'IMG-20250312-WA0003.jpg (fichier joint)', 'Ce message a été supprimé'];
const MEDIA_EN = ['\u200eimage omitted', '\u200evideo omitted', '\u200esticker omitted'];

/** Mulberry32: a tiny seeded PRNG, so the same options give the same file. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Yields the export in pieces (one message each, with its line break), so a 200 MB file can be
 * written without holding it. Counts what it wrote in `stats`.
 */
export function* syntheticWhatsApp(
  options: SyntheticOptions,
  stats = { messages: 0, offers: 0, bytes: 0 },
): Generator<string> {
  const random = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const offerRate = options.offerRate ?? 0.01;
  const ios = options.style === 'ios-en';
  // Start on 2024-01-01 and move forward a few minutes per message.
  let minutes = 0;
  const header = () => {
    const d = new Date(Date.UTC(2024, 0, 1) + minutes * 60_000);
    const [y, mo, da, h, mi] = [
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
    ];
    if (ios) {
      const h12 = h % 12 || 12;
      return `[${mo}/${da}/${String(y).slice(2)}, ${h12}:${pad(mi)}:${pad(Math.floor(random() * 60))}\u202f${h < 12 ? 'AM' : 'PM'}] `;
    }
    return `${pad(da)}/${pad(mo)}/${y} ${pad(h)}:${pad(mi)} - `;
  };
  if (ios) {
    const first = `${header()}Classe 3B: \u200eMessages and calls are end-to-end encrypted. No one outside of this chat can read them.\n`;
    stats.bytes += first.length;
    yield first;
  }
  for (let i = 0; i < options.messages; i++) {
    minutes += 1 + Math.floor(random() * 7);
    const r = random();
    let line: string;
    if (r < offerRate) {
      line = `${header()}${pick(PEOPLE)}: ${pick(OFFERS)}`;
      stats.offers++;
    } else if (r < offerRate + 0.01 && !ios) {
      line = `${header()}${pick(SYSTEM_FR)}`;
    } else if (r < offerRate + 0.04) {
      line = `${header()}${pick(PEOPLE)}: ${ios ? pick(MEDIA_EN) : pick(MEDIA_FR)}`;
    } else if (r < offerRate + 0.09) {
      line = `${header()}${pick(PEOPLE)}: ${pick(MULTI).join('\n')}`;
    } else {
      line = `${header()}${pick(PEOPLE)}: ${pick(ORDINARY)}`;
    }
    line += ios ? '\r\n' : '\n';
    stats.messages++;
    stats.bytes += line.length;
    yield line;
  }
}

/** The whole export as one string (small sizes only). */
export function syntheticWhatsAppText(options: SyntheticOptions): string {
  return [...syntheticWhatsApp(options)].join('');
}
