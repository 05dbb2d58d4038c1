/**
 * The page's one chart, drawn with uPlot (the only module that loads it): the share of
 * added lines per bucket (a day or a commit), stacked by owner (agents or models, then
 * human and unknown), as bars from 0 to 100%.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One stacked layer: its name, colour and value per bucket (a fraction 0–1 of the bucket's lines). */
export interface Layer {
  name: string;
  color: string;
  values: number[];
}

/** What the chart draws: bucket labels (x, in order) and the layers, bottom first. */
export interface ShareChart {
  labels: string[];
  /** What a bucket is (the legend's first label). */
  per: 'day' | 'commit';
  /** Lines per bucket, shown in the legend. */
  totals: number[];
  layers: Layer[];
}

/** The current theme's colour for a CSS custom property of the page. */
function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/**
 * Draw `chart` into `el` (emptied first), `width` pixels wide. Layers are stacked: each is
 * drawn from the running sum down to the one below it; the legend shows each layer's own
 * share of the hovered bucket. Returns the uPlot instance (the caller destroys it on redraw).
 */
export function drawShareChart(el: HTMLElement, chart: ShareChart, width: number): uPlot {
  const n = chart.labels.length;
  const x = chart.labels.map((_, i) => i);
  const stacked: number[][] = [];
  let below = new Array<number>(n).fill(0);
  for (const layer of chart.layers) {
    const top = below.map((b, i) => b + (layer.values[i] ?? 0) * 100);
    stacked.push(top);
    below = top;
  }
  // uPlot fills each series down to the axis; drawing the tallest (top) layer first and the
  // lower ones over it gives the stack.
  const order = chart.layers.map((_, i) => i).reverse();
  const grid = { stroke: cssVar('--grid'), width: 1 };
  const axis = { stroke: cssVar('--muted'), grid, ticks: { stroke: cssVar('--grid'), width: 1 } };
  const bars = uPlot.paths.bars!({ size: [0.86, 64], gap: 1 });
  const opts: uPlot.Options = {
    width,
    height: 260,
    padding: [12, 12, 0, 0],
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    legend: { live: true },
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, n - 0.5)] }, y: { range: [0, 100] } },
    axes: [
      { ...axis, values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (chart.labels[t] ?? '') : '')), space: 80 },
      { ...axis, values: (_u, ticks) => ticks.map((t) => `${t}%`), size: 48 },
    ],
    series: [
      { label: chart.per, value: (_u, v) => (v === null || v === undefined ? '' : `${chart.labels[v] ?? ''} · ${chart.totals[v] ?? 0} lines`) },
      ...order.map((k) => {
        const layer = chart.layers[k]!;
        return {
          label: layer.name,
          stroke: layer.color,
          fill: layer.color,
          width: 0,
          paths: bars,
          points: { show: false },
          value: (_u: uPlot, _v: number | null, _s: number, idx: number | null) => (idx === null ? '' : `${((layer.values[idx] ?? 0) * 100).toFixed(1)}%`),
        } satisfies uPlot.Series;
      }),
    ],
  };
  const data: uPlot.AlignedData = [x, ...order.map((k) => stacked[k]!)];
  while (el.firstChild) el.removeChild(el.firstChild);
  return new uPlot(opts, data, el);
}
