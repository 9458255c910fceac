/**
 * `npm run package`: dist/chrome and dist/firefox → dist/packages/vigie-<browser>-<version>.zip,
 * byte-for-byte reproducible (scripts/lib/deterministic-zip.ts), plus SHA256SUMS over them.
 * The version comes from package.json, the one place it is written (scripts/manifest.ts copies it
 * into the manifest).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { zipDirectory } from './lib/deterministic-zip';

const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
const outDir = resolve(root, 'dist/packages');
mkdirSync(outDir, { recursive: true });

const sums: string[] = [];
for (const browser of ['chrome', 'firefox'] as const) {
  const dir = resolve(root, 'dist', browser);
  if (!existsSync(resolve(dir, 'manifest.json'))) {
    console.error(`package: ${dir} has no manifest.json; run the build first`);
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as { version?: string };
  if (manifest.version !== version) {
    console.error(`package: dist/${browser} is version ${manifest.version}, package.json says ${version}`);
    process.exit(1);
  }
  const name = `vigie-${browser}-${version}.zip`;
  const bytes = zipDirectory(dir);
  writeFileSync(resolve(outDir, name), bytes);
  const sum = createHash('sha256').update(bytes).digest('hex');
  sums.push(`${sum}  ${name}`);
  console.log(`package: ${name} ${bytes.length} bytes sha256 ${sum}`);
}
writeFileSync(resolve(outDir, 'SHA256SUMS'), `${sums.join('\n')}\n`);
