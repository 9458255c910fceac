/**
 * Official reporting channels, as data. Source of truth: the research notes
 * (shared docs REPORTING.md). ONLY entries marked there V (primary source → 'primary') or
 * V2 (secondary source → 'secondary') are listed; entries marked R (recalled, unchecked) are left
 * out on purpose — e.g. 112 in France and Belgium, Belgium 101, the exact German Onlinewache URL,
 * US DEA/ATF tip lines, Info Douane — until someone checks them.
 *
 * `source` is the page to re-check the entry against: the page the notes name when they name one,
 * otherwise the channel's own official site, or NOTES when the notes recorded no page (a few
 * emergency numbers marked V).
 * `checked` is the date the entry was checked against `source` (the research notes of
 * 2026-11-28; three URLs were read that day in public pages: THESEE, CEOP, Info Escroqueries).
 * Nothing here was clicked in a live browser; re-check before each release.
 *
 * Order matters: within a country, the first matching entry is the one the popup recommends.
 */
import type { ReportingChannel } from './types';

const CHECKED = '2026-11-28';
/** The research notes themselves, for V entries whose notes did not record the exact page. */
const NOTES = 'research-notes:REPORTING.md';
const SP_F31979 = 'https://www.service-public.fr/particuliers/vosdroits/F31979';

