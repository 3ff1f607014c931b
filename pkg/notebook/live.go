package notebook

import (
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
	"github.com/dlreturns/dlreturns/pkg/resultcache"
)

// Knob is one live control: a slider from Min to Max in Steps steps, starting at Value.
type Knob struct {
	Name     string // shown beside the slider, e.g. "price per accelerator-hour"
	Min, Max float64
	Steps    int
	Value    float64
	// Log spaces the steps evenly in log10, for quantities that span decades.
	Log bool
	// Format prints a value; %.3g when nil.
	Format func(float64) string
}

// LiveWait is how long Live waits for the notebook's front end to answer its first slider:
// under `jupyter nbconvert --execute` there is none, and the cell must still finish.
var LiveWait = 20 * time.Second

// LiveIdle ends a live cell nobody has touched for this long, so a forgotten cell does not
// keep the kernel busy (and Run All waiting) forever.
var LiveIdle = 15 * time.Minute

// Live shows the knobs under the cell and calls draw with their values at once and each time
// one moves, redrawing draw's figures and summary line in place, until the Done button is
// clicked (or LiveIdle passes). Put it in the last cells of a notebook: the cell runs while
// the controls are live, and Run All waits for it.
//
// Without a front end that runs JavaScript (nbconvert), it draws once and returns.
func Live(knobs []Knob, draw func(values []float64) (figs []*figures.Figure, summary string, err error)) {
	values := make([]float64, len(knobs))
	for i, k := range knobs {
		values[i] = k.Value
	}
	if !gonbui.IsNotebook {
		figs, summary, err := draw(values)
		Must(err)
		fmt.Println(summary)
		for _, f := range figs {
			Must(f.Show())
		}
		return
	}
	// Two displays updated in place (display ids, not DOM ids): the controls, then the output.
	id := "dlreturns-live-" + gonbui.UniqueId()
	controls, out, knobsDiv := id+"-controls", id+"-out", id+"-knobs"
	gonbui.UpdateHTML(controls, fmt.Sprintf(`<div id="%s" class="dlreturns-live-knobs" style="font-family:sans-serif;font-size:13px"></div>`, knobsDiv))
	redraw := func() {
		figs, summary, err := draw(values)
		if err != nil {
			gonbui.UpdateHTML(out, `<pre style="color:#b00">`+html.EscapeString(err.Error())+`</pre>`)
			return
		}
		gonbui.UpdateHTML(out, liveHTML(knobs, values, summary, figs))
		gonbui.Sync()
	}
	redraw()

	// The sliders: each Done waits for the front end's first message. LiveWait bounds the
	// wait for the first slider only, which tells whether there is a front end at all (none
	// under nbconvert); once it has answered, the others are waited for as long as a busy
	// browser takes, up to LiveIdle. With LiveWait bounding them all, a browser that took
	// longer over the rest (rendering the notebook's figures, say) would lose the controls:
	// the cell would end with the no-front-end note and the sliders it had made dead.
	sliders := make([]*widgets.SliderBuilder, len(knobs))
	first, ready := make(chan struct{}), make(chan struct{})
	go func() {
		for i, k := range knobs {
			row := fmt.Sprintf("%s-k%d", id, i)
			dom.Append(knobsDiv, fmt.Sprintf(`<div id="%s" style="margin:2px 0"><span style="display:inline-block;min-width:16em">%s</span> </div>`, row, html.EscapeString(k.Name)))
			sliders[i] = widgets.Slider(0, k.steps(), k.index(k.Value)).
				WithHtmlId(fmt.Sprintf("%s-slider%d", id, i)).AppendTo(row).Done()
			if i == 0 {
				close(first)
			}
		}
		if len(knobs) == 0 {
			close(first)
		}
		close(ready)
	}()
	select {
	case <-first:
	case <-time.After(LiveWait):
		gonbui.UpdateHTML(controls, `<p style="font-family:sans-serif;font-size:13px;color:#666">`+
			`The controls are live in JupyterLab or Notebook; here (no front end, e.g. nbconvert) the figure is drawn once, with the defaults.</p>`)
		gonbui.Sync()
		return
	}
	select {
	case <-ready:
	case <-time.After(LiveIdle):
		gonbui.UpdateHTML(controls, `<p style="font-family:sans-serif;font-size:13px;color:#b00">`+
			`The front end stopped answering while the controls were being made; the figure shows the defaults.</p>`)
		gonbui.Sync()
		return
	}
	// Listen to every slider before the Done button appears: a move the front end sends
	// before Listen is seen only by the slider itself (its Value), so the button's presence
	// tells a user (and the browser test) that the controls are live.
	type move struct{ knob, index int }
	moves := make(chan move, 16)
	for i, s := range sliders {
		ch := s.Listen().LatestOnly()
		go func() {
			for v := range ch.C {
				moves <- move{i, v}
			}
		}()
	}
	done := widgets.Button("Done").WithHtmlId(id + "-done").AppendTo(knobsDiv).Done().Listen()
	// A slider moved between its creation and Listen: draw what it shows now.
	moved := false
	for i, s := range sliders {
		if v := s.Value(); v != knobs[i].index(knobs[i].Value) {
			values[i], moved = knobs[i].value(v), true
		}
	}
	if moved {
		redraw()
	}
	for {
		select {
		case m := <-moves:
			values[m.knob] = knobs[m.knob].value(m.index)
			// Coalesce a drag into one redraw: take every move already queued.
			for drained := false; !drained; {
				select {
				case m := <-moves:
					values[m.knob] = knobs[m.knob].value(m.index)
				case <-time.After(100 * time.Millisecond):
					drained = true
				}
			}
			redraw()
		case <-done.C:
			gonbui.UpdateHTML(controls, "")
			gonbui.Sync()
			return
		case <-time.After(LiveIdle):
			gonbui.UpdateHTML(controls, "")
			gonbui.Sync()
			return
		}
	}
}

