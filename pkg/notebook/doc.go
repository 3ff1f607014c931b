// Package notebook is the glue the GoNB notebooks use: the quick mode the notebook test
// turns on, a cache of claim results (GoNB runs every cell as a fresh program, so without it
// each figure cell would re-run the experiment), inline figures, the verdict line and export.
//
// A notebook's run cell calls Run with the claim and its Config; later cells call Last to get
// the same result back in milliseconds, typed by the claim: notebook.Last(claims.DataScaling)
// is a claims.DataScalingResult. Figures are picked by name: figures.Pick(figs, "data-scaling-mnist").
package notebook
