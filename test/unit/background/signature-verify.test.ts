import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derToPem, pemToDer } from '../../../src/engine/crypto/pem';
import { decodeBase64, encodeBase64, verifyDetached } from '../../../src/engine/crypto/verify';
import { makeKey, sign, subtle } from './helpers';

const text = new TextEncoder();

describe('verifyDetached (ECDSA P-256 / SHA-256, P1363 signature, SPKI keys)', () => {
  it('accepts the exact signed bytes and says which key matched', async () => {
    const [a, b] = [await makeKey(), await makeKey()];
    const bytes = text.encode('{"version":2}');
    const result = await verifyDetached(subtle, bytes, await sign(b, bytes), [a.spki, b.spki]);
    expect(result).toEqual({ ok: true, keyIndex: 1 });
  });

  it('refuses bytes with one byte changed', async () => {
    const key = await makeKey();
    const bytes = text.encode('{"version":2}');
    const signature = await sign(key, bytes);
    const tampered = bytes.slice();
    tampered[11] = '3'.charCodeAt(0);
    const result = await verifyDetached(subtle, tampered, signature, [key.spki]);
    expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('refuses a signature made with a key that is not trusted', async () => {
    const [trusted, other] = [await makeKey(), await makeKey()];
    const bytes = text.encode('payload');
    const result = await verifyDetached(subtle, bytes, await sign(other, bytes), [trusted.spki]);
    expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('tolerates surrounding whitespace (a trailing newline in bundle.json.sig)', async () => {
    const key = await makeKey();
    const bytes = text.encode('payload');
    const result = await verifyDetached(subtle, bytes, `  ${await sign(key, bytes)}\n`, [key.spki]);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['not base64', '%%%%'],
    ['empty', ''],
    ['DER-sized (70 bytes)', encodeBase64(new Uint8Array(70))],
  ])('refuses a malformed signature: %s', async (_name, signature) => {
    const key = await makeKey();
    const result = await verifyDetached(subtle, text.encode('x'), signature, [key.spki]);
    expect(result).toMatchObject({ ok: false, reason: 'malformed-signature' });
  });

  it('skips a corrupt extra key and still accepts the pinned one', async () => {
    const key = await makeKey();
    const bytes = text.encode('payload');
    const result = await verifyDetached(subtle, bytes, await sign(key, bytes), [
      'AAAA',
      'not base64!',
      key.spki,
    ]);
    expect(result).toEqual({ ok: true, keyIndex: 2 });
  });

  it('reports when no key is usable at all', async () => {
    const key = await makeKey();
    const bytes = text.encode('payload');
    const result = await verifyDetached(subtle, bytes, await sign(key, bytes), ['AAAA']);
    expect(result).toMatchObject({ ok: false, reason: 'no-usable-key' });
  });
});

describe('base64 and PEM helpers', () => {
  it('round-trips any bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const encoded = encodeBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(encoded)).toEqual(new Uint8Array(bytes));
      }),
    );
  });

  it.each(['abc', 'ab=c', '====', 'ab\ncd==', 'a-b_'])('rejects non-canonical base64 %j', (bad) => {
    expect(decodeBase64(bad)).toBeNull();
  });

  it('reads back the PEM it writes', () => {
    const der = new Uint8Array([1, 2, 3, 250, 251, 252, 0, 9]);
    expect(pemToDer(derToPem(der, 'PRIVATE KEY'), 'PRIVATE KEY')).toEqual(der);
    expect(pemToDer(derToPem(der, 'PRIVATE KEY'), 'PUBLIC KEY')).toBeNull();
  });
});
