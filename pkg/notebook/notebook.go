package notebook

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
	"github.com/dlreturns/dlreturns/pkg/resultcache"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/figures"
	"github.com/dlreturns/dlreturns/pkg/ledger"
)

// QuickEnv is the environment variable that selects the quick presets ("1" or "true"); the
// notebook test sets it so that every notebook runs in seconds.
const QuickEnv = "DLRETURNS_QUICK"

// ScaleEnv is the environment variable that picks a notebook's tier: quick, full (the
// default) or paper. QuickEnv, when set, wins, so the notebook test stays quick.
const ScaleEnv = "DLRETURNS_SCALE"

// Quick reports whether the notebook should use the quick presets.
func Quick() bool {
	v := strings.ToLower(os.Getenv(QuickEnv))
	return v == "1" || v == "true" || v == "yes"
}

// Scale is the tier the notebook's claims run at: quick when QuickEnv is set, else the one
// ScaleEnv names, else full. An unknown name in ScaleEnv is reported and treated as full.
func Scale() claims.Scale {
	if Quick() {
		return claims.Quick
	}
	v := strings.ToLower(strings.TrimSpace(os.Getenv(ScaleEnv)))
	if v == "" {
		return claims.Full
	}
	s, err := claims.ParseScale(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v; running the full tier\n", ScaleEnv, err)
		return claims.Full
	}
	return s
}

// Run runs the claim with cfg, or returns the cached result of an earlier run with the same
// cfg and the same library source. Either way the result becomes the one Last returns.
// A run longer than two seconds shows a progress bar with the time left.
func Run[C, R any](c claims.Claim[C, R], cfg C) (R, error) {
	var zero R
	id := c.Info().ID
	key := resultcache.Key(id, cfg)
	// What Export writes under this claim's figures: the tier, seed, knobs and command.
	if err := save(noteKey(id), ledger.FigureNote(Scale(), cfg, c.Config(Scale()))); err != nil {
		return zero, err
	}
	var entry resultcache.Entry[R]
	if err := load(key, &entry); err == nil && entry.Fresh() {
		fmt.Printf("%s: cached result (same settings, code and data as an earlier run)\n", id)
		return entry.Result, save("last-"+id, entry.Result)
	}
	if dir := resultcache.SharedDir(); dir != "" {
		if err := resultcache.Load(dir, key, &entry); err == nil && entry.Fresh() {
			fmt.Printf("%s: result of go run ./cmd/reproduce (same settings, code and data; %s)\n", id, resultcache.SharedEnv)
			return entry.Result, save("last-"+id, entry.Result)
		}
	}
	var r R
	start := time.Now()
	progress := newReporter(id)
	ctx := claims.WithProgress(context.Background(), progress.report)
	r, err := c.Run(ctx, cfg)
	progress.done()
	if err != nil {
		if strings.HasPrefix(err.Error(), id+": ") { // the claim named itself already
			return zero, err
		}
		return zero, fmt.Errorf("%s: %w", id, err)
	}
	fmt.Printf("%s: ran in %s\n", id, time.Since(start).Round(100*time.Millisecond))
	if err := save(key, resultcache.Entry[R]{Data: datasets.FilesRead(), Result: r}); err != nil {
		return r, err
	}
	return r, save("last-"+id, r)
}

// Last returns the result of the latest Run of the claim in this kernel session:
// notebook.Last(claims.HardwareGrowth) is a claims.HardwareGrowthResult.
func Last[C, R any](c claims.Claim[C, R]) (R, error) {
	var r R
	id := c.Info().ID
	if err := load("last-"+id, &r); err != nil {
		return r, fmt.Errorf("no result for %s yet: run the cell that calls notebook.Run first (%w)", id, err)
	}
	return r, nil
}

// Show displays figures inline; pass a figure function's results straight in,
// notebook.Show(figures.HardwareGrowth(r)), or some of them by name,
// notebook.Show(figures.Pick(figs, "data-scaling-mnist")).
func Show(figs []*figures.Figure, err error) {
	Must(err)
	for _, f := range figs {
		Must(f.Show())
	}
}

