/**
 * evidence.html: readable in any browser, offline, for years. No script, no remote resource (the
 * images are files next to it in the package), styles inline in one <style>, and a Content
 * Security Policy that forbids scripts and any network load even if someone edits the file.
 *
 * Page text is escaped for HTML text and attribute context (& < > " ', and CR and NUL, which the
 * parser would rewrite or drop), and wrapped in <bdi> where
 * it sits inside a sentence, so a right-to-left override in a sender's name cannot reorder the
 * labels around it. The message text keeps its characters exactly; only the markup is escaped.
 *
 * List markers are a string ("• "), drawn with the text's own font: Firefox draws its default disc
 * with a built-in data: font, which this file's CSP refuses (a console error on opening it, seen in
 * Firefox ESR 153); the CSP stays as strict as it is rather than allowing data: fonts.
 */
import type { EvidenceDocument, EvidenceSection } from './document';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // The HTML parser turns a raw CR (and CR LF) into LF; as a reference it stays a CR.
  '\r': '&#13;',
  // A raw NUL is dropped from the text without a trace; no HTML can carry one, so it shows as
  // U+FFFD where it was (evidence.txt keeps the NUL itself).
  '\0': '&#xFFFD;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'\r\0]/g, (c) => ESCAPES[c] as string);
}

const CSP = "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; form-action 'none'";

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; max-width: 900px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.subtitle { margin: 0 0 20px; color: #6b4700; background: #fff4d6; border: 1px solid #e0b44a; border-radius: 6px; padding: 6px 10px; }
h2 { font-size: 17px; margin: 24px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: start; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #eee; }
th { width: 32%; font-weight: 600; color: #333; }
td { overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; border: 1px solid #ddd; border-radius: 6px; padding: 10px; font: 14px/1.45 ui-monospace, Menlo, Consolas, monospace; unicode-bidi: plaintext; }
ul { list-style-type: "• "; }
figure { margin: 12px 0; }
img { max-width: 100%; height: auto; border: 1px solid #ccc; }
figcaption { color: #444; font-size: 13px; }
`;

function section(s: EvidenceSection): string {
  const h = `<h2>${escapeHtml(s.heading)}</h2>`;
  switch (s.kind) {
    case 'facts':
      return `${h}<table>${s.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row">${escapeHtml(label)}</th><td><bdi>${escapeHtml(value)}</bdi></td></tr>`,
        )
        .join('')}</table>`;
    case 'text':
      // The parser drops one newline right after <pre>: a text that starts with one gets another
      // in front, as browsers' own serialisers do, so its first line break survives.
      return `${h}<pre dir="auto">${s.text.startsWith('\n') ? '\n' : ''}${escapeHtml(s.text)}</pre>`;
    case 'list':
      return `${h}<ul>${s.items.map((item) => `<li><bdi>${escapeHtml(item)}</bdi></li>`).join('')}</ul>`;
    case 'images':
      return `${h}${s.note ? `<p>${escapeHtml(s.note)}</p>` : ''}${s.images
        .map(
          (img) =>
            `<figure><img src="${escapeHtml(img.file)}" alt="${escapeHtml(img.alt)}" width="${img.width}" height="${img.height}"><figcaption>${escapeHtml(img.caption)} (${escapeHtml(img.file)})</figcaption></figure>`,
        )
        .join('')}`;
    case 'note':
      return `${h}${s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}`;
  }
}

export function renderEvidenceHtml(doc: EvidenceDocument): string {
  return [
    '<!doctype html>',
    `<html lang="${doc.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(doc.title)}</h1>`,
    `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>`,
    ...doc.sections.map(section),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
