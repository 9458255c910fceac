import { describe, expect, it } from 'vitest';
import { normalize, toOriginalSpan } from '../../../src/engine/normalize';
import { realRules } from './helpers';

const norm = (s: string) => normalize(s).text;

/** The original characters behind normalised [s, e). */
function originalOf(original: string, s: number, e: number): string {
  const [a, b] = toOriginalSpan(normalize(original), s, e);
  return original.slice(a, b);
}

describe('normalize: obfuscations resolved', () => {
  it.each([
    // leetspeak (step 6)
    ['c0ke', 'coke'],
    ['w33d', 'weed'],
    ['coc4in3', 'cocaine'],
    ['sh!t', 'shit'],
    ['m@rijuana', 'marijuana'],
    ['h3r0ïne', 'heroine'],
    ['ecst4sy', 'ecstasy'],
    ['herb3 dispo', 'herbe dispo'],
    ['ca$h', 'cash'],
    ['m3th for sale', 'meth for sale'],
    ['x@nax', 'xanax'],
    ['p1lls', 'pills'],
    ['F.U.L.L.Z', 'fullz'],
    ['h e r o i n', 'heroin'],
    ['bou|ette', 'boulette'],
    ['f|ingue', 'f|ingue'], // after a single letter, | is a separator, not an l
    // separators (step 7)
    ['c.o.k.e', 'coke'],
    ['C O K E', 'coke'],
    ['c-o-k-e', 'coke'],
    ['c*o*k*e', 'coke'],
    ['c_o_k_e', 'coke'],
    ['c/o/k/e', 'coke'],
    ['c|o|k|e', 'coke'],
    ['c+o+k+e', 'coke'],
    ['c·o·k·e', 'coke'],
    ['w e e d', 'weed'],
    ['c . o . k . e', 'coke'],
    ['C  O  K  E dispo', 'coke dispo'],
    ['c 0 k e', 'coke'],
    ['vends de la c.o.k.e ce soir', 'vends de la coke ce soir'],
    ['H.E.R.B.E', 'herbe'],
    // repeats (step 8)
    ['coooke', 'cooke'],
    ['weeeeed', 'weed'],
    ['COOOOKE', 'cooke'],
    // look-alikes (step 5)
    ['\u0441o\u043a\u0435', 'coke'], // Cyrillic с, к, е
    ['\u0421\u041e\u041a\u0415', 'coke'], // Cyrillic capitals
    ['\u03bf\u03c1\u03b9\u03bf', 'opio'], // Greek ο ρ ι ο
    ['\u039a\u0395\u03a4\u0391', 'keta'], // Greek capitals Κ Ε Τ Α
    ['\u0432\u0435\u0435d', 'beed'],
    // compatibility forms (step 3)
    ['ｃｏｋｅ', 'coke'],
    ['Ｗｅｅｄ', 'weed'],
    ['𝐜𝐨𝐤𝐞', 'coke'], // mathematical bold
    ['𝓬𝓸𝓴𝓮', 'coke'], // mathematical bold script
    ['𝕔𝕠𝕜𝕖', 'coke'], // double-struck
    ['🅲🅾🅺🅴', 'coke'], // negative squared
    ['🅒🅞🅚🅔', 'coke'], // negative circled
    ['Ⓒⓞⓚⓔ', 'coke'], // circled
    ['⒞⒪⒦⒠', 'coke'], // parenthesised
    ['🇨🇴🇰🇪', 'coke'], // regional indicators used as letters
    ['🇨 🇴 🇰 🇪', 'coke'],
    ['ꜱᴍᴀʟʟ ᴄᴀᴘꜱ', 'small caps'],
    ['ᶜᵒᵏᵉ', 'coke'], // modifier letters
    ['ﬁne', 'fine'],
    ['c̸o̸k̸e̸', 'coke'], // combining overlays ("Zalgo")
    // accents and special letters (step 3)
    ['cocaïne', 'cocaine'],
    ['Kétamine', 'ketamine'],
    ['ÇA', 'ca'],
    ['sœur', 'soeur'],
    ['Œuvre', 'oeuvre'],
    ['Straße', 'strasse'],
    ['Ærø', 'aero'],
    ['Łódź', 'lodz'],
    // invisibles and bidi (step 2)
    ['co\u200Bke', 'coke'],
    ['c\u200Co\u200Dk\u2060e', 'coke'],
    ['co\u00ADke', 'coke'],
    ['\uFEFFcoke', 'coke'],
    ['\u202Ecoke\u202C', 'coke'],
    ['\u2066co\u200Eke\u200F\u2069', 'coke'],
    ['co\u034Fke', 'coke'],
    ['co\u{E0041}ke', 'coke'],
    ['co\u0001ke', 'coke'],
    // combined
    ['Ｃ.0.К.Е', 'coke'],
    ['С O K 3', 'coke'], // a trailing leet vowel ends a separated run
    ['a b c 1 2', 'abc 1 2'], // other digits at the end stay outside it
    ['🅲 🅾 🅺 🅴', 'coke'],
  ])('%j → %j', (input, expected) => {
    expect(norm(input)).toBe(expected);
  });
});

