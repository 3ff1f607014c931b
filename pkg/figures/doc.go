// Package figures turns claim results into figures in one house style and exports them.
//
// A Figure is a gonum/plot Plot plus what a report needs around it: a legend drawn outside the
// data area (so it never covers a point), notes printed under the axes (for example how many
// points could not be drawn on a log axis, and why), and the table of every value drawn, which
// Save writes as CSV next to the PNG, SVG and PDF renderings.
//
// House style: Okabe–Ito colour-blind-safe palette with a distinct marker and dash per series,
// 11–13 pt Liberation fonts, labelled axes with units, powers of ten on log axes. Series are
// added through Figure methods (Line, Scatter, Reference, ...) which check every point: a NaN
// or Inf, or a non-positive value on a log axis, is left out and reported in a note on the
// figure rather than causing a panic inside gonum/plot.
//
// There is one function per claim figure (HardwareGrowth, ...). Each has a golden-image test;
// regenerate the goldens with `go test ./pkg/figures -regen`, never by hand.
package figures
