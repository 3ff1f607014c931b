// Checks of the notebooks' live controls (notebook.Live: GoNB sliders that redraw a figure in
// place). run.mjs calls it once every other cell of a notebook has run: for each live cell it
// moves the first slider to the other end, waits for the summary line to change with the
// figure still shown, screenshots the cell, and clicks Done so the cell ends.
const sleep = ms => new Promise(r => setTimeout(r, ms));
// Live's Done button (id dlreturns-live-…-done); a bare 'button' would also match
// JupyterLab's own cell toolbar.
const doneButton = 'button[id^="dlreturns-live-"][id$="-done"]';

export async function checkWidgets(page, name, state, fail, shots, files) {
  const live = state.cells.filter(c => c.live);
  const results = [];
  for (const c of live) {
    const where = `${name} cell ${c.index + 1} (live)`;
    const cell = (await page.$$('[data-under-test] .jp-Notebook .jp-Cell'))[c.index];
    try {
      await cell.waitForSelector('input[type=range]', { timeout: 60000 });
      await cell.waitForSelector('.dlreturns-live-summary', { timeout: 60000 });
      // Live appends Done only once every slider is listened to; a move before that is
      // seen by GoNB's slider but may not reach the redraw (the 03 cell 23 failure in CI).
      await cell.waitForSelector(doneButton, { timeout: 60000 });
      const before = await cell.$eval('.dlreturns-live-summary', e => e.innerText);
      const t0 = Date.now();
      const moved = await cell.$eval('input[type=range]', s => {
        const to = Number(s.value) === Number(s.max) ? s.min : s.max;
        s.value = to;
        s.dispatchEvent(new Event('input', { bubbles: true }));
        s.dispatchEvent(new Event('change', { bubbles: true }));
        return to;
      });
      let after = before;
      while (after === before && Date.now() - t0 < 180000) {
        await sleep(250);
        after = await cell.$eval('.dlreturns-live-summary', e => e.innerText);
      }
      if (after === before) {
        fail(where, `moving the slider to ${moved} did not change "${before}" within 180 s`);
      } else if (!(await cell.$('.jp-OutputArea-output img'))) {
        fail(where, 'the figure is gone after the redraw');
      }
      const file = `${shots}/${name}-live.png`;
      await cell.screenshot({ path: file });
      files.push(file);
      results.push({ cell: c.index + 1, slider: moved, before, after, redrawSeconds: (Date.now() - t0) / 1000 });
      console.log(`  ${where}: slider → ${moved}: "${before}" → "${after}" in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const done = await cell.$(doneButton);
      if (!done) throw new Error('no Done button');
      await done.click();
      await page.waitForFunction(i => {
        const w = window.jupyterapp.shell.currentWidget.content.widgets[i];
        return w.model.executionState === 'idle' && w.model.executionCount !== null;
      }, c.index, { timeout: 60000, polling: 250 });
    } catch (e) {
      // What the cell shows tells why: Live's no-front-end note, an error, or dead sliders.
      const shown = await cell.innerText().catch(() => '');
      fail(where, `${String(e.message || e)}\ncell output (end): ${shown.slice(-600)}`);
    }
  }
  return results.length ? results : null;
}
