// Package claims holds one experiment per claim of docs/CLAIMS.md, in files named by the
// claim's id (compute_scaling.go, compute_scaling_verdict.go, ...).
//
// Each claim is a package-level value (HardwareGrowth, VanishingGradients, ...) that
// implements Claim:
//
//	Info() Info                          // id, title, source, the claim in a sentence, its notebook
//	Config(s Scale) XConfig              // the quick, full (default) or paper preset
//	Run(ctx, XConfig) (XResult, error)   // measure; the result holds the series and a Verdict
//
// Every XConfig has a Seed field and every XResult a Verdict field.
//
// A Verdict is computed from the measured numbers by rules written next to the experiment,
// never typed in. A result that disagrees with the article is a result: the Verdict says
// "not reproduced" and why, and Run still succeeds. Run fails only when the experiment could
// not be carried out (bad input, a diverging run, a cancelled context).
//
// Results are plain data (exported fields, no functions) so that notebooks can cache them.
// Every experiment is seeded: the same Config gives the same numbers.
package claims
