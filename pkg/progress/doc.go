// Package progress draws how far a long run is and estimates the time left: a bar on one
// redrawn terminal line, or an HTML block a notebook updates in place.
//
// The estimate is the stage's rate so far: a stage that has done d of n steps in t has about
// t·(n−d)/d left. Claims report progress per stage (pkg/claims.Progress), so the estimate
// restarts when the stage changes. A stage whose first report already counts steps done is
// timed from that report on (its setup is not a step), so it shows no estimate until a second
// report.
package progress
