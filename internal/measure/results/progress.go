package results

import (
	"sync"
	"time"
)

// Progress is a probe's live state, handed to its OnProgress callback: the
// run so far (a copy the callee may keep: groups with their samples,
// summaries and counters), how far along it is, and what it is doing.
type Progress struct {
	Run   *Run
	Done  float64 // 0..1
	Phase string  // "starting nginx", "proxy-unix c=4", "reuse"
}

// ProgressInterval is how often a probe reports while it measures: every
// live view in Benchtop (tab charts, CLI progress lines) follows it.
const ProgressInterval = 200 * time.Millisecond

// Reporter throttles a probe's progress reports to one per interval; a
// report that is due is built only then (building copies the run).
// Flush reports at once (a group finished, the run ended).
type Reporter struct {
	fn       func(Progress)
	interval time.Duration

	mu   sync.Mutex
	last time.Time
}

// NewReporter reports to fn (nil: reports are dropped).
func NewReporter(fn func(Progress), interval time.Duration) *Reporter {
	return &Reporter{fn: fn, interval: interval}
}

// Report calls build and reports its result if the last report is at least
// an interval old.
func (r *Reporter) Report(build func() Progress) {
	if r == nil || r.fn == nil {
		return
	}
	r.mu.Lock()
	if time.Since(r.last) < r.interval {
		r.mu.Unlock()
		return
	}
	r.last = time.Now()
	r.mu.Unlock()
	r.fn(build())
}

// Flush reports now.
func (r *Reporter) Flush(p Progress) {
	if r == nil || r.fn == nil {
		return
	}
	r.mu.Lock()
	r.last = time.Now()
	r.mu.Unlock()
	r.fn(p)
}

// Copy returns a copy of the run that shares nothing mutable with it
// (groups, samples, counters, config), for a live view to keep.
func (r *Run) Copy() *Run {
	c := *r
	c.Config = copyMap(r.Config)
	c.Notes = append([]string(nil), r.Notes...)
	c.Groups = make([]Group, len(r.Groups))
	for i, g := range r.Groups {
		g.Samples = append([]Sample(nil), g.Samples...)
		g.Counters = Counters(copyMap(g.Counters))
		c.Groups[i] = g
	}
	return &c
}

func copyMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
