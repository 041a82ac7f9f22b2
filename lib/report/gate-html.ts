/**
 * gate.html: gate.md rendered by marked (GitHub-flavoured Markdown, tables), in one
 * self-contained page. The charts are inline SVG in the Markdown and pass through as HTML.
 */
import { marked } from 'marked';

const style = `body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1b1b}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2em}h1{font-size:1.6em}svg{max-width:100%;height:auto}`;

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderGateHtml(markdown: string, title: string): string {
  const body = marked.parse(markdown, { async: false, gfm: true });
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${style}</style></head>\n<body>\n${body}\n</body></html>\n`;
}
