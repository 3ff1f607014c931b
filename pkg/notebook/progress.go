package notebook

import (
	"fmt"
	"time"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/dlreturns/dlreturns/pkg/progress"
)

// reporter shows a claim's progress once it has run progress.ShowAfter: in a notebook as an
// HTML bar updated in place (one output, not a line per report), elsewhere as a line every
// few seconds.
type reporter struct {
	tracker  *progress.Tracker
	htmlID   string // the notebook block, once displayed
	drawn    time.Time
	interval time.Duration
}

func newReporter(id string) *reporter {
	r := &reporter{tracker: progress.NewTracker(id), interval: 3 * time.Second}
	if gonbui.IsNotebook {
		r.interval = 500 * time.Millisecond
	}
	return r
}

func (r *reporter) report(stage string, done, total int) {
	s := r.tracker.Update(stage, done, total)
	if s.Elapsed < progress.ShowAfter || time.Since(r.drawn) < r.interval {
		return
	}
	r.drawn = time.Now()
	if !gonbui.IsNotebook {
		fmt.Println(progress.Line(s))
		return
	}
	if r.htmlID == "" {
		r.htmlID = "dlreturns-progress-" + gonbui.UniqueId()
	}
	gonbui.UpdateHTML(r.htmlID, progress.HTML(s))
}

// done removes the bar: the cell then says how long the run took.
func (r *reporter) done() {
	if r.htmlID != "" {
		gonbui.UpdateHTML(r.htmlID, "")
		gonbui.Sync()
	}
}
