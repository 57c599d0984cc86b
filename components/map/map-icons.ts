// Marker and label images drawn on a canvas and added with map.addImage: no sprite sheet, no glyph server, so the
// map works offline. Health reads from the shape as well as the colour (circle, triangle, square).
import type { HealthState } from '@/lib/fleet/types';
import { HEALTH_COLOUR } from './map-style';

const PIXEL_RATIO = 2;
export const MARKER_PX = 28; // CSS pixels at icon-size 1

interface ImageTarget {
  hasImage(id: string): boolean;
  addImage(id: string, img: ImageData, opts?: { pixelRatio?: number }): void;
  removeImage?(id: string): void;
}

function canvas(w: number, h: number) {
  const c = document.createElement('canvas');
  c.width = w * PIXEL_RATIO;
  c.height = h * PIXEL_RATIO;
  const ctx = c.getContext('2d') as CanvasRenderingContext2D;
  ctx.scale(PIXEL_RATIO, PIXEL_RATIO);
  return { c, ctx };
}

function shapePath(ctx: CanvasRenderingContext2D, health: HealthState, s: number) {
  const m = s / 2;
  ctx.beginPath();
  if (health === 'healthy') ctx.arc(m, m, s * 0.34, 0, Math.PI * 2);
  else if (health === 'degraded') {
    ctx.moveTo(m, s * 0.1);
    ctx.lineTo(s * 0.9, s * 0.84);
    ctx.lineTo(s * 0.1, s * 0.84);
    ctx.closePath();
  } else ctx.rect(s * 0.17, s * 0.17, s * 0.66, s * 0.66);
}

function markerImage(health: HealthState): ImageData {
  const s = MARKER_PX;
  const { c, ctx } = canvas(s, s);
  shapePath(ctx, health, s);
  ctx.fillStyle = HEALTH_COLOUR[health];
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#ffffff';
  ctx.lineJoin = 'round';
  ctx.stroke();
  if (health === 'down') {
    // A cross inside the square: "down" still reads in greyscale and for colour-blind eyes.
    ctx.beginPath();
    ctx.moveTo(s * 0.34, s * 0.34);
    ctx.lineTo(s * 0.66, s * 0.66);
    ctx.moveTo(s * 0.66, s * 0.34);
    ctx.lineTo(s * 0.34, s * 0.66);
    ctx.lineWidth = 2;
    ctx.stroke();
  } else if (health === 'degraded') {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(m(s) - 1, s * 0.38, 2, s * 0.22);
    ctx.fillRect(m(s) - 1, s * 0.66, 2, 2.2);
  }
  return ctx.getImageData(0, 0, c.width, c.height);
}
const m = (s: number) => s / 2;

/** A small square badge ("DB") marking a database primary, drawn above-right of the marker. */
function primaryBadge(): ImageData {
  const { c, ctx } = canvas(18, 12);
  ctx.fillStyle = '#1d4ed8';
  ctx.beginPath();
  ctx.roundRect(0.5, 0.5, 17, 11, 2);
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.fillStyle = '#ffffff';
  ctx.font = 'bold 8px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('DB', 9, 6.5);
  return ctx.getImageData(0, 0, c.width, c.height);
}

export function addMarkerImages(map: ImageTarget) {
  for (const h of ['healthy', 'degraded', 'down'] as const)
    if (!map.hasImage(`marker-${h}`)) map.addImage(`marker-${h}`, markerImage(h), { pixelRatio: PIXEL_RATIO });
  if (!map.hasImage('badge-primary')) map.addImage('badge-primary', primaryBadge(), { pixelRatio: PIXEL_RATIO });
}

/** A text label as an image, made on demand from the 'styleimagemissing' event for ids "label:<text>". */
export function labelImage(text: string, theme: 'light' | 'dark'): ImageData {
  const font = '600 11px system-ui, -apple-system, "Segoe UI", sans-serif';
  const probe = canvas(1, 1).ctx;
  probe.font = font;
  const w = Math.ceil(probe.measureText(text).width) + 10;
  const { c, ctx } = canvas(w, 18);
  ctx.fillStyle = theme === 'dark' ? 'rgba(15,23,42,0.88)' : 'rgba(255,255,255,0.92)';
  ctx.strokeStyle = theme === 'dark' ? 'rgba(148,163,184,0.6)' : 'rgba(71,85,105,0.5)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(0.5, 0.5, w - 1, 17, 3);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = theme === 'dark' ? '#f1f5f9' : '#0f172a';
  ctx.font = font;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 5, 9.5);
  return ctx.getImageData(0, 0, c.width, c.height);
}
export const LABEL_PIXEL_RATIO = PIXEL_RATIO;

/** Traffic arcs are drawn with a line-pattern: a faint track with a bright dash, one image per latency bucket. */
export const FLOW_PATTERN_PX = 24;

/** The flow pattern with its dash shifted by `offset` px: shifting it frame by frame moves the dashes along every arc. */
export function flowPattern(colour: string, offset: number): ImageData {
  const w = FLOW_PATTERN_PX;
  const h = 8;
  const { c, ctx } = canvas(w, h);
  ctx.fillStyle = colour;
  ctx.globalAlpha = 0.35;
  ctx.fillRect(0, 0, w, h);
  ctx.globalAlpha = 1;
  const dash = 10;
  for (const x0 of [offset - w, offset]) {
    const g = ctx.createLinearGradient(x0, 0, x0 + dash, 0);
    g.addColorStop(0, 'rgba(255,255,255,0)');
    g.addColorStop(1, colour);
    ctx.fillStyle = g;
    ctx.fillRect(x0, 0, dash, h);
  }
  return ctx.getImageData(0, 0, c.width, c.height);
}
