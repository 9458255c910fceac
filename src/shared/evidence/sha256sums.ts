/**
 * `SHA256SUMS` in the format `sha256sum -c` reads: one "<64 hex digits>  <file name>" line per
 * file (two spaces: text mode). Anyone can check that the files of an evidence package are the ones
 * Vigie wrote, with a tool every system has (sha256sum, shasum -a 256, certutil, Get-FileHash).
 * The digest comes from an injected SubtleCrypto, so this runs in pages, workers and Node alike.
 */

export async function sha256Hex(subtle: SubtleCrypto, bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** File names are ours (fixed ASCII names), never page text: no escaping rules of sha256sum apply. */
export async function sha256Sums(
  subtle: SubtleCrypto,
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<string> {
  const lines: string[] = [];
  for (const { name, bytes } of files) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`not a plain file name: ${name}`);
    lines.push(`${await sha256Hex(subtle, bytes)}  ${name}`);
  }
  return `${lines.join('\n')}\n`;
}
