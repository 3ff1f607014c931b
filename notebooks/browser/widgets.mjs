// Checks of the notebooks' live controls (GoNB widgets), run by run.mjs after a notebook has
// run all its cells. None yet: see the notebooks' "Try it live" cells when they exist.
export async function checkWidgets(page, name, state, fail, shots, files) {
  return null;
}
