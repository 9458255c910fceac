/**
 * The evidence document: a plain structure of facts, lists, the exact text and the images, which
 * ./render-html.ts and ./render-text.ts turn into evidence.html and evidence.txt. The two files say
 * the same thing, built from one structure, so they cannot drift apart.
 *
 * Every string in it may come from the page (message text, sender, chat name): it is DATA, and the
 * renderers escape it for their format.
 */

export interface EvidenceImage {
  /** File name inside the package (ours, fixed: "screenshot.png", "message.png"). */
  file: string;
  alt: string;
  caption: string;
  width: number;
  height: number;
}

export type EvidenceSection =
  | { kind: 'facts'; heading: string; rows: readonly (readonly [label: string, value: string])[] }
  /** Text exactly as read, shown with its line breaks and spaces. */
  | { kind: 'text'; heading: string; text: string }
  | { kind: 'list'; heading: string; items: readonly string[] }
  | { kind: 'images'; heading: string; images: readonly EvidenceImage[]; note: string | null }
  | { kind: 'note'; heading: string; paragraphs: readonly string[] };

export interface EvidenceDocument {
  lang: 'en' | 'fr';
  title: string;
  /** The "warning, not a verdict" line, shown under the title. */
  subtitle: string;
  sections: readonly EvidenceSection[];
}
