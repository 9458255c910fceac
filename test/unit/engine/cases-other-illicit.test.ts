/**
 * Other illicit services as they are offered in Telegram / WhatsApp shops, in French and English:
 * hacking tools and services, resold streaming accounts, fraud and carding methods, laundering,
 * contraband, drug-test cheats, fixed matches, fake reviews. Each theme has hard negatives that use
 * the same words without offering anything (victims, news, questions, security advice).
 * Written for Vigie, not taken from the evaluation corpus.
 */
import { describe, expect, it } from 'vitest';
import type { Category } from '../../../src/engine';
import { realRules } from './helpers';

const { detector } = realRules();

/** [theme, offer]: every one must be flagged as other-illicit. */
const offers: [string, string][] = [
  // Hacking services and tools
  [
    'hacking',
    'Hacker pro dispo 🔥 piratage de compte Insta, Snap, Facebook, résultat garanti, paiement en crypto',
  ],
  ['hacking', 'Je pirate n’importe quel compte en 24h, prix en PV'],
  ['hacking', 'Service de piratage sur demande, discrétion totale, contact Telegram @hackfr'],
  ['hacking', 'Hacking services: Instagram, Snapchat, Gmail recovery, fast and legit, dm me'],
  ['hacking', 'Hire a hacker 24/7, any account, any phone, pay in BTC'],
  ['hacking', 'FUD crypter + Android RAT, lifetime updates, 50$ on telegram'],
  ['hacking', 'Keylogger indétectable + logiciel espion pour téléphone, 40€, livraison par mail'],
  ['hacking', 'Botnet for rent, 10k bots, DDoS for hire, prices in DM'],
  ['hacking', 'Attaque DDoS sur commande, 20€ l’heure, contactez-moi'],
  ['hacking', 'Espionner un téléphone à distance ? Logiciel espion indétectable 60€, écris-moi'],
  ['hacking', 'Fresh SMTP + cPanel + RDP in stock, cheap prices, t.me/toolshop'],
  ['hacking', 'Scama Ameli et scama banque à jour, kit de phishing complet 100€'],
  ['hacking', 'Phishing kits and scam pages for all banks, updated weekly, dm for price'],
  ['hacking', 'Sender SMS + numlist fraîche dispo, 50€ les 10k'],
  ['hacking', 'Bypass iCloud et déblocage iCloud tous modèles, 80€, envoi rapide'],
  // Accounts
  ['accounts', 'Vends comptes Netflix premium à vie 10€ 🍿 paiement PCS ou PayPal'],
  ['accounts', 'Compte Netflix 4K à vie + Disney+ 15€, livraison immédiate en DM'],
  ['accounts', 'Netflix, Spotify, Disney+ premium accounts lifetime, 5$ each, warranty included'],
  ['accounts', 'Spotify premium lifetime 5$, dm me'],
  ['accounts', 'Abonnement IPTV 12 mois 30€, +20 000 chaînes, contactez-moi sur WhatsApp'],
  ['accounts', 'Comptes crackés Uber Eats et Deliveroo, 10€ pièce, dispo'],
  ['accounts', 'Selling hacked Instagram accounts with 10k followers, $50 each'],
  // Fraud, carding, refund methods
  ['methods', 'Méthode carding 2024 + tuto cashout, 50€, paiement en crypto'],
  ['methods', 'Méthode refund Amazon 100% fonctionnelle, 30€ le PDF, dm'],
  ['methods', 'Méthode CAF et méthode CPF à jour, résultats garantis, 40€'],
  ['methods', 'Tuto fraude pas à pas pour débutants, 25€ en PCS'],
  ['methods', 'Fraud bible 2024 + scam methods pack, $30, telegram only'],
  ['methods', 'Refund service: Amazon, Apple, Zalando, 20% fee, vouches in channel'],
  // Laundering and mules
  ['laundering', 'Je blanchis ton argent rapidement, service de blanchiment discret, 15% de commission'],
  ['laundering', 'Money laundering service, clean your money in 48h, escrow accepted'],
  ['laundering', 'Reshipping service USA → EU, drops available, dm for rates'],
  // Contraband, test cheats, fixed matches, fake reviews
  ['contraband', 'Cartouches de cigarettes 35€, Marlboro, Camel, livraison partout en France'],
  ['contraband', 'Tax free cigarettes, 10 cartons for 300€, fast shipping'],
  ['contraband', 'Brouilleur GPS pour voiture 50€, envoi discret'],
  ['test-cheat', 'Urine synthétique + kit anti test salivaire, 40€, envoi discret'],
  ['test-cheat', 'Synthetic urine kit, pass any drug test, discreet shipping'],
  ['fixed', 'Fixed matches 100% sure, odds 20+, pay after win, whatsapp me'],
  ['fixed', 'Matchs truqués garantis ⚽ cote 15, paiement en PCS'],
  ['reviews', 'Faux avis Google 5 étoiles, 2€ l’avis, livraison en 24h'],
  ['reviews', 'Buy fake reviews for Google, Trustpilot, Amazon, cheap prices'],
  // Market-style titles
  ['title', 'Zeus Ultimate Hacking Bot'],
  ['title', 'HBO GO Account [LIFETIME + FREEBIES]'],
  ['title', 'Crypting services'],
  ['title', 'Botnet Setup'],
  ['title', 'UK Drops Method'],
  // Obfuscated and emoji-heavy shop posts
  ['obfuscated', '𝗖𝗢𝗠𝗣𝗧𝗘𝗦 𝗡𝗘𝗧𝗙𝗟𝗜𝗫 à vie 🔥 10€ 📩'],
  ['obfuscated', 'N3tfl1x premium à vie 8€, dispo en pv'],
  ['obfuscated', 'p.i.r.a.t.a.g.e de compte Snap, 50€, paiement après'],
  ['obfuscated', 'H4CKING SERVICES 💻 any account, fast, dm'],
  // More shop wording
  ['accounts', 'Vente de comptes Spotify, Deezer, Canva Pro à vie ✅ paiement PCS'],
  ['accounts', 'Selling Canva Pro + ChatGPT Plus accounts, lifetime warranty, $10'],
  ['accounts', 'Cracked accounts (Disney+, HBO Max, Crunchyroll) restocked daily, cheap'],
  ['laundering', 'Mixeur bitcoin : tes BTC intraçables, 2% de frais, contact Telegram'],
  ['laundering', 'Bitcoin mixer service, untraceable coins, 1% fee'],
  ['hacking', 'Bot OTP + scama + numlist, tout le kit du spammeur 150€'],
  ['hacking', 'SMS bomber & email bomber tool, lifetime license 20$'],
  ['hacking', 'Carte SIM enregistrée à un autre nom, 30€, envoi discret'],
  ['methods', 'Tuto complet pour frauder la CAF, 30€ 📩'],
  ['contraband', 'Cartouche de clopes 30 balles, livraison Paris 7j/7'],
  ['leaks', 'OnlyFans leaks mega folder 15$, dm for link'],
  ['credentials', 'Combo mail:pass FR frais, 10k lignes 20€'],
  ['credentials', 'Identifiants piratés Netflix dispo, 2€ pièce'],
  ['methods', 'Méthode swiping 2024 à jour, 40€, écris-moi'],
  [
    'menu',
    '🔥 SHOP 🔥\n✅ Netflix 4K 1 an — 15€\n✅ Disney+ 1 an — 10€\n✅ Spotify à vie — 20€\n✅ Canva Pro à vie — 10€\n📩 Paiement PCS',
  ],
  ['menu', '💻 Services dispo :\n- Hack Snap / Insta\n- Dox\n- DDoS\nDM pour tarifs'],
  ['accounts', 'Comptes Deezer premium 12 mois 8€ 🎧 dispo direct'],
  ['accounts', 'Qui veut un abonnement Netflix à vie ? 10€ seulement, paiement PCS'],
  ['hacking', 'Pirate ton ex sur Snap, je m’en occupe, 30€'],
  ['hacking', 'B0t 0TP dispo, sc4ma à jour, n u m l i s t FR'],
  // Smuggling of people, sham marriages, appointment and fine-cancelling services
  ['smuggling', 'Passage UK garanti 1500€, départ de Calais, contact WhatsApp'],
  ['smuggling', 'Guaranteed crossing to the UK by boat, 2000$, message me'],
  ['papers', 'RDV préfecture garanti pour titre de séjour, 200€, écris-moi'],
  ['papers', 'Mariage blanc pour papiers, 5000€, sérieux uniquement'],
  ['fines', 'Je fais sauter tes PV et tes amendes, 50€ par dossier, contact snap'],
  ['data', 'Vente de BDD fraîche 50k leads FR, 100€'],
  ['methods', 'Selling methods: Amazon refund, Uber Eats, cashapp, dm'],
];

