/**
 * Hands bytes made in this page to the browser's download, through a Blob URL and an
 * `<a download>`. No permission is involved: the browser saves the file as it saves any download,
 * in its downloads folder or where the user chooses when it is set to ask ("Ask where to save each
 * file" in Chrome, "Always ask you where to save files" in Firefox). The `downloads` API would
 * need a permission that also reads and changes the whole download history, and asking for it
 * from the popup in Firefox opens a prompt behind the popup and closes it, losing the capture.
 *
 * The Blob URL is revoked a minute later (Firefox may still be reading it when click() returns)
 * or when the page goes away, whichever comes first; the bytes are this page's memory only.
 */

const REVOKE_AFTER_MS = 60_000;

export function saveFile(
  content: Uint8Array | string,
  fileName: string,
  type: string,
  doc: Document = document,
): void {
  const part = typeof content === 'string' ? content : (content as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  const win = doc.defaultView;
  const revoke = () => URL.revokeObjectURL(url);
  win?.setTimeout(revoke, REVOKE_AFTER_MS);
  win?.addEventListener('pagehide', revoke, { once: true });
}
