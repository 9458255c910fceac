/**
 * PEM armour for the key files the publishing tools read and write (RFC 7468). Pure string work,
 * shared by scripts/rules-keygen.ts and scripts/rules-sign.ts.
 */
import { decodeBase64, encodeBase64 } from './verify';

export function derToPem(der: Uint8Array, label: string): string {
  const body = encodeBase64(der).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

/** The DER bytes of the first `label` block in `pem`, or null when there is none or it is corrupt. */
export function pemToDer(pem: string, label: string): Uint8Array<ArrayBuffer> | null {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`).exec(pem);
  if (!match?.[1]) return null;
  return decodeBase64(match[1].replace(/\s+/g, ''));
}
