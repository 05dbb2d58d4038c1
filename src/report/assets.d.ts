/**
 * The report page's bundled client (src/report/client/), made by scripts/build.mjs with
 * esbuild and given to the CLI bundle as this virtual module: the minified script and the
 * style sheet (uPlot's and ours), as strings.
 */
declare module 'drift:report-assets' {
  /** The page script (an IIFE; reads `#drift-data`, draws into `#app`). */
  export const script: string;
  /** The page style sheet. */
  export const style: string;
}