describe('normalize: emoji and whitespace', () => {
  it.each([
    ['❄️', '❄'],
    ['🔫', '🔫'],
    ['👍🏽', '👍'],
    ['🍃🍃🍃 dispo', '🍃 dispo'],
    ['!!!!!', '!'],
    ['wow!!! ok', 'wow! ok'],
    ['1️⃣', '1'],
    ['🇫🇷 livraison', '🇫🇷 livraison'], // a lone pair stays a flag
    ['a\r\nb', 'a\nb'],
    ['a\rb', 'a\nb'],
    ['ab\tcd', 'ab cd'],
    ['ab\u00A0cd\u202Fef', 'ab cd ef'],
    ['ab\u3000cd', 'ab cd'],
    ['ab    cd', 'ab cd'],
    ['ab\n\ncd', 'ab\n\ncd'],
    ['ab\u2028cd', 'ab\ncd'],
    ['1000000', '1000000'],
  ])('%j → %j', (input, expected) => {
    expect(norm(input)).toBe(expected);
  });
});

describe('normalize: left alone (negatives)', () => {
  it.each([
    ['9mm'],
    ['6.35'],
    ['3mmc'],
    ['500mg'],
    ['1:1'],
    ['7j/7'],
    ['5g'],
    ['x10'],
    ['24/7'],
    ['06 12 34 56 78'],
    ['+33 6 12 34 56 78'],
    ['@handle'],
    ['@mike3'],
    ['t.me/x'],
    ['wa.me/33612345678'],
    ['https://t.me/plug_75'],
    ['jean.dupont@gmail.com'],
    ['12/05/2024'],
    ['14h30'],
    ['mp3 ps4 win10 iphone8 4x4 b2b h264'],
    ['il y a'],
    ['a b'],
    ['il y a du monde'],
    ['le chat de ma voisine est noir.'],
    ['vends iphone 12, 200 €, remise en main propre'],
    ['2 doliprane 500 mg'],
    ['saisie de 10 kg de cocaine'],
    ['comment signaler un vendeur ?'],
    ['10€ le g'],
    ['réplique 1:1'.normalize('NFD').replace(/\p{M}/gu, '')],
    ['1.5g'],
    ['a\nb\nc'], // letters on separate lines are not a spelled word
  ])('%j unchanged', (input) => {
    expect(norm(input)).toBe(input);
  });

  it.each([
    ['Le chat de ma sœur est à Paris, c’est génial !', "le chat de ma soeur est a paris, c'est genial !"],
    ['Bonjour Élodie, ça va ? On se voit à 14h30.', 'bonjour elodie, ca va ? on se voit a 14h30.'],
    ['Vends iPhone 12, 200 €, remise en main propre', 'vends iphone 12, 200 €, remise en main propre'],
    ['The quick brown fox jumps over the lazy dog.', 'the quick brown fox jumps over the lazy dog.'],
    ['Il y a à manger', 'il y a a manger'], // "à" never joins a spelled-out word
    ['Il y a a\u0300 manger', 'il y a a manger'], // …also when the accent is a combining mark
    ['De A à Z', 'de a a z'],
  ])('ordinary sentence only loses case, accents and curly apostrophes: %j', (input, expected) => {
    expect(norm(input)).toBe(expected);
  });
});

