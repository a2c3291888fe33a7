// Renders Vega-Lite specs to SVG files with Vega's headless view (no browser, no canvas: Vega estimates text
// widths). Plain ESM run by node itself, because vega and vega-lite are ES modules with top-level await, which
// the services' CommonJS loader (tools/run-ts.cjs) cannot require.
// Input on stdin: [{ "file": "/abs/path.svg", "spec": <Vega-Lite spec> }, ...]. Prints the files written.
import { readFileSync, writeFileSync } from 'node:fs';
import * as vega from 'vega';
import { compile } from 'vega-lite';

const jobs = JSON.parse(readFileSync(0, 'utf8'));
for (const { file, spec } of jobs) {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  writeFileSync(file, await view.toSVG());
  view.finalize();
  process.stdout.write(`${file}\n`);
}