const FR: ReportingChannel[] = [
  {
    id: 'fr-pharos',
    scope: { country: 'FR' },
    name: { en: 'PHAROS (Ministry of the Interior)', fr: 'PHAROS (ministère de l’Intérieur)' },
    purpose: {
      en: 'Report illegal content that anyone can see: public channels, groups and posts (drug or weapons trafficking, illicit trade).',
      fr: 'Signaler un contenu illicite accessible à tous : chaînes, groupes et publications publics (trafic de drogues ou d’armes, trafic illicite).',
    },
    url: 'https://www.internet-signalement.gouv.fr',
    categories: 'all',
    contexts: ['public'],
    source: 'https://www.service-public.fr/particuliers/vosdroits/R17674',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'fr-ma-securite',
    scope: { country: 'FR' },
    name: {
      en: 'Ma Sécurité (police and gendarmerie, 24/7 chat)',
      fr: 'Ma Sécurité (police et gendarmerie, tchat 24h/24)',
    },
    purpose: {
      en: 'Talk to a police officer or gendarme at any time, including to report drug dealing.',
      fr: 'Échanger à toute heure avec un policier ou un gendarme, y compris pour signaler un point de deal.',
    },
    url: 'https://www.masecurite.interieur.gouv.fr',
    categories: 'all',
    contexts: ['private', 'public'],
    source: 'https://www.masecurite.interieur.gouv.fr',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'fr-17cyber',
    scope: { country: 'FR' },
    name: { en: '17Cyber', fr: '17Cyber' },
    purpose: {
      en: 'Online help for victims of cybercrime, with a 24/7 chat with police and gendarmes; for content received privately.',
      fr: 'Aide en ligne aux victimes de cybermalveillance, avec un tchat 24h/24 avec policiers et gendarmes ; pour un contenu reçu en privé.',
    },
    url: 'https://17cyber.gouv.fr',
    categories: 'all',
    contexts: ['private'],
    source: SP_F31979,
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'fr-thesee',
    scope: { country: 'FR' },
    name: {
      en: 'THESEE online complaint (internet scams)',
      fr: 'THESEE, plainte en ligne (arnaques sur internet)',
    },
    purpose: {
      en: 'If you were scammed (fake seller, fake shop, blackmail): file a complaint or a report online.',
      fr: 'Si vous avez été escroqué (faux vendeur, faux site de vente, chantage) : porter plainte ou signaler en ligne.',
    },
    url: 'https://www.service-public.fr/particuliers/vosdroits/N31138',
    categories: ['financial', 'fraud-documents', 'documents', 'counterfeit', 'other-illicit'],
    contexts: ['private', 'public'],
    source:
      'https://www.loiret.gouv.fr/Actualites/Thesee-la-plainte-en-ligne-pour-les-victimes-d-e-escroqueries',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'fr-perceval',
    scope: { country: 'FR' },
    name: { en: 'Perceval (bank card fraud)', fr: 'Perceval (fraude à la carte bancaire)' },
    purpose: {
      en: 'If your own bank card was used without your consent: report it online.',
      fr: 'Si votre propre carte bancaire a été utilisée sans votre accord : le signaler en ligne.',
    },
    url: 'https://www.service-public.fr/particuliers/vosdroits/R46526',
    categories: ['financial'],
    contexts: ['private', 'public'],
    source: 'https://www.service-public.fr/particuliers/vosdroits/R46526',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'fr-signalconso',
    scope: { country: 'FR' },
    name: { en: 'SignalConso (DGCCRF)', fr: 'SignalConso (DGCCRF)' },
    purpose: {
      en: 'Report counterfeits or a business that cheats consumers.',
      fr: 'Signaler une contrefaçon ou une entreprise qui trompe les consommateurs.',
    },
    url: 'https://signal.conso.gouv.fr',
    categories: ['counterfeit'],
    contexts: ['private', 'public'],
    source: 'https://signal.conso.gouv.fr',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'fr-info-escroqueries',
    scope: { country: 'FR' },
    name: { en: 'Info Escroqueries (free phone line)', fr: 'Info Escroqueries (numéro gratuit)' },
    purpose: {
      en: 'Advice from the police on scams and what to do next.',
      fr: 'Conseils de la police sur les escroqueries et les démarches à faire.',
    },
    phone: { dial: '0805805817', display: '0 805 805 817' },
    categories: ['financial', 'fraud-documents', 'documents', 'counterfeit'],
    contexts: ['private', 'public'],
    source:
      'https://www.cnews.fr/vie-numerique/2022-04-02/escroquerie-en-ligne-voici-comment-deposer-plainte-1198767',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'fr-cybermalveillance',
    scope: { country: 'FR' },
    name: { en: 'Cybermalveillance.gouv.fr', fr: 'Cybermalveillance.gouv.fr' },
    purpose: {
      en: 'Help and advice for victims of online fraud or hacking.',
      fr: 'Aide et conseils aux victimes de fraude en ligne ou de piratage.',
    },
    url: 'https://www.cybermalveillance.gouv.fr',
    categories: ['financial', 'fraud-documents'],
    contexts: ['private', 'public'],
    source: 'https://www.cybermalveillance.gouv.fr',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'fr-3018',
    scope: { country: 'FR' },
    name: { en: '3018 (e-Enfance, children online)', fr: '3018 (e-Enfance, enfants en ligne)' },
    purpose: {
      en: 'Free help when a child faces online harassment, blackmail or violence.',
      fr: 'Aide gratuite quand un enfant subit harcèlement, chantage ou violence en ligne.',
    },
    url: 'https://3018.fr',
    phone: { dial: '3018', display: '3018' },
    categories: 'all',
    contexts: ['child'],
    source: 'https://3018.fr',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'fr-119',
    scope: { country: 'FR' },
    name: { en: '119 Allô Enfance en Danger', fr: '119 Allô Enfance en Danger' },
    purpose: {
      en: 'Call if a child is in danger or at risk. Free, 24/7.',
      fr: 'Appeler si un enfant est en danger ou risque de l’être. Gratuit, 24h/24.',
    },
    phone: { dial: '119', display: '119' },
    categories: 'all',
    contexts: ['child'],
    source: 'https://www.touteleurope.eu/actualite/112-le-numero-d-urgence-europeen.html',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'fr-17',
    scope: { country: 'FR' },
    emergency: true,
    name: { en: '17 Police / Gendarmerie (emergency)', fr: '17 Police / Gendarmerie (urgence)' },
    purpose: {
      en: 'If someone is in immediate danger.',
      fr: 'Si quelqu’un est en danger immédiat.',
    },
    phone: { dial: '17', display: '17' },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: NOTES,
    checked: CHECKED,
    verification: 'primary',
  },
];