describe('toOriginalSpan: highlights point at the user’s own characters', () => {
  it.each([
    // [original, normalised word to find, expected original slice]
    ['vends c0ke ici', 'coke', 'c0ke'],
    ['vends c.o.k.e ici', 'coke', 'c.o.k.e'],
    ['vends C O K E ici', 'coke', 'C O K E'],
    ['vends co\u200Bke ici', 'coke', 'co\u200Bke'],
    ['vends \u0441o\u043a\u0435 ici', 'coke', '\u0441o\u043a\u0435'],
    ['vends 𝐜𝐨𝐤𝐞 ici', 'coke', '𝐜𝐨𝐤𝐞'],
    ['vends 🅲🅾🅺🅴 ici', 'coke', '🅲🅾🅺🅴'],
    ['vends ｃｏｋｅ ici', 'coke', 'ｃｏｋｅ'],
    ['vends cocaïne ici', 'cocaine', 'cocaïne'],
    ['vends coca\u0308ine ici', 'cocaine', 'coca\u0308ine'], // decomposed accent
    ['vends coooooke ici', 'cooke', 'coooooke'],
    ['ma sœur', 'soeur', 'sœur'],
    ['dispo ❄️ ici', '❄', '❄️'],
    ['dispo 🍃🍃🍃 ici', '🍃', '🍃🍃🍃'],
    ['\u202Ecoke\u202C!', 'coke', 'coke\u202C'], // a dropped char sticks to the one before it
    ['cafe\u0301 ici', 'cafe', 'cafe\u0301'],
    ['ok 👍🏽 ok', '👍', '👍🏽'],
  ])('%j: %j ← %j', (original, word, slice) => {
    const n = normalize(original);
    const s = n.text.indexOf(word);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(originalOf(original, s, s + word.length)).toBe(slice);
  });

  it('maps each unit of an astral letter to the whole surrogate pair', () => {
    const n = normalize('𝐜🔫');
    expect(n.text).toBe('c🔫');
    expect([...n.start]).toEqual([0, 2, 2]);
    expect([...n.end]).toEqual([2, 4, 4]);
    expect(toOriginalSpan(n, 1, 2)).toEqual([2, 4]);
  });

  it('maps an expansion (œ → oe) to the one original character', () => {
    const n = normalize('œ');
    expect(n.text).toBe('oe');
    expect(toOriginalSpan(n, 0, 1)).toEqual([0, 1]);
    expect(toOriginalSpan(n, 1, 2)).toEqual([0, 1]);
  });

  it('maps CR LF to one line break covering both', () => {
    const n = normalize('a\r\nb');
    expect(toOriginalSpan(n, 1, 2)).toEqual([1, 3]);
  });

  it.each([
    [0, 0, [0, 0]],
    [2, 2, [2, 2]],
    [4, 4, [4, 4]],
    [-5, 99, [0, 4]],
    [3, 1, [3, 3]],
  ])('clamps and handles empty ranges: [%i, %i) → %j', (s, e, expected) => {
    expect(toOriginalSpan(normalize('abcd'), s, e)).toEqual(expected);
  });

  it('maps the empty text', () => {
    expect(toOriginalSpan(normalize('\u200B'), 0, 0)).toEqual([0, 0]);
  });
});

describe('apostrophes', () => {
  it.each(['’', '‘', 'ʼ', '′'])(
    '%s reads as the ASCII apostrophe, with the user’s character highlighted',
    (mark) => {
      const text = `carte d${mark}identité`;
      const n = normalize(text);
      expect(n.text).toBe("carte d'identite");
      expect(toOriginalSpan(n, 7, 8)).toEqual([7, 8]);
    },
  );

  it('a phone-typed apostrophe matches rules written with the ASCII one', () => {
    const { detector } = realRules();
    // "vente d'avis" is written with the ASCII apostrophe in the rules, and only there.
    expect(detector.scan('Vente d’avis Google 5 étoiles')).toMatchObject({
      flagged: true,
      category: 'other-illicit',
    });
  });
});
