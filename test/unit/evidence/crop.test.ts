/**
 * Where the message is cut out of the tab capture: CSS box × the capture's own scale (the device
 * pixel ratio), a margin around it, never outside the capture, and "clipped" when the message runs
 * off the visible area.
 */
import { describe, expect, it, vi } from 'vitest';
import { CROP_MARGIN_CSS, planCrop } from '../../../src/shared/evidence/crop';

const viewport = { width: 1280, height: 720 };

describe('planCrop', () => {
  it('at device pixel ratio 1: the box plus the margin on each side', () => {
    const plan = planCrop({ x: 300, y: 200, width: 400, height: 100 }, viewport, {
      width: 1280,
      height: 720,
    });
    expect(plan).toEqual({
      x: 300 - CROP_MARGIN_CSS,
      y: 200 - CROP_MARGIN_CSS,
      width: 400 + 2 * CROP_MARGIN_CSS,
      height: 100 + 2 * CROP_MARGIN_CSS,
      scale: { x: 1, y: 1 },
      clipped: false,
    });
  });

  it('at device pixel ratio 2: everything doubles, measured from the capture', () => {
    const plan = planCrop({ x: 300, y: 200, width: 400, height: 100 }, viewport, {
      width: 2560,
      height: 1440,
    });
    expect(plan).toMatchObject({
      x: 2 * (300 - CROP_MARGIN_CSS),
      y: 2 * (200 - CROP_MARGIN_CSS),
      width: 2 * (400 + 2 * CROP_MARGIN_CSS),
      height: 2 * (100 + 2 * CROP_MARGIN_CSS),
      scale: { x: 2, y: 2 },
      clipped: false,
    });
  });

  it('at a fractional ratio (1.25, a zoomed or scaled screen): whole pixels that cover the box', () => {
    const plan = planCrop({ x: 40.4, y: 20.6, width: 100.3, height: 50.2 }, viewport, {
      width: 1600,
      height: 900,
    });
    expect(plan).not.toBeNull();
    if (!plan) return;
    for (const v of [plan.x, plan.y, plan.width, plan.height]) expect(Number.isInteger(v)).toBe(true);
    // The cut covers the box and its margin, and is at most one pixel larger on each edge.
    expect(plan.x).toBeLessThanOrEqual((40.4 - CROP_MARGIN_CSS) * 1.25);
    expect(plan.x + plan.width).toBeGreaterThanOrEqual((40.4 + 100.3 + CROP_MARGIN_CSS) * 1.25);
    expect(plan.width).toBeLessThanOrEqual(Math.ceil((100.3 + 2 * CROP_MARGIN_CSS) * 1.25) + 1);
  });

  it('a message partly above the screen: cut to its visible part, and said so', () => {
    const plan = planCrop({ x: 100, y: -150, width: 400, height: 300 }, viewport, {
      width: 2560,
      height: 1440,
    });
    expect(plan).toMatchObject({ x: 2 * (100 - CROP_MARGIN_CSS), y: 0, clipped: true });
    // From the top of the capture to 150 CSS px (+ margin) below it.
    expect(plan?.height).toBe(2 * (150 + CROP_MARGIN_CSS));
  });

  it('a message taller than the screen, and one running off the right edge: never outside the capture', () => {
    const tall = planCrop({ x: 0, y: -500, width: 1280, height: 3000 }, viewport, {
      width: 1280,
      height: 720,
    });
    expect(tall).toEqual({ x: 0, y: 0, width: 1280, height: 720, scale: { x: 1, y: 1 }, clipped: true });
    const wide = planCrop({ x: 1200, y: 100, width: 400, height: 50 }, viewport, {
      width: 1280,
      height: 720,
    });
    expect(wide).toMatchObject({ x: 1200 - CROP_MARGIN_CSS, width: 80 + CROP_MARGIN_CSS, clipped: true });
  });

  it('nothing of the message visible (scrolled away or empty): no crop', () => {
    const image = { width: 1280, height: 720 };
    expect(planCrop({ x: 0, y: -300, width: 400, height: 290 }, viewport, image)).toBeNull();
    expect(planCrop({ x: 0, y: 730, width: 400, height: 100 }, viewport, image)).toBeNull();
    expect(planCrop({ x: 1290, y: 10, width: 400, height: 100 }, viewport, image)).toBeNull();
    expect(planCrop({ x: 10, y: 10, width: 0, height: 100 }, viewport, image)).toBeNull();
    expect(planCrop({ x: 10, y: 10, width: 10, height: 10 }, { width: 0, height: 720 }, image)).toBeNull();
  });
});

describe('the capture as bytes', () => {
  it('decodes the PNG of a data: URL and refuses anything else', async () => {
    vi.mock('../../../src/shared/browser', () => ({ default: {} }));
    const { pngBytesOfDataUrl } = await import('../../../src/ui/evidence/images');
    const bytes = pngBytesOfDataUrl('data:image/png;base64,iVBORw0KGgo=');
    expect([...bytes]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(() => pngBytesOfDataUrl('data:image/jpeg;base64,/9j/4AAQ')).toThrow();
    expect(() => pngBytesOfDataUrl('https://example.invalid/a.png')).toThrow();
  });
});
