package progress

import "time"

// ShowAfter is how long a run goes before progress is worth showing: shorter runs finish
// before a reader would look at a bar.
const ShowAfter = 2 * time.Second

// State is one progress report, with the time estimates filled in.
type State struct {
	Label    string // what is running, e.g. a claim's id
	Stage    string // what it is doing now; "" before its first report
	Done, Of int    // steps of the stage done, out of Of
	Elapsed  time.Duration
	Left     time.Duration // estimated time left in the stage; valid when Estimated
	// Estimated is false until a step of the stage has finished.
	Estimated bool
}

// Fraction is how much of the stage is done, in [0, 1].
func (s State) Fraction() float64 {
	if s.Of <= 0 {
		return 0
	}
	f := float64(s.Done) / float64(s.Of)
	return min(max(f, 0), 1)
}

// Tracker turns a run's reports into States.
type Tracker struct {
	Label string
	start time.Time
	stage string
	// The rate is measured from the stage's first report: from its start when that report
	// said 0 done, otherwise from the first report itself, since the time before it holds
	// the stage's setup (loading data, building features) as well as its first steps, and a
	// rate over it made estimates of ten minutes for stages that took twenty seconds.
	fromDone int
	fromAt   time.Time
	now      func() time.Time
}

// NewTracker starts timing a run now.
func NewTracker(label string) *Tracker { return newTracker(label, time.Now) }

// TrackerSince times a run that started at start.
func TrackerSince(label string, start time.Time) *Tracker {
	t := newTracker(label, time.Now)
	t.start = start
	return t
}

func newTracker(label string, now func() time.Time) *Tracker {
	return &Tracker{Label: label, start: now(), now: now}
}

// Update records a report: done of of steps of stage.
func (t *Tracker) Update(stage string, done, of int) State {
	now := t.now()
	if stage != t.stage {
		t.stage, t.fromDone, t.fromAt = stage, done, now
	}
	s := State{Label: t.Label, Stage: stage, Done: done, Of: of, Elapsed: now.Sub(t.start)}
	if done > t.fromDone && of > done {
		s.Left = time.Duration(float64(now.Sub(t.fromAt)) * float64(of-done) / float64(done-t.fromDone))
		s.Estimated = true
	} else if done >= of && of > 0 {
		s.Estimated = true
	}
	return s
}

// Elapsed is the time since the run started.
func (t *Tracker) Elapsed() time.Duration { return t.now().Sub(t.start) }
