/**
 * `npx tsx scripts/bench-normalize.ts [corpus.jsonl]` — throughput of the engine's text normaliser
 * (src/engine/normalize) next to a bare character loop (`sum += s.charCodeAt(i)`) over the SAME
 * text in the SAME run, as chars/second and as a ratio. Not a test: it prints figures.
 *
 * Times are CPU time of this process (process.cpuUsage), not wall time: on a shared 2-core
 * machine wall time mostly measures the neighbours.
 *
 * Text: ~1 MB of French — the French rows of ../shared/corpus/dev.jsonl repeated to 1 MB, with a
 * few obfuscated lines mixed in (c0ke, C O K E, Cyrillic, full-width, emoji). Two shapes:
 *   - whole: one 1 MB string (worst case for buffers, best case for per-call overhead);
 *   - messages: the same text as ~chat-sized messages, one normalize() call each (the real use).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalize } from '../src/engine/normalize';
import { normalizeFast } from '../src/engine/normalize/fast-path';

const TARGET = 1 << 20;
const corpusPath = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../../shared/corpus/dev.jsonl'));

function frenchMessages(): string[] {
  if (!existsSync(corpusPath)) {
    return ['Salut, ça va ? On se retrouve à la gare à 14h30, j’apporte les clés et le gâteau.'];
  }
  return readFileSync(corpusPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; lang?: string })
    .filter((r) => r.lang === 'fr')
    .map((r) => r.text);
}

const OBFUSCATED = [
  'Dispo c0ke et w33d, livraison 7j/7 📦 contact @plug_75',
  'C O K E ❄️❄️❄️ 60€ le g, commande en DM',
  'сoке de qualité, ｃｏｋｅ 🅲🅾🅺🅴 𝐜𝐨𝐤𝐞 co\u200Bke coooooke',
];

const base = frenchMessages();
const messages: string[] = [];
let size = 0;
for (let k = 0; size < TARGET; k++) {
  const m = k % 50 === 49 ? (OBFUSCATED[k % OBFUSCATED.length] as string) : (base[k % base.length] as string);
  messages.push(m);
  size += m.length + 1;
}
const whole = messages.join('\n');

function bare(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s.charCodeAt(i);
  return sum;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Median CPU milliseconds per pass (user + system time of THIS process, so other processes on a
 * busy machine do not count), each sample repeating the pass until it lasts ≥ 50 ms.
 */
function time(pass: () => number, rounds = 9): number {
  let sink = pass() + pass();
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const t0 = cpuMs();
  sink += pass();
  const once = Math.max(cpuMs() - t0, 0.01);
  const repeat = Math.max(1, Math.ceil(50 / once));
  const runs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = cpuMs();
    for (let k = 0; k < repeat; k++) sink += pass();
    runs.push((cpuMs() - t) / repeat);
  }
  if (sink === Number.MIN_VALUE) console.log(sink); // keeps the work observable
  return median(runs);
}

const chars = whole.length;
const rows: [string, number][] = [
  ['bare loop, whole', time(() => bare(whole))],
  ['normalize, whole', time(() => normalize(whole).text.length)],
  ['bare loop, per message', time(() => messages.reduce((n, m) => n + bare(m), 0))],
  ['normalize, per message', time(() => messages.reduce((n, m) => n + normalize(m).text.length, 0))],
];
const rate = (ms: number) => `${(((chars / ms) * 1000) / 1e6).toFixed(1)} M chars/s`;
console.log(`text: ${chars} UTF-16 units, ${messages.length} messages (French corpus + 2 % obfuscated)`);
for (const [name, ms] of rows) console.log(`${name.padEnd(24)} ${ms.toFixed(2).padStart(8)} ms  ${rate(ms)}`);
const [, bw] = rows[0] as [string, number];
const [, nw] = rows[1] as [string, number];
const [, bm] = rows[2] as [string, number];
const [, nm] = rows[3] as [string, number];
console.log(`ratio normalize/bare (whole):       ${(bw / nw).toFixed(3)}`);
console.log(`ratio normalize/bare (per message): ${(bm / nm).toFixed(3)}`);
const fast = messages.filter((m) => normalizeFast(m) !== undefined).length;
console.log(`messages on the one-pass fast path: ${fast} / ${messages.length}`);
