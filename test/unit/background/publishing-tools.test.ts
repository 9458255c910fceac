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
  return toolWith({}, script, ...args);
}

function toolWith(env: Record<string, string>, script: string, ...args: string[]) {
  const run = spawnSync('npx', ['tsx', `scripts/${script}.ts`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, VIGIE_RULES_SIGNING_KEY: '', ...env },
  });
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

  it('rules:publish builds, signs and checks the feed; its output verifies; the key stays outside the repo', () => {
    const keygen = tool('rules-keygen', '--name', 'feed', '--out-dir', dir, '--public-dir', dir);
    expect(keygen.code, keygen.out).toBe(0);
    const key = join(dir, 'feed.key.pem');
    const spki = join(dir, 'feed.spki.b64');
    const out = join(dir, 'feed-out');

    // Without a key it says how to give one; a key file inside the repository is refused.
    const noKey = tool('rules-publish', '--out', out, '--trust', spki);
    expect(noKey.code).toBe(1);
    expect(noKey.out).toMatch(/VIGIE_RULES_SIGNING_KEY/);
    const inRepo = tool('rules-publish', '--out', out, '--trust', spki, '--key-file', 'package.json');
    expect(inRepo.code).toBe(1);
    expect(inRepo.out).toMatch(/inside the repository/);
    // Signed by a key the clients do not trust (the pinned ones): refused before anything is written.
    const untrusted = tool('rules-publish', '--out', out, '--key-file', key);
    expect(untrusted.code, untrusted.out).toBe(1);
    expect(untrusted.out).toMatch(/signature REFUSED/);

    // The key from the environment, as CI passes a secret.
    const publish = toolWith(
      { VIGIE_RULES_SIGNING_KEY: readFileSync(key, 'utf8') },
      'rules-publish',
      '--out',
      out,
      '--trust',
      spki,
    );
    expect(publish.code, publish.out).toBe(0);
    const bundle = join(out, 'v1', 'bundle.json');
    expect(readFileSync(bundle, 'utf8')).toBe(buildBundle().json);
    expect(readFileSync(join(out, '_headers'), 'utf8')).toMatch(/Access-Control-Allow-Origin: \*/);
    expect(statSync(join(out, '.nojekyll')).isFile()).toBe(true);
    const verify = tool('rules-verify', '--in', bundle, '--key', spki);
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toMatch(/signature ok/);
  }, 90_000);
});
