import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { stackedSeries, type CostTable } from './report.js';

/** One colour per source column, in order; distinguishable for common colour blindness. */
const COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'];

/**
 * Draws the table as stacked bars: x is the bucket's position (buckets differ in length, e.g.
 * months or DST days, and are labelled in the report's zone), y the cost. The canvas gets
 * data-testid="cost-chart"; its container carries the bucket totals drawn, for tests.
 */
export function drawChart(container: HTMLElement, table: CostTable, previous: uPlot | null): uPlot {
  previous?.destroy();
  const stacked = stackedSeries(table);
  const xs = table.rows.map((_, i) => i);
  const bars = uPlot.paths.bars!({ size: [0.7, 80], align: 0 });
  // Tallest (all sources) first, each lower cumulative series painted over it.
  const order = stacked.map((_, i) => i).reverse();
  const opts: uPlot.Options = {
    width: Math.max(320, container.clientWidth || 800),
    height: 320,
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, xs.length - 0.5)] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
    axes: [
      {
        values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? (table.rows[v]?.label ?? '') : '')),
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500],
        // Room for the longest label (about 7 px a character at the axis font), so none overlap.
        space: 16 + 7 * Math.max(4, ...table.rows.map((r) => r.label.length)),
      },
      { size: 70, label: table.currency },
    ],
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: 'bucket', value: (_u, v) => (v === null ? '' : (table.rows[v]?.label ?? '')) },
      ...order.map((i) => ({
        label: table.sources[i] ?? '',
        fill: COLOURS[i % COLOURS.length],
        stroke: COLOURS[i % COLOURS.length],
        width: 0,
        paths: bars,
        points: { show: false },
        // The legend shows each source's own amount, not the running sum that draws the stack.
        value: (_u: uPlot, _v: number | null, _s: number, idx: number | null) => (idx === null ? '' : (table.rows[idx]?.cells[i] ?? '—')),
      })),
    ],
  };
  const chart = new uPlot(opts, [xs, ...order.map((i) => stacked[i]!)], container);
  chart.ctx.canvas.setAttribute('data-testid', 'cost-chart');
  container.dataset.bars = JSON.stringify(stacked.at(-1) ?? []);
  return chart;
}
