/**
 * One evidence file the user saves: a zip holding evidence.html, evidence.txt, the images, and
 * SHA256SUMS over every other file (check with `sha256sum -c SHA256SUMS` after unzipping).
 * Built in memory when the user asks, handed to the download, then dropped: nothing is stored.
 */
import { type Zippable, zipSync } from 'fflate';
import type { EvidenceDocument } from './document';
import { renderEvidenceHtml } from './render-html';
import { renderEvidenceText } from './render-text';
import { sha256Sums } from './sha256sums';

export interface PackageFile {
  name: string;
  bytes: Uint8Array;
}

export interface EvidencePackage {
  zip: Uint8Array;
  /** The files inside, SHA256SUMS last, for the page to list. */
  files: string[];
}

const utf8 = new TextEncoder();

/**
 * `images` are the PNG files the document's image section names (the caller captured them).
 * `time` is the capture time, written as every entry's date.
 */
export async function buildEvidencePackage(
  doc: EvidenceDocument,
  images: readonly PackageFile[],
  subtle: SubtleCrypto,
  time: Date,
): Promise<EvidencePackage> {
  const files: PackageFile[] = [
    { name: 'evidence.html', bytes: utf8.encode(renderEvidenceHtml(doc)) },
    { name: 'evidence.txt', bytes: utf8.encode(renderEvidenceText(doc)) },
    ...images,
  ];
  return packFiles(files, subtle, time);
}

/** Any set of files plus their SHA256SUMS, zipped (the export checker's report uses it too). */
export async function packFiles(
  files: readonly PackageFile[],
  subtle: SubtleCrypto,
  time: Date,
): Promise<EvidencePackage> {
  const sums = utf8.encode(await sha256Sums(subtle, files));
  const entries: Zippable = {};
  for (const f of [...files, { name: 'SHA256SUMS', bytes: sums }]) {
    // PNGs are compressed already: storing them costs nothing and keeps the zip quick to build.
    entries[f.name] = [f.bytes, { mtime: time, level: f.name.endsWith('.png') ? 0 : 6 }];
  }
  return { zip: zipSync(entries), files: Object.keys(entries) };
}
