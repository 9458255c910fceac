/**
 * What users meet in chats, in French and English: listings per category (with the obfuscations
 * sellers use) must be flagged with the right category; the hard negatives that share their words
 * must stay quiet. Written for Vigie, not taken from the evaluation corpus.
 */
import { describe, expect, it } from 'vitest';
import type { Category } from '../../../src/engine';
import { realRules } from './helpers';

const { detector } = realRules();

const listings: [Category, string][] = [
  ['drugs', 'Beuh 10€ le g, shit 5€, livraison 7j/7 📦 commande en DM'],
  ['drugs', '🍃 Amnesia 10€/g\n🍫 Jaune mousseux 8€/g\n❄️ Coke 70€/g\nLivraison 7j/7 📲'],
  ['drugs', 'Nouvel arrivage de frappe 🔥 c0ke 60e le g, dispo sur Paris, snap: plug75'],
  ['drugs', 'c.o.c.a.i.n.e dispo 80€ le g livraison discrète'],
  ['drugs', 'C O C A I N E pure 70€ le g, commande en pv'],
  ['drugs', 'cocaaaaine 70€ le gramme, livraison rapide'],
  ['drugs', 'сосаїnе 70€ le g livraison 24h/24'],
  ['drugs', 'ｃｏｃａｉｎｅ 70€ le g, livraison'],
  ['drugs', 'co\u200Bcaïne 70€ le g, livraison'],
  ['drugs', 'Ketamine 3MMC dispo, prix en mp'],
  ['drugs', 'MDMA crystal 84% 10g, stealth shipping worldwide'],
  ['drugs', 'Selling weed 10$ a gram, hmu on wickr'],
  ['drugs', 'Xanax bars 2mg x 50, discreet shipping, order via telegram'],
  ['weapons', 'Glock 19 9mm + 2 chargeurs, 1500€, remise discrète'],
  ['weapons', 'kalash dispo 2000€ avec munitions, contact en privé'],
  ['weapons', 'Pistolet 6.35 + boîte de cartouches, 800€ 📲'],
  ['weapons', 'Glock 17 for sale, 9mm ammo 50 rounds, dm me'],
  ['documents', 'Permis B sans examen, enregistré en préfecture, 1000 €'],
  ['documents', 'Faux passeport et fausse CNI dispo, contact Telegram'],
  ['documents', 'Fake ID scannable, holograms, shipping worldwide 150$'],
  ['documents', 'Vrai permis enregistré sans passer l’examen, 900€, écris-moi'],
  ['financial', 'Fullz FR + bank logs dispo, cashout garanti, contact @carder'],
  ['financial', 'CC + CVV fresh, non VBV, 20$ each, telegram only'],
  ['financial', 'Je recrute des mules : prête ton RIB, 500€ pour toi'],
  ['fraud-documents', 'FFP sur mesure, avis d’imposition, dossier béton, 50€'],
  ['fraud-documents', 'Fausses fiches de paie et faux avis d’imposition, livraison en 24h'],
  ['fraud-documents', 'Fake payslips and fake bank statements, 30$ each, dm'],
  ['counterfeit', 'Réplique 1:1 Rolex Daytona, qualité originale, 250€, livraison'],
  ['counterfeit', 'Sac Louis Vuitton AAA+ réplique, 80€, envoi discret'],
  ['counterfeit', 'Faux billets de 50 indétectables, 10 pièces 150€'],
  ['counterfeit', 'Nike Air Jordan replica 1:1, free shipping, 60$'],
  ['other-illicit', 'Netflix accounts lifetime 5$, hacked accounts in stock'],
  ['other-illicit', 'Abonnement IPTV premium 12 mois 40€, contactez-moi'],
  ['other-illicit', 'Cheap cigarettes tax free, 30€ la cartouche, livraison'],
  ['drugs', 'Recrute guetteur et charbonneur, 100€/jour, contact snap'],
  ['drugs', 'Cream Deluxe 25€, bonbonne de proto 60€, livraison de nuit 🎈'],
  ['drugs', 'Green poison 10e le g, lemon haze 12e, dispo 7j/7'],
  ['financial', 'Tu as un compte bancaire ? Gagne 500€ en prêtant ton RIB, rémunération rapide, écris-moi'],
  ['documents', 'Plan permis sûr, sans passer le code, 800€, écris-moi en pv'],
  ['fraud-documents', 'Création d’un pass sanitaire 100% valide, 200€, paiement en crypto'],
  ['drugs', '🌿🌿 MENU DU JOUR 🌿🌿 Cali 10/g • Jaune 7/g • Ketama 5/g 📦 Livré en 30min'],
  ['drugs', 'La c0c4 est arrivée, qualité top, 60€ le gramme, livraison 24/24'],
  ['drugs', 'Plugg 🔌 Paris 18/19/20 — beuh, shit, coke, ecsta, ket — snap : plugparis75'],
  ['weapons', 'Taser 50€, poing américain 20€, gazeuse 15€, envoi rapide'],
  [
    'financial',
    'Qui veut se faire 1000€ ? Juste besoin de ton RIB et ta carte, je te rends tout le soir même',
  ],
  ['counterfeit', 'Sacs LV, Gucci, Dior qualité 1:1 ⭐ 80€ livraison 48h, photos sur ma story'],
  ['drugs', '🍃 Top shelf OG 40/8th, carts 35, edibles 20 🚗 same day delivery, tap in on snap'],
  ['weapons', 'Ghost gun kits 80% lower in stock, shipping discreet'],
  ['financial', 'Need a drop account, pay 30% of each transfer, hmu'],
  ['documents', 'Novelty IDs all states, scannable, $120 each'],
  ['other-illicit', 'Selling hacked Instagram accounts 10k followers $50'],
  // A unit price without a currency, as dealers write it.
  ['drugs', 'Salut la team, grosse frappe ce soir, 50 le g, passez en pv'],
  // A seller's "pas d'arnaque" is a trust claim, not a scam warning.
  ['drugs', 'Beuh 10€ le g, pas d’arnaque, livraison 7j/7'],
  // AK-47 is also a cannabis strain: sold by the gram, it is not the rifle.
  ['drugs', '5g AK-47 top qualité, livraison rapide'],
  ['financial', 'Recherche des personnes avec un compte Nickel pour recevoir des virements, 30% pour toi'],
  ['financial', 'Faux chèques de banque et faux virements, paiement après réception'],
  ['other-illicit', 'J’annule vos PV et je supprime vos amendes, 100€ par dossier'],
  ['other-illicit', 'Cartes SIM activées anonymes dispo, 15€ pièce, envoi rapide'],
  ['documents', 'Permis B enregistré dans la base, 100% authentique, 1500€'],
];