// ShowVerdict prints the verdict line, as Markdown in a notebook.
func ShowVerdict(v claims.Verdict) {
	if gonbui.IsNotebook {
		gonbui.DisplayMarkdown(noMath(fmt.Sprintf("**Verdict: %s.** %s = %s (article: %s).\n\n%s",
			v.Outcome, v.Metric, interval(v), v.Expected, v.Reason)))
		gonbui.Sync() // flush before the cell's program exits
		return
	}
	fmt.Println(v.String())
}

// noMath escapes dollar signs, so that "US$206 billion ... US$145 billion" stays text instead
// of Jupyter's Markdown typesetting what lies between two of them as mathematics.
func noMath(markdown string) string { return strings.ReplaceAll(markdown, "$", `\$`) }

func interval(v claims.Verdict) string {
	if v.Low != v.High {
		return fmt.Sprintf("%s (interval %s)", numfmt.Number(v.Measured), numfmt.Range(v.Low, v.High))
	}
	return numfmt.Number(v.Measured)
}

// ExportEnv names the folder Export writes into. Set it once per notebook, in any cell:
//
//	%env DLRETURNS_EXPORT_DIR=/path/to/report/figures
//
// (%env sets it in the kernel, so every later cell's program sees it; a Go assignment to
// ExportDir lasts only for its own cell, since each %% cell is a program of its own).
const ExportEnv = "DLRETURNS_EXPORT_DIR"

// ExportDir is where Export writes: $DLRETURNS_EXPORT_DIR if set, else the folder "exports"
// beside the notebook (ignored by git), not a folder shared by every user of the machine.
var ExportDir = exportDir()

func exportDir() string {
	if d := os.Getenv(ExportEnv); d != "" {
		return d
	}
	if wd, err := os.Getwd(); err == nil { // GoNB runs a cell in the notebook's folder
		return filepath.Join(wd, "exports")
	}
	return "exports"
}

// Export saves figures (PNG, SVG, PDF and the CSV of the data drawn) into ExportDir and lists
// the files; pass a figure function's results straight in:
// notebook.Export(figures.HardwareGrowth(r)). Each figure's notes end, as reproduce's do,
// with the tier, the seed and the command that remakes it, and list the knobs changed from
// the tier's preset: what the latest Run of its claim in this kernel session used.
func Export(figs []*figures.Figure, err error) {
	Must(err)
	addNotes(figs)
	names, err := figures.Save(ExportDir, figs...)
	Must(err)
	fmt.Printf("wrote %s into %s\n", strings.Join(names, ", "), ExportDir)
}

// Must stops the cell with the error's message (and a non-zero exit the notebook test sees).
func Must(err error) {
	if err != nil {
		gonbui.Sync() // keep what the cell displayed before the error
		markFailed(err.Error())
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}

// cacheDir is per kernel session when run by GoNB, so restarting the kernel starts afresh.
func cacheDir() string {
	if d := os.Getenv("GONB_TMP_DIR"); d != "" {
		return filepath.Join(d, "dlreturns-cache")
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("dlreturns-cache-%d", os.Getuid()))
}

func save(name string, v any) error { return resultcache.Save(cacheDir(), name, v) }

func load(name string, v any) error { return resultcache.Load(cacheDir(), name, v) }

func noteKey(id string) string { return "note-" + id }

// addNotes ends each figure's notes with its claim's note from the latest Run (the claim
// whose id is the longest prefix of the figure's name), unless it is there already.
func addNotes(figs []*figures.Figure) {
	for _, f := range figs {
		id := ""
		for _, e := range ledger.Entries() {
			if (f.Name == e.Info.ID || strings.HasPrefix(f.Name, e.Info.ID+"-")) && len(e.Info.ID) > len(id) {
				id = e.Info.ID
			}
		}
		var note string
		if id == "" || load(noteKey(id), &note) != nil || slices.Contains(f.Notes, note) {
			continue
		}
		f.Notes = append(f.Notes, note)
	}
}
