package results

import "math"

// Diff is one metric of one group in two runs.
type Diff struct {
	Group     string  `json:"group"`
	Metric    string  `json:"metric"`
	Baseline  float64 `json:"baseline"`
	Candidate float64 `json:"candidate"`
	Delta     float64 `json:"delta"`
	// DeltaPct is the change relative to the baseline; NaN when the
	// baseline is zero.
	DeltaPct float64 `json:"delta_pct"`
	// Better says whether the change is an improvement (lower latency,
	// more requests per second); false when equal.
	Better bool `json:"better"`
}

// Compare lines up the groups that both runs have and diffs their summary
// metrics. Groups present in only one run are listed in onlyBase/onlyCand.
func Compare(base, cand *Run) (diffs []Diff, onlyBase, onlyCand []string) {
	for _, bg := range base.Groups {
		cg := cand.Group(bg.Name)
		if cg == nil {
			onlyBase = append(onlyBase, bg.Name)
			continue
		}
		b, c := bg.Summary, cg.Summary
		add := func(metric string, bv, cv float64, higherIsBetter bool) {
			d := Diff{Group: bg.Name, Metric: metric, Baseline: bv, Candidate: cv, Delta: cv - bv, DeltaPct: math.NaN()}
			if bv != 0 {
				d.DeltaPct = 100 * (cv - bv) / bv
			}
			d.Better = (higherIsBetter && cv > bv) || (!higherIsBetter && cv < bv)
			diffs = append(diffs, d)
		}
		if bg.ReqPerSec != 0 || cg.ReqPerSec != 0 {
			add("req/s", bg.ReqPerSec, cg.ReqPerSec, true)
		}
		add("mean µs", b.MeanUS, c.MeanUS, false)
		add("p50 µs", b.P50US, c.P50US, false)
		add("p90 µs", b.P90US, c.P90US, false)
		add("p99 µs", b.P99US, c.P99US, false)
		add("max µs", b.MaxUS, c.MaxUS, false)
		add("errors", float64(b.Errors), float64(c.Errors), false)
	}
	for _, cg := range cand.Groups {
		if base.Group(cg.Name) == nil {
			onlyCand = append(onlyCand, cg.Name)
		}
	}
	return diffs, onlyBase, onlyCand
}
