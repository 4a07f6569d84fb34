package results

import (
	"fmt"
	"math"
)

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
// A name two groups of a run share (a run file written by hand, or by a
// Benchtop that took a mode twice) pairs its first group with the other
// run's first of that name, its second ("name (2)") with the second.
func Compare(base, cand *Run) (diffs []Diff, onlyBase, onlyCand []string) {
	byName := map[string][]*Group{} // the candidate's groups: a run file may hold 100,000 (no n² lookups)
	for i := range cand.Groups {
		g := &cand.Groups[i]
		byName[g.Name] = append(byName[g.Name], g)
	}
	seen := map[string]int{}
	for _, bg := range base.Groups {
		k := seen[bg.Name]
		seen[bg.Name]++
		name := nthName(bg.Name, k)
		var cg *Group
		if k < len(byName[bg.Name]) {
			cg = byName[bg.Name][k]
		}
		if cg == nil {
			onlyBase = append(onlyBase, name)
			continue
		}
		b, c := bg.Summary, cg.Summary
		add := func(metric string, bv, cv float64, higherIsBetter bool) {
			d := Diff{Group: name, Metric: metric, Baseline: bv, Candidate: cv, Delta: cv - bv, DeltaPct: math.NaN()}
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
	seenC := map[string]int{}
	for _, cg := range cand.Groups {
		k := seenC[cg.Name]
		seenC[cg.Name]++
		if k >= seen[cg.Name] {
			onlyCand = append(onlyCand, nthName(cg.Name, k))
		}
	}
	return diffs, onlyBase, onlyCand
}

// nthName names the k-th group of a name: the name, then "name (2)", …
func nthName(name string, k int) string {
	if k == 0 {
		return name
	}
	return fmt.Sprintf("%s (%d)", name, k+1)
}