func (k Knob) steps() int {
	if k.Steps < 1 {
		return 100
	}
	return k.Steps
}

// value is the knob's value at slider position i, rounded to 4 significant digits: a
// slider has at most a few hundred positions, so nothing is lost, and the flag the value
// is passed as (and every figure note quoting it) reads 30, not 29.999999999999996.
func (k Knob) value(i int) float64 {
	t := float64(i) / float64(k.steps())
	v := k.Min + t*(k.Max-k.Min)
	if k.Log && k.Min > 0 && k.Max > 0 {
		v = math.Pow(10, math.Log10(k.Min)+t*(math.Log10(k.Max)-math.Log10(k.Min)))
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// index is the slider position nearest to v.
func (k Knob) index(v float64) int {
	var t float64
	if k.Log && k.Min > 0 && k.Max > 0 && v > 0 {
		t = (math.Log10(v) - math.Log10(k.Min)) / (math.Log10(k.Max) - math.Log10(k.Min))
	} else if k.Max != k.Min {
		t = (v - k.Min) / (k.Max - k.Min)
	}
	return int(math.Round(min(max(t, 0), 1) * float64(k.steps())))
}

func (k Knob) format(v float64) string {
	if k.Format != nil {
		return k.Format(v)
	}
	return fmt.Sprintf("%.3g", v)
}

// liveHTML is the redrawn part: each knob's value, the summary line and the figures.
func liveHTML(knobs []Knob, values []float64, summary string, figs []*figures.Figure) string {
	var b strings.Builder
	var set []string
	for i, k := range knobs {
		set = append(set, html.EscapeString(k.Name)+" = <b>"+html.EscapeString(k.format(values[i]))+"</b>")
	}
	fmt.Fprintf(&b, `<div class="dlreturns-live-values" style="font-family:sans-serif;font-size:13px">%s</div>`, strings.Join(set, " · "))
	fmt.Fprintf(&b, `<div class="dlreturns-live-summary" style="font-family:sans-serif;font-size:14px;margin:4px 0">%s</div>`, html.EscapeString(summary))
	for _, f := range figs {
		png, err := f.Render("png")
		if err != nil {
			fmt.Fprintf(&b, `<pre>%s</pre>`, html.EscapeString(err.Error()))
			continue
		}
		fmt.Fprintf(&b, `<img alt="%s" style="max-width:100%%" src="data:image/png;base64,%s">`, html.EscapeString(f.Name), base64.StdEncoding.EncodeToString(png))
	}
	return b.String()
}

// Recompute is Run for live controls: the same cache, but silent (a drag would print a line
// per position), and the result does not become the one Last returns, so the cells above
// keep the settings they ran with.
func Recompute[C, R any](c claims.Claim[C, R], cfg C) (R, error) {
	id := c.Info().ID
	key := resultcache.Key(id, cfg)
	var r R
	if err := load(key, &r); err == nil {
		return r, nil
	}
	r, err := c.Run(context.Background(), cfg)
	if err != nil {
		return r, fmt.Errorf("%s: %w", id, err)
	}
	return r, save(key, r)
}
