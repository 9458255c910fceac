/**
 * Child process of measureInChild (linear-time.ts): measures the cases of one module with CPU
 * time, in a process where nothing else runs, and prints one JSON line per case.
 *
 *   node --import tsx test/unit/linear-child.ts MODULE.ts [NAME…]
 */
import { pathToFileURL } from 'node:url';
import { type LinearCase, measureLinear } from './linear-time';

const [modulePath, ...names] = process.argv.slice(2);
if (!modulePath) throw new Error('usage: linear-child.ts MODULE.ts [NAME…]');
const { linearCases } = (await import(pathToFileURL(modulePath).href)) as { linearCases: LinearCase[] };
// LINEAR_MAX_SIZE overrides every case's largest 1× size (for measuring by hand, not in tests).
const maxSize = Number(process.env.LINEAR_MAX_SIZE) || undefined;
for (const c of linearCases) {
  if (names.length > 0 && !names.includes(c.name)) continue;
  try {
    const m = await measureLinear(maxSize ? { ...c, maxSize } : c);
    process.stdout.write(`${JSON.stringify({ name: c.name, ...m })}\n`);
  } catch (error) {
    // One case that cannot run must not hide the others: its error goes to the test's message.
    process.stderr.write(`${c.name}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