const BE: ReportingChannel[] = [
  {
    id: 'be-point-de-contact',
    scope: { country: 'BE' },
    name: { en: 'Point de contact / Meldpunt (FPS Economy)', fr: 'Point de contact (SPF Économie)' },
    purpose: {
      en: 'Report fraud, scams, counterfeits and misleading offers.',
      fr: 'Signaler fraudes, arnaques, contrefaçons et offres trompeuses.',
    },
    url: 'https://pointdecontact.belgique.be',
    categories: ['financial', 'fraud-documents', 'documents', 'counterfeit', 'other-illicit'],
    contexts: ['public', 'private'],
    source: 'https://pointdecontact.belgique.be',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'be-child-focus',
    scope: { country: 'BE' },
    name: { en: 'Child Focus', fr: 'Child Focus' },
    purpose: {
      en: 'Report child sexual abuse images and get help when a child is at risk online.',
      fr: 'Signaler des images d’abus sexuels sur enfants et obtenir de l’aide quand un enfant est en danger en ligne.',
    },
    url: 'https://childfocus.be',
    categories: 'all',
    contexts: ['child'],
    source: 'https://childfocus.be',
    checked: CHECKED,
    verification: 'primary',
  },
];

const CH: ReportingChannel[] = [
  {
    id: 'ch-cybercrimepolice',
    scope: { country: 'CH' },
    name: { en: 'cybercrimepolice.ch', fr: 'cybercrimepolice.ch' },
    purpose: {
      en: 'Swiss police site on online crime: prevention and where to report.',
      fr: 'Site de la police suisse sur la cybercriminalité : prévention et où signaler.',
    },
    url: 'https://www.cybercrimepolice.ch',
    categories: 'all',
    contexts: ['public', 'private'],
    source: 'https://www.cybercrimepolice.ch',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'ch-suisse-epolice',
    scope: { country: 'CH' },
    name: { en: 'Suisse ePolice (online complaint)', fr: 'Suisse ePolice (plainte en ligne)' },
    purpose: {
      en: 'File a complaint online for some cyber offences (in about half of the cantons).',
      fr: 'Déposer plainte en ligne pour certaines infractions (dans environ la moitié des cantons).',
    },
    url: 'https://www.suisse-epolice.ch',
    categories: ['financial', 'fraud-documents', 'documents', 'counterfeit'],
    contexts: ['public', 'private'],
    source: 'https://www.suisse-epolice.ch',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'ch-ncsc',
    scope: { country: 'CH' },
    name: {
      en: 'Federal Office for Cybersecurity (report form)',
      fr: 'Office fédéral de la cybersécurité (formulaire)',
    },
    purpose: {
      en: 'Report a cyber incident such as fraud (this is not a criminal complaint).',
      fr: 'Annoncer un cyberincident comme une fraude (ce n’est pas une plainte pénale).',
    },
    url: 'https://www.ncsc.admin.ch',
    categories: ['financial', 'fraud-documents'],
    contexts: ['public', 'private'],
    source: 'https://www.ncsc.admin.ch',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'ch-117',
    scope: { country: 'CH' },
    emergency: true,
    name: { en: '117 Police (emergency)', fr: '117 Police (urgence)' },
    purpose: { en: 'If someone is in immediate danger.', fr: 'Si quelqu’un est en danger immédiat.' },
    phone: { dial: '117', display: '117' },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: NOTES,
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'ch-112',
    scope: { country: 'CH' },
    emergency: true,
    name: { en: '112 European emergency number', fr: '112 numéro d’urgence européen' },
    purpose: { en: 'Emergency services.', fr: 'Services d’urgence.' },
    phone: { dial: '112', display: '112' },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: NOTES,
    checked: CHECKED,
    verification: 'primary',
  },
];