/** The same words in ordinary talk, news, questions and advice: must stay quiet. */
const quiet: string[] = [
  'Mon compte Netflix ne marche plus, tu peux regarder ?',
  'My Netflix account stopped working, can you check?',
  'J’ai lu un guide sur la sécurité informatique, très intéressant',
  'How do I report a phishing page?',
  'Police dismantled a botnet used by hackers in 20 countries',
  'A botnet infected 2 million computers, researchers warn',
  'Free shipping on all orders over 50€ this weekend!',
  'Mon compte Instagram a été piraté, quelqu’un sait comment le récupérer ?',
  'J’ai été piratée sur Snap, ne cliquez pas sur mes liens !',
  'Keylogger found on my laptop, what should I do?',
  'Attention aux arnaques : un faux conseiller vous demande votre code, ne le donnez jamais',
  'On regarde Netflix ou Disney+ ce soir ?',
  'Tu as le code wifi ? Mon téléphone ne se connecte pas',
  'Super tuto maquillage sur YouTube, je te l’envoie',
  'J’ai trouvé une méthode pour apprendre l’anglais plus vite',
  'New method to learn Spanish in 30 days, thanks for the tips',
  'Le blanchiment d’argent sera jugé au tribunal la semaine prochaine',
  'Il a arrêté les cigarettes depuis un mois, bravo à lui',
  'Le match était truqué, l’arbitre a tout fait pour eux',
  'Mon père fume deux paquets de cigarettes par jour',
  'Change your password and turn on two-factor authentication',
  'Ransomware attack hits hospital, patients redirected',
  'Le hacker a été arrêté par la police après une cyberattaque',
  'Spotify premium is so worth it, no ads at all',
  'Abonnement Netflix : les prix augmentent encore en janvier',
  'Vends vélo 50€, paiement PayPal ou espèces, à venir chercher',
  'How to make pancakes: step by step recipe',
  'Je cherche un tuto pour installer Windows sur mon PC',
  'Netflix a encore augmenté ses prix, 15€ par mois maintenant',
  'Mon abonnement Spotify premium expire demain',
  'Quelqu’un a le mot de passe du wifi ?',
  'Cybersécurité : 5 conseils pour protéger vos comptes contre le piratage',
  'Ethical hacking course for IT staff, certified trainers, 199$',
  'Ce film sur le blanchiment d’argent est génial',
  'New infostealer targets macOS users, researchers say',
  'Pegasus, le logiciel espion qui a infecté des milliers de téléphones',
  'Money laundering case: bank fined 2 million dollars',
  'I love this song, I could listen to it for a lifetime',
  'Je t’aimerai à vie ❤️',
  'Tu me passes ton compte Netflix ce soir ? Le mien ne marche plus',
  'Le vol à l’étalage a augmenté selon le rapport de la mairie',
  'My brother got scammed by a fake reviews website, so annoying',
  'Le poisson était délicieux, 25€ le menu',
  'Windows 11 update broke my wifi, any idea?',
  'Les cigarettes ont encore augmenté, 12€ le paquet',
  'Ce livre sur le darknet est passionnant, 19€ à la Fnac',
  'Je vends ma méthode de piano, comme neuve, 10€',
  'Nouvelle méthode de calcul des APL à partir de janvier',
  'Get Spotify Premium free for 3 months, limited offer, terms apply',
  'Netflix account sharing crackdown: what you need to know',
  'I bought a lifetime subscription to Babbel, worth it',
  'Cheat codes GTA San Andreas : la liste complète',
  'Formation cybersécurité à Lyon, 1200€, éligible CPF',
  'Arnaque au CPF : ne donnez jamais votre numéro de sécurité sociale',
  'Nitro gratuit pendant 3 mois avec Epic Games',
  'Mon compte Fortnite a été piraté, Epic ne répond pas',
  'Menu combos burger frites 9€',
  'Box internet fibre + wifi 6 à 19,99€/mois pendant un an',
  'Poker entre potes samedi, 10€ la cave',
  'Casino de Deauville : entrée gratuite ce week-end, buffet 25€',
  'Detox juice 3 for 10$, fresh every morning',
  'Les comptes Netflix partagés seront bloqués en 2024',
  'Je regarde un film de pirates ce soir',
  'Garantie à vie sur toutes nos poêles, 39€ livraison offerte',
  'Upgrade to a premium account for 5$ a month and get lifetime access to the course',
  'Eye drops 5$ at the pharmacy, cheapest in town',
  'Socks 3 pairs for 10$, free shipping',
  'Assassin’s Creed Valhalla PS5 20€, comme neuf',
  'Concert de rap underground samedi, entrée 10€',
  'Underground parking spot for rent, 100$ a month',
  'Trois passeurs interpellés à Calais après le naufrage',
  'La bdd du site plante encore, tu peux regarder ?',
  'Le rdv préfecture est impossible à avoir, je galère',
  'J’ai reçu une amende de 135€, je peux la contester ?',
];

