/**
 * The two image operations "Keep evidence" needs, with the browser's own tools (no library):
 * decode the tab capture and cut the message out of it. createImageBitmap and OffscreenCanvas exist
 * in the popup of both browsers; the pixels stay in this page's memory and are released as soon
 * as the PNG is encoded.
 *
 * The capture arrives as a data: URL. It is decoded here rather than fetched: the extension pages'
 * CSP allows connections to 'self' and https: only, and there is no reason to widen it for this.
 */
import type { CropPlan } from '../../shared/evidence/crop';

export interface DecodedImage {
  width: number;
  height: number;
  bitmap: ImageBitmap;
}

const PNG_DATA_URL = 'data:image/png;base64,';

/** The PNG bytes of a `data:image/png;base64,…` URL (what tabs.captureVisibleTab returns). */
export function pngBytesOfDataUrl(url: string): Uint8Array {
  if (!url.startsWith(PNG_DATA_URL)) throw new Error('the capture is not a PNG data URL');
  const binary = atob(url.slice(PNG_DATA_URL.length));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function decodePng(bytes: Uint8Array): Promise<DecodedImage> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  return { width: bitmap.width, height: bitmap.height, bitmap };
}

/** The `plan` rectangle of the image, as a PNG file. */
export async function cropToPng(image: DecodedImage, plan: CropPlan): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(plan.width, plan.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.drawImage(image.bitmap, plan.x, plan.y, plan.width, plan.height, 0, 0, plan.width, plan.height);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

export function releaseImage(image: DecodedImage): void {
  image.bitmap.close();
}