const CA: ReportingChannel[] = [
  {
    id: 'ca-qc-sq-cic',
    scope: { country: 'CA', region: 'QC' },
    name: {
      en: 'Québec: Sûreté du Québec criminal information line',
      fr: 'Québec : Centrale de l’information criminelle de la Sûreté du Québec',
    },
    purpose: {
      en: 'Give information about crime (drugs, weapons) confidentially.',
      fr: 'Transmettre une information sur un crime (drogues, armes) en toute confidentialité.',
    },
    phone: { dial: '18006594264', display: '1 800 659-4264' },
    categories: ['drugs', 'weapons', 'other-illicit'],
    contexts: ['public', 'private'],
    source: NOTES,
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'ca-cafc',
    scope: { country: 'CA' },
    name: { en: 'Canadian Anti-Fraud Centre', fr: 'Centre antifraude du Canada' },
    purpose: {
      en: 'Report fraud, scams and stolen identity or bank data.',
      fr: 'Signaler fraudes, arnaques et vol d’identité ou de données bancaires.',
    },
    url: 'https://antifraudcentre-centreantifraude.ca',
    phone: { dial: '18884958501', display: '1-888-495-8501' },
    categories: ['financial', 'fraud-documents', 'documents', 'counterfeit'],
    contexts: ['public', 'private'],
    source: 'https://antifraudcentre-centreantifraude.ca',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'ca-qc-echec-au-crime',
    scope: { country: 'CA', region: 'QC' },
    name: {
      en: 'Québec: Échec au crime (anonymous tips)',
      fr: 'Québec : Échec au crime (signalement anonyme)',
    },
    purpose: { en: 'Give an anonymous tip about a crime.', fr: 'Signaler un crime de façon anonyme.' },
    url: 'https://www.echecaucrime.com',
    phone: { dial: '18007111800', display: '1-800-711-1800' },
    categories: 'all',
    contexts: ['public', 'private'],
    source: 'https://www.echecaucrime.com',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'ca-cybertip',
    scope: { country: 'CA' },
    name: { en: 'Cybertip.ca', fr: 'Cyberaide.ca (Cybertip.ca)' },
    purpose: {
      en: 'Report the online sexual exploitation of children.',
      fr: 'Signaler l’exploitation sexuelle d’enfants en ligne.',
    },
    url: 'https://cybertip.ca',
    phone: { dial: '18666589022', display: '1-866-658-9022' },
    categories: 'all',
    contexts: ['child'],
    source: 'https://cybertip.ca',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'ca-911',
    scope: { country: 'CA' },
    emergency: true,
    name: { en: '911 (emergency)', fr: '911 (urgence)' },
    purpose: { en: 'If someone is in immediate danger.', fr: 'Si quelqu’un est en danger immédiat.' },
    phone: { dial: '911', display: '911' },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: NOTES,
    checked: CHECKED,
    verification: 'primary',
  },
];