/**
 * Shop logistics that share words with guides ("payment methods", "how to order") must not turn
 * another category's offer into a guide listing.
 */
const otherCategories: [Category, string][] = [
  ['drugs', 'Coke 80€/g, weed 10€/g. How to order: DM me on telegram'],
  ['drugs', 'Beuh 10€ le g, méthode de paiement : PCS ou espèces, livraison 7j/7'],
  ['weapons', 'Glock 19 for sale 900$, payment methods: BTC, cashapp'],
  ['financial', 'Fullz UK fresh, cvv 20$, payment method: BTC'],
];

describe('keeps shop logistics from turning other offers into guides', () => {
  it.each(otherCategories)('%s: %s', (category, text) => {
    const verdict = detector.scan(text);
    expect(verdict.flagged).toBe(true);
    expect(verdict.category, verdict.reasons.map((r) => r.ruleId).join(',')).toBe(category);
  });
});

describe('flags other illicit services offered in chats', () => {
  it.each(offers)('%s: %s', (_theme, text) => {
    const verdict = detector.scan(text);
    expect(verdict.flagged, `${verdict.score} ${verdict.reasons.map((r) => r.ruleId)}`).toBe(true);
    expect(verdict.category).toBe('other-illicit');
  });
});

describe('stays quiet on the same words in ordinary talk, news and advice', () => {
  it.each(quiet)('%s', (text) => {
    const verdict = detector.scan(text);
    expect(
      verdict.flagged,
      `${verdict.category} ${verdict.score} ${verdict.reasons.map((r) => r.ruleId)}`,
    ).toBe(false);
  });
});
