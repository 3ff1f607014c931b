// End-to-end test of the notebooks in a real browser: starts JupyterLab on 127.0.0.1 with a
// token, opens every notebook in Debian's chromium (Playwright, never a downloaded browser),
// runs all cells in quick mode, and checks that every cell tagged "figure" shows an image,
// that every cell calling ShowVerdict shows its verdict line, that no cell failed, and that
// nothing was saved into the notebooks. Saves a screenshot of every figure cell and of each
// notebook, and the time from opening a notebook to its last figure.
//
//   node notebooks/browser/run.mjs [NOTEBOOK.ipynb ...]
//
// Environment: JUPYTER (default .venv/bin/jupyter, from notebooks/install-jupyterlab.sh),
// CHROMIUM (default /usr/bin/chromium), SCREENSHOTS (default notebooks/browser/screenshots,
// ignored by git). Exits 1 on any failure.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { checkWidgets } from './widgets.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const notebooksDir = resolve(here, '..');
const root = resolve(notebooksDir, '..');
const jupyter = process.env.JUPYTER || join(root, '.venv', 'bin', 'jupyter');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = resolve(process.env.SCREENSHOTS || join(here, 'screenshots'));
const perNotebookMs = Number(process.env.NOTEBOOK_TIMEOUT_S || 900) * 1000;

const notebooks = process.argv.slice(2).length
  ? process.argv.slice(2).map(p => basename(p))
  : readdirSync(notebooksDir).filter(f => f.endsWith('.ipynb')).sort();

const failures = [];
const fail = (where, msg) => { failures.push(`${where}: ${msg}`); console.error(`FAIL ${where}: ${msg}`); };
const log = msg => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const digest = f => createHash('sha256').update(readFileSync(join(notebooksDir, f))).digest('hex');