const quiet: string[] = [
  'Vends iPhone 12, 200 €, remise en main propre',
  'Vends vélo enfant très bon état, 40 €, à venir chercher',
  'Je prends 2 Doliprane 500 mg le matin et le soir',
  'Le médecin m’a prescrit du Xanax 0,25 mg, je le prends le soir',
  'Saisie record : 10 kg de cocaïne découverts par la douane au Havre',
  'Police seized 50 kg of cocaine in a raid on Tuesday',
  'Comment signaler un vendeur de drogue sur Telegram ?',
  'J’ai trouvé de la beuh dans la chambre de mon fils, je suis inquiète',
  'I found pills in my son’s room, what should I do?',
  'Les dangers de la cocaïne : parlons-en avec nos ados',
  'Free entry in 2 a wkly comp to win FA Cup final tkts, txt FA to 87121',
  'Ce soir on regarde Top Gun, tu viens ?',
  'Quel crack ce joueur, incroyable match hier',
  'J’ai eu mon permis du premier coup !',
  'Ma carte bancaire a été refusée au supermarché',
  'On se fait un apéro ? J’apporte les chips',
  'Recette : 200 g de farine, 100 g de sucre, 2 œufs',
  'Je cherche un appart T2, loyer max 700 €',
  'Coca 1,50€ la canette au distributeur',
  'Happy birthday! ❄️🎄 see you at Christmas',
  'Bonne nuit 🌙 à demain',
  'Je cherche un job d’été, quelqu’un recrute dans le coin ?',
  'On a gonflé des ballons pour l’anniversaire de Léa 🎈',
  'Appartement T2 à louer, 650 €/mois CC, faux plafond refait',
  'Mon pass sanitaire ne s’affiche plus dans l’appli, tu sais pourquoi ?',
  'Un guetteur interpellé par la police après une course-poursuite',
  'Attention aux arnaques aux faux permis sur Telegram, ne payez jamais !',
  'Notre dossier spécial : comment les dealers utilisent Snapchat pour vendre de la drogue',
  'Ma fille a reçu un message bizarre qui propose de la beuh sur snap, je fais quoi ?',
  'Tu peux m’envoyer ton RIB pour que je te rembourse le resto ?',
  'Je suis en arrêt maladie jusqu’à vendredi, le médecin m’a dit de me reposer',
  'Anyone want to grab coke and pizza later?',
  'BREAKING: Police seize 200 kg of cocaine in port raid',
  'Selling my old bike, $120, pick up only',
  'How do I report a fake account on Instagram?',
  'Just got my driver’s license today!!',
  // A short line naming a product is talk, not a listing title, when it has a verb or a filler.
  'La beuh c’est de la merde, arrête de fumer stp',
  'Le cannabis thérapeutique est en test dans les hôpitaux depuis 2021',
  'Un flingue ? t’es fou, c’est pas un film mdr',
  'Cocaine is a stimulant drug made from coca leaves',
  'Vends champignons de Paris et girolles, 6€ le kilo, producteur local',
  'My Ritalin prescription is ready, can you pick it up on your way?',
  'Attention aux arnaques au permis sans examen sur Telegram',
  'Attention arnaque : on me propose des faux papiers sur Snap, c’est une escroquerie, je signale',
  'Fake nails set, 20 pcs, $10, free shipping',
  'Our new VPN plan: no logs, 3€/month',
  'Vends boutures de tomates cerises, 2€ le plant',
  'Des faux billets de 20€ circulent au marché, vérifiez vos billets',
  'Snow tires for sale, $300 for the set, pickup only',
  'Gas station open 24/7, snacks and drinks',
  'Promo sur les ballons de baudruche pour l’anniversaire, 5€ les 50 🎈',
];

