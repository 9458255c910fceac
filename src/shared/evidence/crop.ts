/**
 * Where to cut the message out of the tab capture. The content script measures the message in CSS
 * pixels relative to the viewport; the capture is in device pixels. The scale is read from the
 * capture itself (its width over the viewport's CSS width, and the same for heights), which is
 * the device pixel ratio including page zoom, so a zoomed page or a HiDPI screen crops the same
 * area. A margin of CSS pixels is kept around the message so its surroundings (sender, time,
 * badge) show; the cut never leaves the capture: a message partly off-screen is cut to its
 * visible part and `clipped` says so.
 *
 * Pure: numbers in, numbers out.
 */
import type { CssBox } from '../messages';

/** CSS pixels kept around the message in the cropped image. */
export const CROP_MARGIN_CSS = 16;

export interface CropPlan {
  /** The rectangle to cut, in device pixels of the capture (integers). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Device pixels per CSS pixel, horizontally and vertically, as measured. */
  scale: { x: number; y: number };
  /** Part of the message lies outside the visible area: the image shows only what was visible. */
  clipped: boolean;
}

/**
 * `box` and `viewport` in CSS pixels, `image` in device pixels. Null when nothing of the message
 * is visible (scrolled away, or the page moved it between the measure and the capture).
 */
export function planCrop(
  box: CssBox,
  viewport: { width: number; height: number },
  image: { width: number; height: number },
  marginCss = CROP_MARGIN_CSS,
): CropPlan | null {
  if (viewport.width <= 0 || viewport.height <= 0 || image.width <= 0 || image.height <= 0) return null;
  const sx = image.width / viewport.width;
  const sy = image.height / viewport.height;
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  // Nothing of the message itself on screen: a crop of the margin alone would mislead.
  if (box.width <= 0 || box.height <= 0 || right <= 0 || bottom <= 0) return null;
  if (box.x >= viewport.width || box.y >= viewport.height) return null;
  const left = Math.max(0, Math.floor((box.x - marginCss) * sx));
  const top = Math.max(0, Math.floor((box.y - marginCss) * sy));
  const x2 = Math.min(image.width, Math.ceil((right + marginCss) * sx));
  const y2 = Math.min(image.height, Math.ceil((bottom + marginCss) * sy));
  if (x2 <= left || y2 <= top) return null;
  return {
    x: left,
    y: top,
    width: x2 - left,
    height: y2 - top,
    scale: { x: sx, y: sy },
    clipped: box.x < 0 || box.y < 0 || right > viewport.width || bottom > viewport.height,
  };
}
