// PNG and SVG with bwip-js (a maintained port of Barcode Writer in Pure PostScript: GS1-128 and GS1
// DataMatrix with the GS1 syntax checks of BWIPP, pure JavaScript, runs in Node and in a browser).
// The SVG is the whole label (the kiosk's on-screen preview); the PNG is the GS1 DataMatrix, which
// carries every element of the label in one symbol.
import bwipjs from 'bwip-js';
import { bracketed, gs1128Symbols } from './symbols.js';
import type { LabelSpec } from './types.js';

const WIDTH = 800;
const HEIGHT = 1200;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One bwip-js SVG placed at x,y scaled to `width` (its aspect kept). */
function placed(svg: string, x: number, y: number, width: number): { svg: string; height: number } {
  const box = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg);
  const w = Number(box?.[1] ?? 1);
  const h = Number(box?.[2] ?? 1);
  const height = Math.round((width * h) / w);
  return { svg: svg.replace('<svg ', `<svg x="${x}" y="${y}" width="${width}" height="${height}" `), height };
}

export function gs1DataMatrixSvg(spec: LabelSpec): string {
  return bwipjs.toSVG({ bcid: 'gs1datamatrix', text: bracketed(spec.elements) });
}

export function gs1128Svgs(spec: LabelSpec): string[] {
  // Each symbol is checked by BWIPP's GS1 linter on its own, but an AI's partners may sit in the other
  // symbol of the same label (the label as a whole is checked in the DataMatrix): lint only whole labels.
  const symbols = gs1128Symbols(spec.elements);
  return symbols.map((elements) =>
    bwipjs.toSVG({
      bcid: 'gs1-128',
      text: bracketed(elements),
      includetext: true,
      textxalign: 'center',
      height: 12,
      ...(symbols.length > 2 ? { dontlint: true } : {}),
    }),
  );
}

/** The whole label as SVG (100 × 150 mm at 8 units per mm): what the kiosk shows before it prints. */
export function labelSvg(spec: LabelSpec): string {
  const parts: string[] = [`<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`];
  let y = 40;
  if (spec.copyNo !== undefined) {
    parts.push(
      `<rect x="30" y="${y}" width="740" height="90" fill="#000"/>`,
      `<text x="60" y="${y + 68}" font-family="sans-serif" font-weight="bold" font-size="70" fill="#fff">COPY ${spec.copyNo}</text>`,
    );
    y += 120;
  }
  for (const [i, text] of spec.humanReadable.filter((t) => !/^COPY \d+$/.test(t)).entries()) {
    const size = i === 0 ? 48 : 34;
    parts.push(
      `<text x="40" y="${y + size}" font-family="sans-serif" font-size="${size}"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(text)}</text>`,
    );
    y += size + 16;
  }
  y += 10;
  const matrix = placed(gs1DataMatrixSvg(spec), 40, y, 300);
  parts.push(matrix.svg);
  y += matrix.height + 30;
  // One module width for every GS1-128 symbol (the widest fits the label), so their text is one size.
  const symbols = gs1128Svgs(spec);
  const widths = symbols.map((svg) => Number(/viewBox="0 0 (\d+(?:\.\d+)?)/.exec(svg)?.[1] ?? 1));
  const factor = Math.min(3, 720 / Math.max(...widths, 1));
  symbols.forEach((svg, i) => {
    const bar = placed(svg, 40, y, Math.round(widths[i]! * factor));
    parts.push(bar.svg);
    y += bar.height + 30;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100mm" height="150mm"><desc>${escapeXml(bracketed(spec.elements))}</desc>${parts.join('')}</svg>`;
}

/** The label's GS1 DataMatrix as PNG. */
export function labelPng(spec: LabelSpec, scale = 6): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: 'gs1datamatrix',
    text: bracketed(spec.elements),
    scale,
    paddingwidth: 4,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  });
}
