import { createHash } from 'node:crypto';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Tagged template that escapes every interpolated value unless it is already Html. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const rendered = Array.isArray(value) ? value.map((v) => (v instanceof Html ? v.text : escapeHtml(String(v)))).join('') : value instanceof Html ? value.text : escapeHtml(String(value ?? ''));
    out += rendered + strings[i + 1]!;
  });
  return new Html(out);
}

/** The one inline style of every page; the CSP admits it by its hash, not by 'unsafe-inline'. */
export const PAGE_STYLE = `
  body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1b1f23; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  th { background: #f6f8fa; }
  /* Ids, times and hashes are read as one token: never break them across lines. */
  td.id, td.time, td.key, td.hash, td code { white-space: nowrap; }
  .ok { color: #1a7f37; }
  .flag { color: #9a6700; font-weight: 600; }
  .error { color: #cf222e; }
  code { font-size: 13px; }
  form.login { max-width: 22rem; display: grid; gap: .6rem; }
  form.logout { float: right; }
`;
export const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

export function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Lineside</title>
<style>${new Html(PAGE_STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`.text;
}
