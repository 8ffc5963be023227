import { escapeHtml } from "./escape-html.ts";

/** Font sizes of the charts, in pixels: variant labels, the figures beside them, axis ticks and notes. */
export const fontSize = { label: 12, value: 11, tick: 10 } as const;

const tones = { strong: "#222", plain: "#444", muted: "#6b6b6b" } as const;

export interface TextOptions {
  readonly size: number;
  readonly anchor?: "start" | "middle" | "end";
  readonly tone?: keyof typeof tones;
  /** Turned a quarter anticlockwise about (x, y), to run up a vertical axis. */
  readonly vertical?: boolean;
}

/** An SVG text element at baseline (x, y), its content escaped. */
export function svgText(x: number, y: number, content: string, options: TextOptions): string {
  const anchor = options.anchor && options.anchor !== "start" ? ` text-anchor="${options.anchor}"` : "";
  const turn = options.vertical ? ` transform="rotate(-90 ${px(x)} ${px(y)})"` : "";
  return `<text x="${px(x)}" y="${px(y)}" font-size="${options.size}" fill="${tones[options.tone ?? "plain"]}"${anchor}${turn}>${escapeHtml(content)}</text>`;
}

/** A chart: an SVG image of its natural size that shrinks with a narrower page (the page's CSS caps its width). */
export function svgChart(label: string, width: number, height: number, body: string): string {
  return `<svg role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">${body}</svg>`;
}

/** A coordinate rounded to a tenth of a pixel, to keep the markup short. */
export function px(value: number): number {
  return Math.round(value * 10) / 10;
}
