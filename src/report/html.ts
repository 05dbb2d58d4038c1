/**
 * The report page: one self-contained HTML file, the data as JSON in a
 * `<script type="application/json">` block, the bundled style and script inline, and a
 * Content-Security-Policy that allows only those two (by hash) and nothing from any
 * network. Pure.
 */
import { createHash } from 'node:crypto';
import type { ReportData } from './data.js';

/** The page's bundled client: its script and style sheet (scripts/build.mjs makes them). */
export interface ReportAssets {
  script: string;
  style: string;
}

/** `'sha256-…'` of a script or style element's text, as CSP matches it (UTF-8). */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * JSON for a `<script type="application/json">` block: `<` written `\u003c` (so no
 * `</script>` or `<!--` can end or change the block), and U+2028/U+2029 escaped. Parsing
 * it with JSON.parse gives back `value`. Pure.
 */
export function renderJsonBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The Content-Security-Policy of a page whose only script and style are `assets`. */
export function reportPolicy(assets: ReportAssets): string {
  return ["default-src 'none'", `script-src ${cspHash(assets.script)}`, `style-src ${cspHash(assets.style)}`, "img-src 'none'", "connect-src 'none'", "base-uri 'none'", "form-action 'none'"].join(
    '; ',
  );
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The whole page for `data`. Throws when an asset holds `</script` or `</style` (it would
 * end its element early; the build checks this too).
 */
export function renderReportHtml(data: ReportData, assets: ReportAssets): string {
  if (/<\/script/i.test(assets.script) || /<\/style/i.test(assets.style)) throw new Error('report assets must not contain </script or </style');
  const title = `git drift report · ${data.repository} · ${data.range}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(reportPolicy(assets))}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeAttr(title)}</title>
<style>${assets.style}</style>
</head>
<body>
<noscript>This report needs JavaScript to draw its views.</noscript>
<div id="app"></div>
<script type="application/json" id="drift-data">${renderJsonBlock(data)}</script>
<script>${assets.script}</script>
</body>
</html>
`;
}
