/**
 * Words the content script shows IN THE PAGE, in the page's language (fr when <html lang> starts
 * with "fr", else en). The popup and options pages have their own _locales.
 */
import type { Category } from '../engine/types';

export type PageLang = 'en' | 'fr';

export function pageLang(doc: Document): PageLang {
  return /^fr\b/i.test(doc.documentElement.lang || '') ? 'fr' : 'en';
}

interface Strings {
  category: Record<Category, string>;
  possibleListing: string;
  badgeLabel: (category: string) => string;
  why: string;
  matched: string;
  note: string;
  howToReport: string;
  reportHelp: string;
  reveal: string;
  blurred: string;
  close: string;
  /** The chat-level marker: "Looks like a shop: Drugs". */
  shopBadge: (categories: string[]) => string;
  /** "This chat looks like a shop for drugs and weapons". */
  shopHeadline: (categories: string[]) => string;
  showWhy: string;
  shopNote: string;
  shopReportHelp: string;
}

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase() + s.slice(1);
/** "de drogues", "d’armes": French elides "de" before a vowel. */
const deFr = (s: string) => (/^[aeiouyàâéèêîôû]/i.test(s) ? `d’${lowerFirst(s)}` : `de ${lowerFirst(s)}`);

export const STRINGS: Record<PageLang, Strings> = {
  en: {
    category: {
      drugs: 'Drugs',
      weapons: 'Weapons',
      documents: 'Forged documents',
      financial: 'Stolen bank data',
      'fraud-documents': 'Fraud documents',
      counterfeit: 'Counterfeits',
      'other-illicit': 'Illicit goods',
    },
    possibleListing: 'possible illicit listing',
    badgeLabel: (c) => `Vigie: ${c}, possible illicit listing. Show why.`,
    why: 'Why this warning',
    matched: 'Matched words in the message',
    note: 'This is a warning, not a verdict: Vigie found words typical of illicit listings. It may be wrong.',
    howToReport: 'How to report',
    reportHelp:
      'Click the Vigie icon in your browser toolbar (under the puzzle-piece menu if it is hidden): it lists this message and the official ways to report it. A web page cannot open that panel for you.',
    reveal: 'Show the message',
    blurred: 'Message blurred by Vigie',
    close: 'Close',
    shopBadge: (c) => `Looks like a shop: ${c.join(', ')}`,
    shopHeadline: (c) => `This chat looks like a shop for ${c.map(lowerFirst).join(' and ')}`,
    showWhy: 'Show why',
    shopNote:
      'This is a warning, not a verdict: many messages of this chat read like listings of the same kind. Vigie may be wrong.',
    shopReportHelp:
      'Click the Vigie icon in your browser toolbar (under the puzzle-piece menu if it is hidden): it describes this chat and the official ways to report it. A web page cannot open that panel for you.',
  },
  fr: {
    category: {
      drugs: 'Drogues',
      weapons: 'Armes',
      documents: 'Faux papiers',
      financial: 'Données bancaires volées',
      'fraud-documents': 'Documents de fraude',
      counterfeit: 'Contrefaçons',
      'other-illicit': 'Produits illicites',
    },
    possibleListing: 'annonce illicite possible',
    badgeLabel: (c) => `Vigie : ${c}, annonce illicite possible. Voir pourquoi.`,
    why: 'Pourquoi cet avertissement',
    matched: 'Mots repérés dans le message',
    note: 'Ceci est un avertissement, pas un verdict : Vigie a repéré des mots typiques des annonces illicites. Il peut se tromper.',
    howToReport: 'Comment signaler',
    reportHelp:
      'Cliquez sur l’icône Vigie dans la barre d’outils du navigateur (dans le menu en forme de pièce de puzzle si elle est masquée) : elle liste ce message et les moyens officiels de le signaler. Une page web ne peut pas ouvrir ce panneau à votre place.',
    reveal: 'Afficher le message',
    blurred: 'Message flouté par Vigie',
    close: 'Fermer',
    shopBadge: (c) => `Ressemble à une boutique : ${c.join(', ')}`,
    shopHeadline: (c) => `Cette discussion ressemble à une boutique ${c.map(deFr).join(' et ')}`,
    showWhy: 'Voir pourquoi',
    shopNote:
      'Ceci est un avertissement, pas un verdict : beaucoup de messages de cette discussion ressemblent à des annonces du même genre. Vigie peut se tromper.',
    shopReportHelp:
      'Cliquez sur l’icône Vigie dans la barre d’outils du navigateur (dans le menu en forme de pièce de puzzle si elle est masquée) : elle décrit cette discussion et les moyens officiels de la signaler. Une page web ne peut pas ouvrir ce panneau à votre place.',
  },
};
