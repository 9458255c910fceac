/**
 * Cyrillic, Greek and Armenian letters that look like Latin letters, mapped to the lowercase Latin
 * letter a reader sees. Sellers write "сoке" (Cyrillic с, к, е) so that a search for "coke" misses.
 *
 * @copyright Derived from Unicode Security Mechanisms (UTS #39) data file confusables.txt,
 * https://www.unicode.org/Public/security/latest/confusables.txt
 * Copyright © 1991-2024 Unicode, Inc. Unicode License v3 (https://www.unicode.org/license.txt):
 * permission is granted to use, copy, modify and distribute the data files, provided this notice
 * is kept. Hand-picked subset: only letters whose prototype is one Latin letter, plus the visual
 * pairs confusables.txt lists through small capitals (в→ʙ→b, н→ʜ→h, т→ᴛ→t, м→ᴍ→m, к→ᴋ→k),
 * which at chat sizes read as the plain letter.
 *
 * Uppercase and lowercase are listed separately because their look-alikes differ: Greek Η reads
 * as "h" but η as "n", Ν as "n" but ν as "v", Μ as "m" but μ as "u". The pipeline therefore checks
 * this table before AND after lowercasing (fold-char.ts).
 */
export const CONFUSABLES: ReadonlyMap<number, string> = new Map([
  // Cyrillic capitals
  [0x0405, 's'], // Ѕ
  [0x0406, 'i'], // І
  [0x0408, 'j'], // Ј
  [0x0410, 'a'], // А
  [0x0412, 'b'], // В
  [0x0415, 'e'], // Е
  [0x041a, 'k'], // К
  [0x041c, 'm'], // М
  [0x041d, 'h'], // Н
  [0x041e, 'o'], // О
  [0x0420, 'p'], // Р
  [0x0421, 'c'], // С
  [0x0422, 't'], // Т
  [0x0423, 'y'], // У
  [0x0425, 'x'], // Х
  [0x042c, 'b'], // Ь
  [0x0474, 'v'], // Ѵ
  [0x04ae, 'y'], // Ү
  [0x04ba, 'h'], // Һ
  [0x04c0, 'l'], // Ӏ palochka
  [0x0500, 'd'], // Ԁ
  [0x051a, 'q'], // Ԛ
  [0x051c, 'w'], // Ԝ
  // Cyrillic small letters
  [0x0430, 'a'], // а
  [0x0432, 'b'], // в
  [0x0433, 'r'], // г
  [0x0435, 'e'], // е
  [0x043a, 'k'], // к
  [0x043c, 'm'], // м
  [0x043d, 'h'], // н
  [0x043e, 'o'], // о
  [0x043f, 'n'], // п
  [0x0440, 'p'], // р
  [0x0441, 'c'], // с
  [0x0442, 't'], // т
  [0x0443, 'y'], // у
  [0x0445, 'x'], // х
  [0x044c, 'b'], // ь
  [0x0455, 's'], // ѕ
  [0x0456, 'i'], // і
  [0x0458, 'j'], // ј
  [0x0475, 'v'], // ѵ
  [0x04af, 'y'], // ү
  [0x04bb, 'h'], // һ
  [0x04cf, 'l'], // ӏ
  [0x0501, 'd'], // ԁ
  [0x051b, 'q'], // ԛ
  [0x051d, 'w'], // ԝ
  // Greek capitals
  [0x037f, 'j'], // Ϳ
  [0x0391, 'a'], // Α
  [0x0392, 'b'], // Β
  [0x0395, 'e'], // Ε
  [0x0396, 'z'], // Ζ
  [0x0397, 'h'], // Η
  [0x0399, 'i'], // Ι
  [0x039a, 'k'], // Κ
  [0x039c, 'm'], // Μ
  [0x039d, 'n'], // Ν
  [0x039f, 'o'], // Ο
  [0x03a1, 'p'], // Ρ
  [0x03a4, 't'], // Τ
  [0x03a5, 'y'], // Υ
  [0x03a7, 'x'], // Χ
  [0x03f9, 'c'], // Ϲ lunate sigma
  // Greek small letters
  [0x03b1, 'a'], // α
  [0x03b2, 'b'], // β
  [0x03b3, 'y'], // γ
  [0x03b5, 'e'], // ε
  [0x03b7, 'n'], // η
  [0x03b9, 'i'], // ι
  [0x03ba, 'k'], // κ
  [0x03bc, 'u'], // μ (also what NFKD makes of the micro sign µ)
  [0x03bd, 'v'], // ν
  [0x03bf, 'o'], // ο
  [0x03c1, 'p'], // ρ
  [0x03c2, 'c'], // ς final sigma
  [0x03c3, 'o'], // σ
  [0x03c4, 't'], // τ
  [0x03c5, 'u'], // υ
  [0x03c7, 'x'], // χ
  [0x03c9, 'w'], // ω
  [0x03f2, 'c'], // ϲ lunate sigma
  [0x03f3, 'j'], // ϳ
  // Armenian
  [0x054d, 'u'], // Ս
  [0x0555, 'o'], // Օ
  [0x0566, 'q'], // զ
  [0x0570, 'h'], // հ
  [0x0578, 'n'], // ո
  [0x057d, 'u'], // ս
  [0x0581, 'g'], // ց
  [0x0585, 'o'], // օ
]);
