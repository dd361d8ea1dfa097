/** Small inline SVG bar charts (no script, no external assets), sized by viewBox so they scale with the page. */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface Bar {
  label: string;
  value: number;
  /** A part of value drawn in the accent colour (e.g. errors). */
  part?: number;
  title: string;
}

const W = 640;
const H = 220;
const PAD = { left: 44, right: 8, top: 10, bottom: 36 };

/** A bar chart; every bar carries a <title> tooltip with its exact figures. */
export function barChart(id: string, caption: string, bars: readonly Bar[], axisLabel: string): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = bars.length === 0 ? plotW : plotW / bars.length;
  const barW = Math.max(1, step * 0.8);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const labelEvery = Math.max(1, Math.ceil(bars.length / 8));
  const parts: string[] = [];
  parts.push(`<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="#888"/>`);
  parts.push(`<text x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end" font-size="10">${max}</text>`);
  parts.push(`<text x="${PAD.left - 4}" y="${PAD.top + plotH}" text-anchor="end" font-size="10">0</text>`);
  bars.forEach((bar, i) => {
    const x = PAD.left + i * step + (step - barW) / 2;
    const h = (bar.value / max) * plotH;
    const ph = ((bar.part ?? 0) / max) * plotH;
    parts.push(
      `<g class="bar"><title>${escapeXml(bar.title)}</title><rect x="${x.toFixed(1)}" y="${y(bar.value).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="#4a7bd0"/>` +
        (ph > 0 ? `<rect x="${x.toFixed(1)}" y="${y(bar.part ?? 0).toFixed(1)}" width="${barW.toFixed(1)}" height="${ph.toFixed(1)}" fill="#d0454a"/>` : '') +
        '</g>',
    );
    if (i % labelEvery === 0) parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10">${escapeXml(bar.label)}</text>`);
  });
  parts.push(`<text x="${PAD.left + plotW / 2}" y="${H - 4}" text-anchor="middle" font-size="11">${escapeXml(axisLabel)}</text>`);
  return `<figure><svg id="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(caption)}">${parts.join('')}</svg><figcaption>${escapeXml(caption)}</figcaption></figure>`;
}