const GB: ReportingChannel[] = [
  {
    id: 'gb-crimestoppers',
    scope: { country: 'GB' },
    name: { en: 'Crimestoppers (anonymous)', fr: 'Crimestoppers (anonyme)' },
    purpose: {
      en: 'Tell what you know about drugs, weapons or other crime, 100% anonymously.',
      fr: 'Dire ce que vous savez sur la drogue, les armes ou d’autres crimes, de façon anonyme.',
    },
    url: 'https://crimestoppers-uk.org',
    phone: { dial: '0800555111', display: '0800 555 111' },
    categories: ['drugs', 'weapons', 'other-illicit', 'documents'],
    contexts: ['public', 'private'],
    source: 'https://crimestoppers-uk.org',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'gb-action-fraud',
    scope: { country: 'GB' },
    name: {
      en: 'Action Fraud (England, Wales, Northern Ireland)',
      fr: 'Action Fraud (Angleterre, pays de Galles, Irlande du Nord)',
    },
    purpose: {
      en: 'Report fraud and cybercrime. It may have been renamed “Report Fraud”: the site redirects if so.',
      fr: 'Signaler fraude et cybercriminalité. Le service a peut-être été renommé « Report Fraud ».',
    },
    url: 'https://www.actionfraud.police.uk',
    phone: { dial: '03001232040', display: '0300 123 2040' },
    categories: ['financial', 'fraud-documents', 'documents', 'counterfeit'],
    contexts: ['public', 'private'],
    source: 'https://www.actionfraud.police.uk',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'gb-101',
    scope: { country: 'GB' },
    name: { en: '101 Police non-emergency number', fr: '101 police (hors urgence)' },
    purpose: {
      en: 'Report a crime that is not an emergency.',
      fr: 'Signaler un crime qui n’est pas une urgence.',
    },
    phone: { dial: '101', display: '101' },
    categories: 'all',
    contexts: ['public', 'private'],
    source: NOTES,
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'gb-ceop',
    scope: { country: 'GB' },
    name: {
      en: 'CEOP Safety Centre (National Crime Agency)',
      fr: 'CEOP Safety Centre (National Crime Agency)',
    },
    purpose: {
      en: 'Report online sexual abuse or grooming of a child.',
      fr: 'Signaler un abus sexuel ou une manipulation (grooming) d’enfant en ligne.',
    },
    url: 'https://www.ceop.police.uk/Safety-Centre/',
    categories: 'all',
    contexts: ['child'],
    source:
      'https://www.ceop.police.uk/Safety-Centre/What-happens-when-I-make-a-report-YP/What-happens-when-I-make-a-report-parent/',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'gb-999',
    scope: { country: 'GB' },
    emergency: true,
    name: { en: '999 (emergency)', fr: '999 (urgence)' },
    purpose: { en: 'If someone is in immediate danger.', fr: 'Si quelqu’un est en danger immédiat.' },
    phone: { dial: '999', display: '999' },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: 'https://www.thinkuknow.co.uk/11_13/help/CEOP/',
    checked: CHECKED,
    verification: 'primary',
  },
];

const US: ReportingChannel[] = [
  {
    id: 'us-fbi-tips',
    scope: { country: 'US' },
    name: { en: 'FBI tips', fr: 'FBI (signalements)' },
    purpose: {
      en: 'Give a tip about a federal crime (drugs, weapons, trafficking).',
      fr: 'Signaler un crime fédéral (drogues, armes, trafics).',
    },
    url: 'https://tips.fbi.gov',
    categories: ['drugs', 'weapons', 'documents', 'other-illicit'],
    contexts: ['public', 'private'],
    source: 'https://tips.fbi.gov',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'us-ic3',
    scope: { country: 'US' },
    name: {
      en: 'FBI Internet Crime Complaint Center (IC3)',
      fr: 'FBI Internet Crime Complaint Center (IC3)',
    },
    purpose: {
      en: 'Report internet crime: fraud, stolen data, counterfeits.',
      fr: 'Signaler un crime sur internet : fraude, données volées, contrefaçons.',
    },
    url: 'https://www.ic3.gov',
    categories: ['financial', 'fraud-documents', 'documents', 'counterfeit', 'other-illicit'],
    contexts: ['public', 'private'],
    source: 'https://www.ic3.gov',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'us-hsi-tipline',
    scope: { country: 'US' },
    name: {
      en: 'HSI Tip Line (Homeland Security Investigations)',
      fr: 'HSI Tip Line (Homeland Security Investigations)',
    },
    purpose: { en: 'Report smuggling and counterfeit goods.', fr: 'Signaler contrebande et contrefaçons.' },
    url: 'https://www.dhs.gov/hsi/tipline',
    categories: ['counterfeit', 'weapons', 'drugs'],
    contexts: ['public', 'private'],
    source: 'https://www.dhs.gov/hsi/tipline',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'us-ftc',
    scope: { country: 'US' },
    name: { en: 'FTC ReportFraud', fr: 'FTC ReportFraud' },
    purpose: {
      en: 'Report a scam or consumer fraud.',
      fr: 'Signaler une arnaque ou une fraude à la consommation.',
    },
    url: 'https://reportfraud.ftc.gov',
    categories: ['financial', 'fraud-documents', 'counterfeit'],
    contexts: ['public', 'private'],
    source: 'https://reportfraud.ftc.gov',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'us-ncmec',
    scope: { country: 'US' },
    name: { en: 'NCMEC CyberTipline', fr: 'NCMEC CyberTipline' },
    purpose: {
      en: 'Report the sexual exploitation of a child.',
      fr: 'Signaler l’exploitation sexuelle d’un enfant.',
    },
    url: 'https://report.cybertip.org',
    phone: { dial: '18008435678', display: '1-800-843-5678' },
    categories: 'all',
    contexts: ['child'],
    source: 'https://report.cybertip.org',
    checked: CHECKED,
    verification: 'primary',
  },
];