function freePort() {
  return new Promise((ok, bad) => {
    const s = createServer();
    s.unref();
    s.on('error', bad);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// JupyterLab settings for the test: no autosave (outputs must never reach the tracked files)
// and every cell rendered (JupyterLab 4 renders only the visible cells by default).
function labSettings() {
  const dir = mkdtempSync(join(tmpdir(), 'dlreturns-lab-'));
  const put = (plugin, file, value) => {
    mkdirSync(join(dir, 'settings', plugin), { recursive: true });
    writeFileSync(join(dir, 'settings', plugin, file), JSON.stringify(value));
  };
  put('@jupyterlab/docmanager-extension', 'plugin.jupyterlab-settings', { autosave: false });
  put('@jupyterlab/notebook-extension', 'tracker.jupyterlab-settings', { windowingMode: 'none' });
  put('@jupyterlab/apputils-extension', 'notification.jupyterlab-settings', { fetchNews: 'false', checkForUpdates: false });
  mkdirSync(join(dir, 'workspaces'), { recursive: true });
  return dir;
}

async function startLab() {
  if (!existsSync(jupyter)) throw new Error(`${jupyter} not found: run notebooks/install-jupyterlab.sh (or set JUPYTER)`);
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const settings = labSettings();
  const env = {
    ...process.env,
    DLRETURNS_QUICK: '1',
    DLRETURNS_EXPORT_DIR: join(settings, 'exports'), // not notebooks/exports
    JUPYTERLAB_SETTINGS_DIR: join(settings, 'settings'),
    JUPYTERLAB_WORKSPACES_DIR: join(settings, 'workspaces'),
  };
  const args = ['lab', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--ServerApp.port_retries=0',
    `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${notebooksDir}`,
    '--LabApp.expose_app_in_browser=True', '--LabApp.news_url=None', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'];
  if (process.getuid && process.getuid() === 0) args.push('--allow-root'); // CI containers run as root
  const proc = spawn(jupyter, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  proc.stdout.on('data', d => { serverLog += d; });
  proc.stderr.on('data', d => { serverLog += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (proc.exitCode !== null) throw new Error(`jupyter lab exited ${proc.exitCode}:\n${serverLog.slice(-3000)}`);
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) {
        const anon = await fetch(`${base}/api/contents`);
        if (anon.status !== 403) fail('token auth', `GET /api/contents without the token answered ${anon.status}, want 403`);
        return { proc, base, token, settings, log: () => serverLog };
      }
    } catch { /* not listening yet */ }
    await sleep(500);
  }
  throw new Error(`jupyter lab did not answer on ${base} within 60 s:\n${serverLog.slice(-3000)}`);
}

// cellStates reads, in the page, each code cell's tags, run state, images and text.
function cellStates() {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session?.kernel;
  return {
    kernel: kernel ? kernel.status : 'none',
    cells: panel.content.widgets.map((cell, i) => {
      if (cell.model.type !== 'code') return null;
      const imgs = [...cell.node.querySelectorAll('.jp-OutputArea-output img')];
      const out = cell.node.querySelector('.jp-Cell-outputArea');
      return {
        index: i,
        tags: cell.model.getMetadata('tags') || [],
        source: cell.model.sharedModel.getSource(),
        count: cell.model.executionCount,
        state: cell.model.executionState,
        images: imgs.filter(img => img.complete && img.naturalWidth > 0).length,
        live: /notebook\.Live\(/.test(cell.model.sharedModel.getSource()),
        sliders: cell.node.querySelectorAll('input[type=range]').length,
        error: !!cell.node.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]') &&
          /exit status|panic:|not run: an earlier cell failed/.test(out ? out.innerText : ''),
        errorOutput: cell.model.outputs.toJSON().some(o => o.output_type === 'error'),
        text: out ? out.innerText.slice(0, 4000) : '',
      };
    }).filter(Boolean),
  };
}

async function runNotebook(browser, lab, nb) {
  const name = nb.replace(/\.ipynb$/, '');
  const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const consoleErrors = [];
  page.on('pageerror', e => consoleErrors.push(String(e)));
  const t0 = Date.now();
  // ?reset: a fresh workspace, so that only this notebook is open.
  await page.goto(`${lab.base}/lab/tree/${encodeURIComponent(nb)}?reset&token=${lab.token}`);
  try {
    await page.waitForFunction(() => {
      const w = window.jupyterapp?.shell?.currentWidget;
      const k = w?.sessionContext?.session?.kernel;
      return w && w.content && k && k.connectionStatus === 'connected' && ['idle', 'unknown'].includes(k.status);
    }, null, { timeout: 30000, polling: 250 });
  } catch (e) {
    await page.screenshot({ path: join(shots, `${name}-not-opened.png`) });
    const seen = await page.evaluate(() => {
      const w = window.jupyterapp?.shell?.currentWidget;
      return { app: !!window.jupyterapp, widget: w ? w.constructor.name + ' ' + w.title.label : null,
        kernel: w?.sessionContext?.session?.kernel?.status ?? null, connection: w?.sessionContext?.session?.kernel?.connectionStatus ?? null, dialog: document.querySelector('.jp-Dialog')?.innerText ?? null };
    });
    throw new Error(`the notebook did not open with an idle kernel within 120 s: ${JSON.stringify(seen)}`);
  }
  const opened = Date.now() - t0;
  await page.evaluate(() => window.jupyterapp.shell.currentWidget.node.setAttribute('data-under-test', ''));
  // Not awaited in the page: the command resolves only when every cell has ended, and a live
  // cell ends when the test clicks its Done button.
  await page.evaluate(() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); });
  let state, lastFigureAt = 0, figuresSeen = -1;
  const deadline = Date.now() + perNotebookMs;
  for (;;) {
    await sleep(500);
    state = await page.evaluate(cellStates);
    const figs = state.cells.filter(c => c.tags.includes('figure'));
    const shown = figs.filter(c => c.images > 0).length;
    if (shown !== figuresSeen) { figuresSeen = shown; lastFigureAt = Date.now(); }
    // A live cell runs until its Done button is clicked: the notebook is ready for the widget
    // checks once every other cell has run and the live cells show their sliders.
    const waiting = state.cells.filter(c => !(c.live && c.sliders > 0));
    const busy = waiting.some(c => c.state === 'running') || (state.kernel === 'busy' && waiting.length === state.cells.length);
    const ran = waiting.every(c => (c.count !== null && c.state !== 'running') || c.source.trim() === '');
    if (!busy && ran) break;
    if (state.cells.some(c => c.errorOutput || c.error) && !busy) break;
    if (Date.now() > deadline) {
      await page.screenshot({ path: join(shots, `${name}-timeout.png`) });
      const where = state.cells.filter(c => c.state === 'running' || c.count === null).map(c => `cell ${c.index + 1} state=${c.state} count=${c.count} sliders=${c.sliders}: ${c.text.slice(-300)}`);
      fail(name, `not finished after ${perNotebookMs / 1000} s (kernel ${state.kernel}); unfinished: ${where.join(' | ')}`);
      break;
    }
  }
  const total = Date.now() - t0;
  const figs = state.cells.filter(c => c.tags.includes('figure'));
  for (const c of state.cells) {
    const where = `${name} cell ${c.index + 1}`;
    if (c.errorOutput || c.error) fail(where, `failed:\n${c.text.slice(-1500)}`);
    if (c.count === null && c.source.trim() !== '' && !(c.live && c.sliders > 0)) fail(where, 'did not run'); // a live cell ends with Done
    if (c.tags.includes('figure') && c.images === 0) fail(where, 'tagged "figure" but shows no image');
    if (/ShowVerdict\(/.test(c.source) && !/Verdict: (reproduced|partly reproduced|not reproduced)/i.test(c.text)) {
      fail(where, `calls ShowVerdict but shows no verdict line:\n${c.text.slice(0, 500)}`);
    }
  }
  if (consoleErrors.length) log(`${name}: page errors (not failures): ${consoleErrors.slice(0, 3).join(' | ')}`);
  // Screenshots: every figure cell, then the notebook as it stands.
  const files = [];
  const cells = await page.$$('[data-under-test] .jp-Notebook .jp-Cell');
  for (const c of figs) {
    const file = join(shots, `${name}-cell${String(c.index + 1).padStart(2, '0')}.png`);
    await cells[c.index].screenshot({ path: file });
    files.push(file);
  }
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file });
  files.push(file);
  const widgets = await checkWidgets(page, name, state, fail, shots, files);
  if (widgets) { // the live cells have ended: check them as run cells
    state = await page.evaluate(cellStates);
    for (const c of state.cells.filter(c => c.live)) {
      if (c.errorOutput || c.error || c.count === null) fail(`${name} cell ${c.index + 1} (live)`, `did not end cleanly:\n${c.text.slice(-800)}`);
    }
  }
  await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown());
  await page.close();
  const result = {
    notebook: nb, openSeconds: opened / 1000, toLastFigureSeconds: figs.length ? (lastFigureAt - t0) / 1000 : null,
    totalSeconds: total / 1000, figureCells: figs.length, screenshots: files.map(f => basename(f)), widgets,
  };
  log(`${nb}: opened in ${result.openSeconds.toFixed(1)} s, last of ${figs.length} figures at ${result.toLastFigureSeconds?.toFixed(1)} s, done at ${result.totalSeconds.toFixed(1)} s`);
  return result;
}

