package results

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"benchtop/internal/measure/stats"
	"benchtop/internal/redact"
	"benchtop/internal/version"
)

// Schema names the JSON format; bump the number on incompatible changes.
const Schema = "benchtop.run/1"

// Run is one finished (or stopped) experiment.
type Run struct {
	Schema   string    `json:"schema"`
	ID       string    `json:"id"`
	Kind     string    `json:"kind"` // "keepalive", "sockets", "midi-latency"
	Title    string    `json:"title"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Stopped is true when the user cancelled the run before the end.
	Stopped bool              `json:"stopped,omitempty"`
	Machine Machine           `json:"machine"`
	Config  map[string]string `json:"config,omitempty"`
	Groups  []Group           `json:"groups"`
	Notes   []string          `json:"notes,omitempty"`
	// Benchtop is the version that made the run (release and revision).
	Benchtop string `json:"benchtop,omitempty"`
}

// Group is one mode or architecture of a run, e.g. "reuse" or "proxy-unix".
type Group struct {
	Name    string        `json:"name"`
	Summary stats.Summary `json:"summary"`
	// ReqPerSec is completed requests over the group's wall time.
	ReqPerSec float64 `json:"req_per_sec,omitempty"`
	// Counters are kind-specific totals (the Counter* names).
	Counters Counters `json:"counters,omitempty"`
	Samples  []Sample `json:"samples,omitempty"`
}

// Sample is one request.
type Sample struct {
	Seq       int     `json:"seq"`
	AtS       float64 `json:"t_s"` // start time, seconds since the run started
	LatencyUS float64 `json:"latency_us"`
	Err       string  `json:"error,omitempty"`
	// Phases are kind-specific timings in µs (dns, connect, tls, ...); a
	// phase that did not happen is absent, not zero.
	Phases map[string]float64 `json:"phases_us,omitempty"`
	// Counts are kind-specific whole numbers of the request (dials,
	// attempts, …: the Counter* names and a few more).
	Counts map[string]int64 `json:"counts,omitempty"`
	// Tags are kind-specific labels (conn: new|reused, ...).
	Tags map[string]string `json:"tags,omitempty"`
}

// Machine records where a run happened.
type Machine struct {
	OS       string            `json:"os"`
	Arch     string            `json:"arch"`
	CPUs     int               `json:"cpus"`
	CPUModel string            `json:"cpu_model,omitempty"`
	Kernel   string            `json:"kernel,omitempty"`
	Hostname string            `json:"hostname,omitempty"`
	Go       string            `json:"go"`
	Extra    map[string]string `json:"extra,omitempty"` // e.g. nginx version
}

// New starts a run record with an ID, the time and the machine facts.
func New(kind, title string) *Run {
	return &Run{Schema: Schema, ID: NewID(), Kind: kind, Title: title, Started: time.Now(), Machine: ThisMachine(), Benchtop: version.Get().String()}
}

// NewID returns a short random, sortable-by-time id.
func NewID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return time.Now().UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:])
}

// ThisMachine collects the facts of the machine the code runs on.
func ThisMachine() Machine {
	m := Machine{OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(), Go: runtime.Version()}
	m.Hostname, _ = os.Hostname()
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

// End marks the run finished now; a run that ended by cancellation or a
// deadline is marked Stopped (its partial results are kept). It returns
// whether it was.
func (r *Run) End(err error) (stopped bool) {
	r.Finished = time.Now()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		r.Stopped = true
	}
	return r.Stopped
}

// Group returns the group with that name, or nil.
func (r *Run) Group(name string) *Group {
	for i := range r.Groups {
		if r.Groups[i].Name == name {
			return &r.Groups[i]
		}
	}
	return nil
}

// WriteJSON writes the run as indented JSON.
func (r *Run) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r.Redacted())
}

// Redacted returns a copy of the run without secrets (credentials in URLs,
// token parameters, access key IDs) in any of its strings. The run itself
// is not touched: a window may be drawing it while it is saved. Writing a
// run (JSON, CSV, the store) always writes the redacted copy; probes also
// redact as they record.
func (r *Run) Redacted() *Run {
	c := r.Copy()
	c.Title = redact.Text(c.Title)
	for k, v := range c.Config {
		c.Config[k] = redact.Text(v)
	}
	c.Machine.Extra = copyMap(c.Machine.Extra)
	for k, v := range c.Machine.Extra {
		c.Machine.Extra[k] = redact.Text(v)
	}
	for i, n := range c.Notes {
		c.Notes[i] = redact.Text(n)
	}
	for gi := range c.Groups {
		g := &c.Groups[gi]
		g.Name = redact.Text(g.Name)
		for si := range g.Samples {
			s := &g.Samples[si] // a copy; its Tags map is still shared: replace, never write into it
			s.Err = redact.Text(s.Err)
			if len(s.Tags) > 0 {
				tags := make(map[string]string, len(s.Tags))
				for k, v := range s.Tags {
					tags[k] = redact.Text(v)
				}
				s.Tags = tags
			}
		}
	}
	return c
}

// ReadJSON reads a run and checks its schema.
func ReadJSON(rd io.Reader) (*Run, error) {
	var r Run
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("not a Benchtop run: %w", err)
	}
	if r.Schema != Schema {
		if r.Schema == "" {
			return nil, fmt.Errorf("not a Benchtop run: no \"schema\" field (want %q)", Schema)
		}
		return nil, fmt.Errorf("unsupported run schema %q (this Benchtop reads %q)", r.Schema, Schema)
	}
	if len(r.Groups) > MaxGroups {
		// every group is a table row, a chart series, a legend entry
		return nil, fmt.Errorf("a run holds at most %d groups (modes or architectures × levels), this one %d", MaxGroups, len(r.Groups))
	}
	return &r, nil
}

// MaxGroups bounds the groups of a run read from a file: Benchtop makes at
// most 4 architectures × 32 concurrency levels, or 6 modes × 3 SDKs.
const MaxGroups = 1000

// LatenciesUS returns a group's successful latencies, for charts.
func (g *Group) LatenciesUS() []float64 {
	out := make([]float64, 0, len(g.Samples))
	for _, s := range g.Samples {
		if s.Err == "" {
			out = append(out, s.LatencyUS)
		}
	}
	return out
}
