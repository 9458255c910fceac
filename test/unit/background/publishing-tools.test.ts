/**
 * The publisher's tools as a maintainer runs them: rules:keygen → rules:sign → rules:verify, and
 * rules:verify refusing a tampered file or a stranger's key. Keys live in a temp folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../../scripts/lib/rule-sources';

const dir = mkdtempSync(join(tmpdir(), 'vigie-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tool(script: string, ...args: string[]) {
  const run = spawnSync('npx', ['tsx', `scripts/${script}.ts`, ...args], { encoding: 'utf8' });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('publishing tools', () => {
  it('keygen, sign and verify a real bundle; verify refuses tampering and unknown keys', () => {
    const keygen = tool('rules-keygen', '--name', 'pub', '--out-dir', dir, '--public-dir', dir);
    expect(keygen.code, keygen.out).toBe(0);
    expect(statSync(join(dir, 'pub.key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'pub.key.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(join(dir, 'pub.spki.b64'), 'utf8')).toMatch(/^MFkw[A-Za-z0-9+/]+=*\n$/);
    expect(tool('rules-keygen', '--name', 'pub', '--out-dir', dir, '--public-dir', dir).code).toBe(1);

    const bundle = join(dir, 'bundle.json');
    writeFileSync(bundle, buildBundle().json);
    const sign = tool('rules-sign', '--key', join(dir, 'pub.key.pem'), '--in', bundle);
    expect(sign.code, sign.out).toBe(0);
    expect(readFileSync(`${bundle}.sig`, 'utf8')).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);

    const verify = tool('rules-verify', '--in', bundle, '--key', join(dir, 'pub.spki.b64'));
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toMatch(/signature ok/);

    // The project's pinned key did not sign this: refused.
    expect(tool('rules-verify', '--in', bundle).code).toBe(1);

    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('"version":', '"version" :'));
    const tampered = tool('rules-verify', '--in', bundle, '--key', join(dir, 'pub.spki.b64'));
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/signature REFUSED/);
  }, 60_000);
});