async function main() {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const before = Object.fromEntries(notebooks.map(f => [f, digest(f)]));
  const lab = await startLab();
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { lab.proc.kill('SIGTERM'); process.exit(1); });
  log(`JupyterLab at ${lab.base} (token auth), chromium ${chromiumPath}`);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const results = [];
  try {
    for (const nb of notebooks) {
      try {
        results.push(await runNotebook(browser, lab, nb));
      } catch (e) {
        fail(nb, String(e.stack || e));
        console.error(`JupyterLab's log (tail):\n${lab.log().slice(-4000)}`);
      }
    }
  } finally {
    await browser.close();
    lab.proc.kill('SIGTERM');
    await sleep(1000);
    rmSync(lab.settings, { recursive: true, force: true });
  }
  for (const f of notebooks) {
    if (digest(f) !== before[f]) fail(f, 'the notebook file changed during the test (autosave?)');
  }
  writeFileSync(join(shots, 'timings.json'), JSON.stringify(results, null, 1) + '\n');
  console.log('\nnotebook                          open s   last figure s   total s   screenshots');
  for (const r of results) {
    console.log(`${r.notebook.padEnd(34)}${r.openSeconds.toFixed(1).padStart(6)}${String(r.toLastFigureSeconds?.toFixed(1) ?? '-').padStart(16)}${r.totalSeconds.toFixed(1).padStart(10)}   ${r.screenshots.length}`);
  }
  console.log(`\nscreenshots and timings.json in ${shots}`);
  if (failures.length) {
    console.error(`\n${failures.length} failure(s):\n${failures.join('\n')}`);
    process.exit(1);
  }
  console.log('browser test passed');
}

main().catch(e => { console.error(e); process.exit(1); });
