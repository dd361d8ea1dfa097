/**
 * Inline SVG charts built with the DOM (no library, no external asset): bars for counts by
 * category and a line for values over time. Each chart carries a text title for screen readers.
 */
import { s } from './dom';

export interface Bar {
  label: string;
  value: number;
  /** A CSS class for the bar's colour (e.g. `s4xx`). */
  tone?: string;
}

/** Horizontal bars, one row per category, labelled with the value. */
export function barChart(bars: readonly Bar[], title: string, format: (v: number) => string = String): SVGSVGElement {
  const row = 22;
  const labelWidth = 140;
  const width = 560;
  const valueWidth = 70;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(row, bars.length * row);
  return s(
    'svg',
    { class: 'chart bars', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, preserveAspectRatio: 'xMinYMin meet' },
    s('title', null, title),
    bars.map((b, i) => {
      const y = i * row;
      const w = Math.max(b.value > 0 ? 2 : 0, ((width - labelWidth - valueWidth) * b.value) / max);
      return s(
        'g',
        { class: b.tone ?? '' },
        s('text', { x: labelWidth - 8, y: y + row / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'label' }, b.label),
        s('rect', { x: labelWidth, y: y + 4, width: w, height: row - 8, rx: 2, class: 'bar' }),
        s('text', { x: labelWidth + w + 6, y: y + row / 2, 'dominant-baseline': 'middle', class: 'value' }, format(b.value)),
      );
    }),
  );
}

export interface Series {
  name: string;
  points: ReadonlyArray<{ t: number; v: number }>;
  /** A CSS class for the line's colour. */
  tone?: string;
}

/** Lines over a shared time axis, with the y range from 0 to the largest value (at least `yMin`: counts that are all 0 still get a scale). */
export function lineChart(series: readonly Series[], title: string, format: (v: number) => string = String, timeLabel: (t: number) => string = (t) => new Date(t).toLocaleTimeString(), yMin = 1e-9): SVGSVGElement {
  const width = 560;
  const height = 180;
  const pad = { left: 52, right: 10, top: 10, bottom: 24 };
  const all = series.flatMap((x) => x.points);
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t));
  const vmax = Math.max(yMin, ...all.map((p) => p.v));
  const x = (t: number) => pad.left + (t1 === t0 ? (width - pad.left - pad.right) / 2 : ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right));
  const y = (v: number) => height - pad.bottom - (v / vmax) * (height - pad.top - pad.bottom);
  return s(
    'svg',
    { class: 'chart lines', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, preserveAspectRatio: 'xMinYMin meet' },
    s('title', null, title),
    [0, 0.5, 1].map((f) =>
      s(
        'g',
        { class: 'grid' },
        s('line', { x1: pad.left, x2: width - pad.right, y1: y(vmax * f), y2: y(vmax * f) }),
        s('text', { x: pad.left - 6, y: y(vmax * f), 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'label' }, format(vmax * f)),
      ),
    ),
    all.length > 0
      ? [
          s('text', { x: pad.left, y: height - 6, class: 'label' }, timeLabel(t0)),
          s('text', { x: width - pad.right, y: height - 6, 'text-anchor': 'end', class: 'label' }, timeLabel(t1)),
        ]
      : null,
    series.map((line) =>
      s(
        'g',
        { class: line.tone ?? '' },
        line.points.length > 1
          ? s('polyline', { class: 'line', points: line.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') })
          : line.points.map((p) => s('circle', { class: 'dot', cx: x(p.t), cy: y(p.v), r: 3 })),
      ),
    ),
  );
}