describe('flags listing-style offers with the right category', () => {
  it.each(listings)('%s: %s', (category, text) => {
    const verdict = detector.scan(text);
    expect(verdict.flagged, JSON.stringify(verdict.reasons.map((r) => r.ruleId))).toBe(true);
    expect(verdict.category).toBe(category);
    expect(verdict.reasons.length).toBeGreaterThan(0);
  });
});

describe('stays quiet on ordinary chats, ads, news, prevention and medicine talk', () => {
  it.each(quiet)('%s', (text) => {
    const verdict = detector.scan(text);
    expect(
      verdict.flagged,
      `${verdict.category} ${verdict.score} ${verdict.reasons.map((r) => r.ruleId)}`,
    ).toBe(false);
    expect(verdict.level).toBe('none');
  });
});

describe('explains with the user’s own characters', () => {
  it('highlights the obfuscated word in the original text', () => {
    const text = 'Dispo: c0ke 60€ le g';
    const verdict = detector.scan(text);
    const words = verdict.reasons.flatMap((r) => r.spans.map(([s, e]) => text.slice(s, e)));
    expect(words).toContain('c0ke');
    expect(words).toContain('60€');
  });

  it('maps spans across invisible characters and surrogate pairs', () => {
    const text = '🅲🅾🅺🅴 70€ le g, livraison';
    const verdict = detector.scan(text);
    expect(verdict.flagged).toBe(true);
    const words = verdict.reasons.flatMap((r) => r.spans.map(([s, e]) => text.slice(s, e)));
    expect(words).toContain('🅲🅾🅺🅴');
  });

  it('gives every reason a plain-language explanation in both languages', () => {
    const verdict = detector.scan('Permis B sans examen, 1000 €');
    for (const reason of verdict.reasons) {
      const text = detector.explanation(reason.explain);
      expect(text.fr.length).toBeGreaterThan(3);
      expect(text.en.length).toBeGreaterThan(3);
    }
  });

  it('sensitivity moves the threshold', () => {
    const text = 'beuh dispo';
    const low = detector.scan(text, { sensitivity: 'low' });
    const high = detector.scan(text, { sensitivity: 'high' });
    expect(low.score).toBe(high.score);
    expect(Number(high.flagged)).toBeGreaterThanOrEqual(Number(low.flagged));
  });

  it('disabled categories are never flagged', () => {
    const text = 'Glock 19 9mm + 2 chargeurs, 1500€, remise discrète';
    expect(detector.scan(text).flagged).toBe(true);
    expect(detector.scan(text, { categories: ['drugs'] }).flagged).toBe(false);
  });
});
