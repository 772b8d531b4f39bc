// An equal-area hex cartogram of UK local authorities (ODI HexJSON layouts): every area the
// same size, so small urban areas are as visible as large rural ones. Drawn on the server as
// SVG; the page shows the same figures in a table.
import fs from 'node:fs';
import { english, type Translate } from '../../platform/http/language.ts';

export interface HexLayout {
  layout: 'odd-r' | 'even-r';
  hexes: Record<string, { n: string; q: number; r: number }>;
}

export function loadHexLayout(file: string): HexLayout {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as HexLayout;
  if (raw.layout !== 'odd-r' && raw.layout !== 'even-r')
    throw new Error(`${file}: unsupported layout ${raw.layout}`);
  return raw;
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Pointy-topped hexes; in these layouts r grows northwards, so rows are drawn top-down from the largest r. */
export function renderHexMap(
  layout: HexLayout,
  fill: (code: string) => { className: string; label: string },
  title: string,
  translate: Translate = english,
): string {
  const size = 10;
  const w = Math.sqrt(3) * size;
  const entries = Object.entries(layout.hexes);
  const rs = entries.map(([, h]) => h.r);
  const qs = entries.map(([, h]) => h.q);
  const maxR = Math.max(...rs);
  const minQ = Math.min(...qs);
  const shifted = (r: number) => (layout.layout === 'odd-r' ? (r & 1) === 1 : (r & 1) === 0);
  const corner = (cx: number, cy: number) =>
    [30, 90, 150, 210, 270, 330]
      .map((deg) => {
        const a = (Math.PI / 180) * deg;
        return `${(cx + size * Math.cos(a)).toFixed(1)},${(cy + size * Math.sin(a)).toFixed(1)}`;
      })
      .join(' ');
  const hexes = entries.map(([code, h]) => {
    const cx = (h.q - minQ) * w + (shifted(h.r) ? w / 2 : 0) + w;
    const cy = (maxR - h.r) * 1.5 * size + size * 1.5;
    const { className, label } = fill(code);
    return `<polygon class="${className}" points="${corner(cx, cy)}"><title>${escapeXml(`${h.n}: ${label}`)}</title></polygon>`;
  });
  const width = (Math.max(...qs) - minQ + 2) * w;
  const height = (maxR - Math.min(...rs) + 2) * 1.5 * size;
  return (
    `<svg class="ns-hexmap" viewBox="0 0 ${width.toFixed(0)} ${height.toFixed(0)}" role="img" aria-label="${escapeXml(title)}. ${escapeXml(translate('The same figures are in the table below.'))}">` +
    `${hexes.join('')}</svg>`
  );
}