const DE: ReportingChannel[] = [
  {
    id: 'de-110',
    scope: { country: 'DE' },
    emergency: true,
    name: { en: '110 Police (emergency)', fr: '110 Police (urgence)' },
    purpose: { en: 'If someone is in immediate danger.', fr: 'Si quelqu’un est en danger immédiat.' },
    phone: { dial: '110', display: '110' },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: NOTES,
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'de-112',
    scope: { country: 'DE' },
    emergency: true,
    name: { en: '112 Emergency', fr: '112 Urgence' },
    purpose: { en: 'Emergency services.', fr: 'Services d’urgence.' },
    phone: { dial: '112', display: '112' },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: NOTES,
    checked: CHECKED,
    verification: 'primary',
  },
];

const ES: ReportingChannel[] = [
  {
    id: 'es-policia-nacional',
    scope: { country: 'ES' },
    name: {
      en: 'Policía Nacional (citizen collaboration)',
      fr: 'Policía Nacional (collaboration citoyenne)',
    },
    purpose: {
      en: 'Report drug dealing, child abuse or online fraud to the National Police (also the AlertCops app).',
      fr: 'Signaler trafic de drogue, abus sur enfant ou fraude en ligne à la Police nationale (aussi l’appli AlertCops).',
    },
    url: 'https://www.policia.es',
    phone: { dial: '091', display: '091' },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: 'https://www.policia.es',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'es-guardia-civil',
    scope: { country: 'ES' },
    name: { en: 'Guardia Civil “Colabora”', fr: 'Guardia Civil « Colabora »' },
    purpose: {
      en: 'Send information about a crime to the Guardia Civil.',
      fr: 'Transmettre une information sur un crime à la Guardia Civil.',
    },
    url: 'https://www.guardiacivil.es',
    categories: 'all',
    contexts: ['public', 'private'],
    source: 'https://www.guardiacivil.es',
    checked: CHECKED,
    verification: 'secondary',
  },
];

const IT: ReportingChannel[] = [
  {
    id: 'it-commissariato-ps-online',
    scope: { country: 'IT' },
    name: {
      en: 'Commissariato di PS Online (Postal Police)',
      fr: 'Commissariato di PS Online (police postale)',
    },
    purpose: {
      en: 'Report an online crime to the Italian police.',
      fr: 'Signaler un crime en ligne à la police italienne.',
    },
    url: 'https://www.commissariatodips.it',
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: 'https://www.commissariatodips.it',
    checked: CHECKED,
    verification: 'secondary',
  },
];

