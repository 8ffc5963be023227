import type { Page } from "playwright-core";

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** One SVG chart as the browser laid it out, in page pixels. */
export interface RenderedChart {
  readonly label: string;
  readonly box: Box;
  readonly texts: readonly { readonly content: string; readonly box: Box }[];
  /** Lines, circles, rectangles and polylines. */
  readonly marks: readonly { readonly element: string; readonly box: Box }[];
}

export interface RenderedLayout {
  readonly viewportWidth: number;
  /** How wide the page's content is: wider than the viewport when something sticks out. */
  readonly contentWidth: number;
  readonly charts: readonly RenderedChart[];
}

/** The little of the DOM that the measurement uses (the tests compile without the DOM's types). */
interface MeasuredElement {
  readonly tagName: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { toJSON(): Box };
  querySelectorAll(selectors: string): ArrayLike<MeasuredElement>;
}
interface MeasuredWindow {
  readonly innerWidth: number;
  readonly document: MeasuredElement & { readonly documentElement: { readonly scrollWidth: number } };
}

/**
 * Where every chart, text and mark of the page in `page` lies. The function runs in the page, so it names no inner
 * function: a transpiler that keeps function names would wrap them in a helper the page does not have.
 */
export function measureLayout(page: Page): Promise<RenderedLayout> {
  return page.evaluate((): RenderedLayout => {
    const window = globalThis as unknown as MeasuredWindow;
    return {
      viewportWidth: window.innerWidth,
      contentWidth: window.document.documentElement.scrollWidth,
      charts: Array.from(window.document.querySelectorAll("svg"), (svg) => ({
        label: svg.getAttribute("aria-label") ?? "",
        box: svg.getBoundingClientRect().toJSON(),
        texts: Array.from(svg.querySelectorAll("text"), (text) => ({
          content: text.textContent ?? "",
          box: text.getBoundingClientRect().toJSON(),
        })),
        marks: Array.from(svg.querySelectorAll("line, circle, rect, polyline"), (mark) => ({
          element: mark.tagName,
          box: mark.getBoundingClientRect().toJSON(),
        })),
      })),
    };
  });
}

const tolerance = 0.5;
const inside = (inner: Box, outer: Box): boolean =>
  inner.left >= outer.left - tolerance &&
  inner.right <= outer.right + tolerance &&
  inner.top >= outer.top - tolerance &&
  inner.bottom <= outer.bottom + tolerance;
const overlap = (a: Box, b: Box): boolean =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > tolerance &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > tolerance;
const where = (box: Box): string =>
  `(${box.left.toFixed(1)}, ${box.top.toFixed(1)})–(${box.right.toFixed(1)}, ${box.bottom.toFixed(1)})`;

/**
 * What a reader would find broken, one sentence each: the page wider than the screen; a text cut off by its chart's
 * edge or past the page's; two texts of one chart on top of each other; a mark drawn outside its chart.
 */
export function layoutProblems(layout: RenderedLayout): string[] {
  const problems: string[] = [];
  if (layout.contentWidth > layout.viewportWidth)
    problems.push(`the page is ${layout.contentWidth}px wide on a ${layout.viewportWidth}px screen`);
  const page: Box = { left: 0, top: Number.NEGATIVE_INFINITY, right: layout.viewportWidth, bottom: Infinity };
  for (const chart of layout.charts) {
    chart.texts.forEach((text, index) => {
      if (!inside(text.box, chart.box))
        problems.push(`${chart.label}: "${text.content}" at ${where(text.box)} leaves the chart ${where(chart.box)}`);
      if (!inside(text.box, page)) problems.push(`${chart.label}: "${text.content}" leaves the page`);
      for (const other of chart.texts.slice(index + 1))
        if (overlap(text.box, other.box))
          problems.push(`${chart.label}: "${text.content}" overlaps "${other.content}"`);
    });
    for (const mark of chart.marks)
      if (!inside(mark.box, chart.box))
        problems.push(`${chart.label}: a ${mark.element} at ${where(mark.box)} leaves the chart ${where(chart.box)}`);
  }
  return problems;
}
