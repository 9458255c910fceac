/**
 * Draws Vigie's icon (a watchtower-eye: dark blue disc, white ring, amber pupil) into PNGs.
 * Generated once and committed; rerun with `npx tsx scripts/make-icons.ts` after a design change.
 * Pure Node (zlib) so no image toolchain is needed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function pixel(x: number, y: number, size: number): [number, number, number, number] {
  const r = Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) / (size / 2);
  if (r > 1) return [0, 0, 0, 0];
  if (r > 0.92) return [18, 42, 86, 255];
  // eye shape: inside a lens made by two circles
  const ex = (x + 0.5 - size / 2) / (size / 2);
  const ey = (y + 0.5 - size / 2) / (size / 2);
  const inLens = Math.hypot(ex, ey - 0.75) < 1.2 && Math.hypot(ex, ey + 0.75) < 1.2;
  if (inLens) {
    const rp = Math.hypot(ex, ey);
    if (rp < 0.18) return [18, 42, 86, 255];
    if (rp < 0.36) return [245, 166, 35, 255];
    return [255, 255, 255, 255];
  }
  return [30, 78, 160, 255];
}

function png(size: number): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const [r, g, b, a] = pixel(x, y, size);
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 48, 128]) writeFileSync(`public/icons/icon-${size}.png`, png(size));
