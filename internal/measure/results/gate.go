package results

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A Threshold is one condition of a comparison gate, as written on the
// command line: "p99>+10%" fails when a group's p99 grew by more than 10 %,
// "req/s<-5%" when its throughput fell by more than 5 %, "errors>0" when
// the candidate has more errors than the baseline. A value without % is an
// absolute change in the metric's unit (µs, req/s, errors).
type Threshold struct {
	Metric   string // a Diff.Metric ("p99 µs", "req/s", …)
	Above    bool   // fail when the change is above Limit (else below)
	Limit    float64
	Relative bool // Limit is a percentage of the baseline
	Text     string
}

// gateMetrics are the names a threshold may use, with the Diff metric each means.
var gateMetrics = map[string]string{
	"req/s": "req/s", "rps": "req/s",
	"mean": "mean µs", "p50": "p50 µs", "p90": "p90 µs", "p99": "p99 µs", "max": "max µs",
	"errors": "errors",
}

// GateMetricNames lists the metric names ParseThresholds accepts.
const GateMetricNames = "req/s (or rps), mean, p50, p90, p99, max, errors"

// ParseThresholds reads a comma-separated list of thresholds.
func ParseThresholds(spec string) ([]Threshold, error) {
	var out []Threshold
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		i := strings.IndexAny(part, "<>")
		if i <= 0 {
			return nil, fmt.Errorf("threshold %q: want METRIC>CHANGE or METRIC<CHANGE, e.g. p99>+10%% or req/s<-5%%", part)
		}
		name := strings.ToLower(strings.TrimSpace(part[:i]))
		name = strings.TrimSuffix(strings.TrimSuffix(name, " µs"), "us")
		metric, ok := gateMetrics[name]
		if !ok {
			return nil, fmt.Errorf("threshold %q: unknown metric %q (want %s)", part, part[:i], GateMetricNames)
		}
		t := Threshold{Metric: metric, Above: part[i] == '>', Text: part}
		v := strings.TrimSpace(part[i+1:])
		if strings.HasSuffix(v, "%") {
			t.Relative = true
			v = strings.TrimSuffix(v, "%")
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("threshold %q: %q is not a number", part, part[i+1:])
		}
		t.Limit = f
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no threshold in %q", spec)
	}
	return out, nil
}

// Violation is a threshold a group crossed.
type Violation struct {
	Threshold Threshold
	Diff      Diff
}

func (v Violation) String() string {
	change := fmt.Sprintf("%+.1f", v.Diff.Delta)
	if v.Threshold.Relative {
		change = fmt.Sprintf("%+.1f%%", v.Diff.DeltaPct)
	}
	return fmt.Sprintf("%s: %s went from %.1f to %.1f (%s), crossing %s", v.Diff.Group, v.Diff.Metric, v.Diff.Baseline, v.Diff.Candidate, change, v.Threshold.Text)
}

// Gate returns the thresholds the diffs cross. A relative threshold on a
// metric whose baseline is zero compares nothing (no percentage exists)
// unless the candidate is non-zero in the failing direction.
func Gate(diffs []Diff, ts []Threshold) []Violation {
	var out []Violation
	for _, t := range ts {
		for _, d := range diffs {
			if d.Metric != t.Metric {
				continue
			}
			change := d.Delta
			if t.Relative {
				change = d.DeltaPct
				if math.IsNaN(change) { // zero baseline: any change is infinite
					change = math.Copysign(math.Inf(1), d.Delta)
					if d.Delta == 0 {
						change = 0
					}
				}
			}
			if (t.Above && change > t.Limit) || (!t.Above && change < t.Limit) {
				out = append(out, Violation{Threshold: t, Diff: d})
			}
		}
	}
	return out
}

// DiffRows formats diffs as a table with a header row, as the window and
// the CLI show them.
func DiffRows(diffs []Diff) [][]string {
	rows := [][]string{{"group", "metric", "baseline", "candidate", "change", ""}}
	for _, d := range diffs {
		pct := "–"
		if !math.IsNaN(d.DeltaPct) {
			pct = fmt.Sprintf("%+.1f%%", d.DeltaPct)
		}
		verdict := ""
		if d.Better {
			verdict = "better"
		} else if d.Delta != 0 {
			verdict = "worse"
		}
		rows = append(rows, []string{d.Group, d.Metric, diffValue(d.Baseline), diffValue(d.Candidate), pct, verdict})
	}
	return rows
}

// diffValue writes a metric with one decimal; one beyond any measurement
// (from a hand-made run file: 1e308) in exponent form, not 300 digits.
func diffValue(v float64) string {
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	return fmt.Sprintf("%.1f", v)
}