const PLATFORMS: ReportingChannel[] = [
  {
    id: 'telegram-in-app',
    scope: { platform: 'telegram' },
    name: { en: 'Telegram: report in the app', fr: 'Telegram : signaler dans l’application' },
    purpose: {
      en: 'Telegram’s terms forbid selling illegal goods (drugs, firearms, forged documents).',
      fr: 'Les conditions de Telegram interdisent la vente de biens illégaux (drogues, armes, faux documents).',
    },
    steps: {
      en: [
        'In Telegram Web, right-click the message, the user or the channel.',
        'Choose “Report”, then the reason that fits.',
        'You may also leave the group or block the user.',
      ],
      fr: [
        'Dans Telegram Web, faites un clic droit sur le message, l’utilisateur ou la chaîne.',
        'Choisissez « Signaler », puis le motif qui correspond.',
        'Vous pouvez aussi quitter le groupe ou bloquer l’utilisateur.',
      ],
    },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: 'https://telegram.org/tos/eu-dsa',
    checked: CHECKED,
    verification: 'secondary',
  },
  {
    id: 'telegram-dsa-form',
    scope: { platform: 'telegram' },
    name: {
      en: 'Telegram: illegal content report form',
      fr: 'Telegram : formulaire de signalement de contenu illicite',
    },
    purpose: {
      en: 'Telegram’s form for illegal content (EU Digital Services Act).',
      fr: 'Le formulaire de Telegram pour les contenus illicites (règlement européen DSA).',
    },
    url: 'https://telegram.org/dsa-report',
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: 'https://telegram.org/tos/eu-dsa',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'whatsapp-report-block',
    scope: { platform: 'whatsapp' },
    name: { en: 'WhatsApp: report and block', fr: 'WhatsApp : signaler et bloquer' },
    purpose: {
      en: 'A report sends the last messages of this chat to WhatsApp. If someone is in danger, call emergency services.',
      fr: 'Un signalement envoie à WhatsApp les derniers messages de la discussion. Si quelqu’un est en danger, appelez les secours.',
    },
    steps: {
      en: [
        'Open the chat and click the contact or group name.',
        'Choose “Report contact” (or “Report group”), then “Report and block”.',
        'To report one message: open its menu and choose “Report”.',
      ],
      fr: [
        'Ouvrez la discussion et cliquez sur le nom du contact ou du groupe.',
        'Choisissez « Signaler le contact » (ou « Signaler le groupe »), puis « Signaler et bloquer ».',
        'Pour signaler un seul message : ouvrez son menu et choisissez « Signaler ».',
      ],
    },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: 'https://faq.whatsapp.com/1142481766359885',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'snapchat-in-app',
    scope: { platform: 'snapchat' },
    name: { en: 'Snapchat: report in the app', fr: 'Snapchat : signaler dans l’application' },
    purpose: {
      en: 'Snapchat’s rules forbid selling drugs and other illegal goods; reports are confidential.',
      fr: 'Les règles de Snapchat interdisent la vente de drogues et d’autres biens illégaux ; les signalements sont confidentiels.',
    },
    // Snap's page describes the mobile app; the web client's menu wording is not verified, so
    // the steps say what Snap says and no more.
    steps: {
      en: [
        'In the Snapchat app, press and hold the chat message or the Snap.',
        'Tap “Report”, then choose the reason that fits.',
        'If something looks illegal or dangerous, contact the police first, then report it to Snapchat.',
      ],
      fr: [
        'Dans l’application Snapchat, appuyez longuement sur le message ou le Snap.',
        'Touchez « Signaler », puis choisissez le motif qui correspond.',
        'Si cela semble illégal ou dangereux, contactez d’abord la police, puis signalez-le à Snapchat.',
      ],
    },
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: 'https://values.snap.com/safety/safety-reporting',
    checked: CHECKED,
    verification: 'primary',
  },
  {
    id: 'snapchat-support-form',
    scope: { platform: 'snapchat' },
    name: {
      en: 'Snapchat: safety report form (Support Site)',
      fr: 'Snapchat : formulaire de signalement (site d’assistance)',
    },
    purpose: {
      en: 'Report a chat or an account from a browser, without the app; it can be done anonymously.',
      fr: 'Signaler une discussion ou un compte depuis un navigateur, sans l’application ; c’est possible anonymement.',
    },
    // Snap's safety-reporting page, which leads to the Support Site form. The form's own address
    // is not in our verified notes (REPORTING.md), so we link the page that is.
    url: 'https://values.snap.com/safety/safety-reporting',
    categories: 'all',
    contexts: ['public', 'private', 'child'],
    source: 'https://values.snap.com/safety/safety-reporting',
    checked: CHECKED,
    verification: 'primary',
  },
];

export const CHANNELS: readonly ReportingChannel[] = [
  ...FR,
  ...BE,
  ...CH,
  ...CA,
  ...GB,
  ...US,
  ...DE,
  ...ES,
  ...IT,
  ...PLATFORMS,
];
