/**
 * A throw-away self-signed certificate for the fixture server, made at test time with openssl so
 * no private key is ever committed. Both browsers are told to accept it (Chromium:
 * --ignore-certificate-errors, Firefox: acceptInsecureCerts), but the SAN list still names the
 * real hosts so a TLS-name check, if any, would see the right names.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAPPED_HOSTS } from './hosts';

export interface TlsMaterial {
  /** PEM certificate. */
  cert: string;
  /** PEM private key (unencrypted; lives only in memory once this returns). */
  key: string;
}

export function createSelfSignedCert(hosts: readonly string[] = MAPPED_HOSTS): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const san = hosts.map((h) => `DNS:${h}`).join(',');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '2',
          '-subj',
          '/CN=Vigie e2e fixtures',
          '-addext',
          `subjectAltName=${san}`,
          '-keyout',
          keyPath,
          '-out',
          certPath,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    } catch (error) {
      const detail =
        (error as { code?: string; stderr?: Buffer }).code === 'ENOENT'
          ? 'openssl is not installed (Debian: apt-get install openssl)'
          : String((error as { stderr?: Buffer }).stderr ?? error);
      throw new Error(`Could not create the fixture server's TLS certificate: ${detail}`);
    }
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  } finally {
    // The key is read into memory; nothing stays on disk.
    rmSync(dir, { recursive: true, force: true });
  }
}
