/**
 * Writes public/managed_schema.json from the settings catalogue (src/shared/settings/policy.ts).
 * Never hand-edit that file: run `npx tsx scripts/gen-managed-schema.ts`; test/unit/settings/managed-schema.test.ts
 * fails when the committed file drifts from the catalogue. It lives in public/ because crxjs does
 * not copy files named by `storage.managed_schema`; Vite copies public/ to the package root.
 *
 *   npx tsx scripts/gen-managed-schema.ts          write the file
 *   npx tsx scripts/gen-managed-schema.ts --check  exit 1 when it is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { managedSchemaText } from '../src/shared/settings/policy';

export const SCHEMA_PATH = fileURLToPath(new URL('../public/managed_schema.json', import.meta.url));

const text = managedSchemaText();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(SCHEMA_PATH, 'utf8');
  } catch {
    // Missing counts as out of date.
  }
  if (current !== text) {
    console.error('public/managed_schema.json is out of date: run npx tsx scripts/gen-managed-schema.ts');
    process.exit(1);
  }
} else {
  writeFileSync(SCHEMA_PATH, text);
  console.log(`wrote ${SCHEMA_PATH}`);
}
