// Package ledger runs a set of claims and writes what they found: every claim's figures
// (PNG, SVG, PDF and CSV), results.json and REPORT.md, in one output folder.
//
// Every claim is wired in by one line of the table in table.go: the claim value and its
// figure function. The table builds the claim's Config from the run's Env, runs it and draws
// its figures; its order is the order of results.json, REPORT.md and -list, and the README's
// gallery and the index notebook's claims table are generated from it (docs.go). cmd/reproduce
// is a thin flag layer over Run.
//
// A claim that runs and is measured as "not reproduced" is a result. A claim that cannot run
// (bad input, a diverging experiment, a NaN in its verdict, a figure that cannot be drawn) is
// an error: Run reports it, goes on with the other claims, and leaves that claim's earlier
// outputs in place.
package ledger
