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
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1f23; background: #f6f8fa; }
  header.bar { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: .55rem 1.25rem; background: #1f3a5f; color: #fff; }
  header.bar .brand { color: #fff; font-weight: 700; text-decoration: none; font-size: 17px; }
  header.bar button { font: inherit; padding: .3rem .8rem; border-radius: 6px; border: 1px solid #9fb3c8; background: transparent; color: #fff; cursor: pointer; }
  main { max-width: 44rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; }
  main.login { max-width: 24rem; }
  h1 { font-size: 22px; margin: 0 0 .75rem; }
  form.login { display: grid; gap: .8rem; }
  form.login label { display: grid; gap: .25rem; font-weight: 600; }
  form.login input { font: inherit; padding: .5rem .6rem; border: 1px solid #8c959f; border-radius: 6px; }
  form.login button { font: inherit; font-weight: 600; padding: .6rem; border-radius: 6px; border: 0; background: #1f6feb; color: #fff; cursor: pointer; }
  .error { color: #a40e26; background: #ffebe9; border: 1px solid #ff8182; padding: .5rem .75rem; border-radius: 6px; }
  a { color: #0550ae; }
  code { font-size: 14px; overflow-wrap: anywhere; }
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
