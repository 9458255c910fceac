/**
 * evidence.txt: the same content as evidence.html, as plain UTF-8 text (for forms that accept only
 * text, and for reading without a browser). Inline page strings (a sender, a chat name) are wrapped
 * in Unicode isolates (FSI … PDI) so a right-to-left override inside them cannot reorder the label;
 * the message text itself is written exactly as read, indented under its heading.
 */
import type { EvidenceDocument, EvidenceSection } from './document';

const FSI = '\u2068';
const PDI = '\u2069';

function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}

function indent(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => `    ${line}`)
    .join('\n');
}

function section(s: EvidenceSection): string[] {
  const out = ['', s.heading, '-'.repeat(Math.min(60, s.heading.length))];
  switch (s.kind) {
    case 'facts':
      for (const [label, value] of s.rows) out.push(`${label}: ${isolate(value)}`);
      break;
    case 'text':
      out.push(indent(s.text));
      break;
    case 'list':
      for (const item of s.items) out.push(`- ${isolate(item)}`);
      break;
    case 'images':
      if (s.note) out.push(s.note);
      for (const img of s.images) out.push(`- ${img.file}: ${img.caption} (${img.width} × ${img.height})`);
      break;
    case 'note':
      out.push(...s.paragraphs);
      break;
  }
  return out;
}

export function renderEvidenceText(doc: EvidenceDocument): string {
  return `${[doc.title, doc.subtitle, ...doc.sections.flatMap(section)].join('\n')}\n`;
}
