/**
 * `npm run sites:check -- PAGE.html|PAGE.mhtml [--client ID] [--bundle FILE | --sites FILE] [--redact] [--json]`
 *
 * Reads a chat page saved from a real session ("Save page as…", or a DOM snapshot in MHTML) with
 * the real adapters and the selectors of the built rule bundle (public/rules/bundle.json, what
 * `npm run rules:build` writes and the extension embeds), offline, and prints what Vigie would
 * read: the client, the selector candidate used for each key, each message's key, sender and
 * text (shortened), what was skipped and why, what the fallback would mark when nothing is read,
 * and warnings. Nothing is fetched or sent: see scripts/lib/sites-check.ts.
 *
 *   --client ID   telegram-k | telegram-a | whatsapp | snapchat (else the saved address, else the markup)
 *   --bundle FILE another built or downloaded bundle (e.g. a fix before it is signed)
 *   --sites FILE  one client's selectors, e.g. rules/sites/telegram-k.json while you edit it
 *   --redact      lengths instead of message text and names (for pasting into a bug report)
 *   --json        the report as JSON
 * Docs: docs/fix-selectors.md.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLIENT_IDS, type ClientId } from '../src/shared/messages';
import { type CheckOptions, checkPage, formatReport, readSavedPage } from './lib/sites-check';

const USAGE =
  'usage: npm run sites:check -- PAGE.html|PAGE.mhtml [--client telegram-k|telegram-a|whatsapp|snapchat] [--bundle FILE | --sites FILE] [--redact] [--json]';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const args = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) fail(`${flag} needs a value.\n${USAGE}`);
  args.splice(i, 2);
  return v;
};
const client = value('--client');
const bundlePath = value('--bundle');
const sitesPath = value('--sites');
const json = args.includes('--json');
const redact = args.includes('--redact');
const files = args.filter((a) => !a.startsWith('--'));
if (files.length !== 1) fail(USAGE);
if (client !== undefined && !(CLIENT_IDS as readonly string[]).includes(client))
  fail(`Unknown client "${client}".\n${USAGE}`);
if (bundlePath && sitesPath) fail(`--bundle and --sites are exclusive.\n${USAGE}`);

const readJson = (path: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return fail(`Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

const options: CheckOptions = {};
if (client) options.client = client as ClientId;
if (sitesPath) options.sitesFile = { site: readJson(sitesPath), path: sitesPath };
else {
  const path = bundlePath ?? resolve(import.meta.dirname, '../public/rules/bundle.json');
  let bundle: { version?: unknown; sites?: unknown };
  try {
    bundle = JSON.parse(readFileSync(path, 'utf8')) as typeof bundle;
  } catch {
    fail(
      bundlePath
        ? `Cannot read the bundle ${path}.`
        : `No built rule bundle at ${path}: run \`npm run rules:build\` first.`,
    );
  }
  if (typeof bundle.sites !== 'object' || bundle.sites === null) fail(`${path} has no "sites" section.`);
  options.bundleSites = {
    sites: bundle.sites as Record<string, unknown>,
    path: bundlePath ?? 'public/rules/bundle.json',
    version: typeof bundle.version === 'number' ? bundle.version : null,
  };
}

let bytes: Buffer;
try {
  bytes = readFileSync(files[0] as string);
} catch (error) {
  fail(`Cannot read ${files[0]}: ${error instanceof Error ? error.message : String(error)}`);
}

try {
  const page = readSavedPage(bytes);
  const report = await checkPage(page, options);
  console.log(
    json
      ? JSON.stringify(report, null, 2)
      : `sites:check ${files[0]} (${page.format}, read offline)\n${formatReport(report, { redact })}`,
  );
} catch (error) {
  fail(`sites:check: ${error instanceof Error ? error.message : String(error)}`);
}
