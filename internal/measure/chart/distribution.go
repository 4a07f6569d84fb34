package chart

import (
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Values is one named set of latencies (µs), for distributions.
type Values struct {
	Name string
	US   []float64
}

// Histogram overlays the latency distributions of several series on shared
// bins, as a share of each series' samples so that runs of different sizes
// compare.
type Histogram struct {
	Title  string
	Series []Values
	Bins   int // default 60
}

func (hg Histogram) plot(th Theme, _, _ int) (*plot.Plot, error) {
	all := spanOf(hg.Series)
	u := pickUnit(all.max)
	p := newPlot(th, hg.Title, "latency ("+u.name+")", "share of calls (%)")
	if all.empty() {
		noData(p)
		return p, nil
	}
	nb := hg.Bins
	if nb <= 0 {
		nb = 60
	}
	lo, hi := all.min, all.max
	if hi == lo {
		lo, hi = lo*0.9, hi*1.1+1
	}
	// Latency spans decades when connections are not reused: a 3 ms band and
	// 30 ms spikes. Log-spaced bins keep both readable.
	logBins := lo > 0 && hi/lo > 8
	edge := func(b int) float64 { return lo + (hi-lo)*float64(b)/float64(nb) }
	binOf := func(v float64) int { return int((v - lo) / (hi - lo) * float64(nb)) }
	if logBins {
		ll, lh := math.Log(lo), math.Log(hi)
		edge = func(b int) float64 { return math.Exp(ll + (lh-ll)*float64(b)/float64(nb)) }
		binOf = func(v float64) int { return int((math.Log(v) - ll) / (lh - ll) * float64(nb)) }
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	}
	for i, s := range hg.Series {
		counts := make([]float64, nb)
		n := 0
		for _, v := range s.US {
			if !drawable(v) {
				continue
			}
			b := min(max(binOf(v), 0), nb-1)
			counts[b]++
			n++
		}
		if n == 0 {
			continue
		}
		bins := make([]plotter.HistogramBin, nb)
		for b := range bins {
			bins[b] = plotter.HistogramBin{Min: edge(b) / u.us, Max: edge(b+1) / u.us, Weight: 100 * counts[b] / float64(n)}
		}
		h := &plotter.Histogram{Bins: bins, Width: (hi - lo) / float64(nb) / u.us, FillColor: withAlpha(th.color(i), 0.35), LineStyle: lineStyle(th, i)}
		h.LineStyle.Width /= 2
		p.Add(h)
		p.Legend.Add(s.Name, h)
	}
	p.Y.Min = 0
	p.X.Min, p.X.Max = lo/u.us, hi/u.us
	return p, nil
}

// Percentile curves use HDR's x axis: the distance to 100% on a log scale, so
// 90, 99, 99.9 and 99.99 are evenly spaced and the tail is readable.
type Percentiles struct {
	Title  string
	Series []Values
}

// nines maps a percentile to the HDR axis: -log10(1 - p/100).
func nines(p float64) float64 { return -math.Log10(1 - p/100) }

// quantileCurve samples the sorted values at evenly spaced points of the
// nines axis, up to the last sample.
func quantileCurve(sorted []float64) plotter.XYs {
	n := len(sorted)
	maxX := math.Log10(float64(n)) // beyond 1 - 1/n the data has nothing to say
	var xy plotter.XYs
	for x := 0.0; x <= maxX+1e-9; x += 0.01 {
		p := 1 - math.Pow(10, -x)
		idx := int(math.Ceil(p*float64(n))) - 1
		idx = min(max(idx, 0), n-1)
		xy = append(xy, plotter.XY{X: x, Y: sorted[idx]})
	}
	// the maximum, at the end of the measurable axis
	xy = append(xy, plotter.XY{X: maxX, Y: sorted[n-1]})
	return xy
}

func (pc Percentiles) plot(th Theme, _, _ int) (*plot.Plot, error) {
	all := spanOf(pc.Series)
	u := pickUnit(all.max)
	p := newPlot(th, pc.Title, "percentile", "latency ("+u.name+")")
	p.X.Tick.Marker = percentileTicks{}
	p.X.Min = 0
	p.X.Max = 2
	if all.empty() {
		noData(p)
		return p, nil
	}
	for i, s := range pc.Series {
		sorted := cleanSorted(s.US)
		if len(sorted) == 0 {
			continue
		}
		xy := quantileCurve(sorted)
		for j := range xy {
			xy[j].Y /= u.us
			p.X.Max = math.Max(p.X.Max, xy[j].X)
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.LineStyle = lineStyle(th, i)
		l.LineStyle.Dashes = dashes(i)
		p.Add(l)
		p.Legend.Add(s.Name, l)
	}
	p.Y.Min = 0
	return p, nil
}

// percentileTicks labels the nines axis at 0, 50, 90, 99, 99.9, ... %.
type percentileTicks struct{}

func (percentileTicks) Ticks(lo, hi float64) []plot.Tick {
	labels := []struct {
		p     float64
		label string
	}{{0, "0%"}, {50, "50%"}, {90, "90%"}, {99, "99%"}, {99.9, "99.9%"}, {99.99, "99.99%"}, {99.999, "99.999%"}, {99.9999, "99.9999%"}}
	var ts []plot.Tick
	for _, l := range labels {
		x := nines(l.p)
		if x >= lo-1e-9 && x <= hi+1e-9 {
			ts = append(ts, plot.Tick{Value: x, Label: l.label})
		}
	}
	return ts
}

// CDF is the cumulative distribution: the share of calls at or below each
// latency.
type CDF struct {
	Title  string
	Series []Values
}

func (c CDF) plot(th Theme, w, _ int) (*plot.Plot, error) {
	all := spanOf(c.Series)
	u := pickUnit(all.max)
	p := newPlot(th, c.Title, "latency ("+u.name+")", "share of calls ≤ latency (%)")
	p.Y.Min, p.Y.Max = 0, 100
	if all.empty() {
		noData(p)
		return p, nil
	}
	for i, s := range c.Series {
		sorted := cleanSorted(s.US)
		if len(sorted) == 0 {
			continue
		}
		xs := make([]float64, len(sorted))
		ys := make([]float64, len(sorted))
		for j, v := range sorted {
			xs[j] = v / u.us
			ys[j] = 100 * float64(j+1) / float64(len(sorted))
		}
		xs, ys = LTTB(xs, ys, 2*w)
		xy := make(plotter.XYs, len(xs))
		for j := range xs {
			xy[j] = plotter.XY{X: xs[j], Y: ys[j]}
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.StepStyle = plotter.PostStep
		l.LineStyle = lineStyle(th, i)
		l.LineStyle.Dashes = dashes(i)
		p.Add(l)
		p.Legend.Add(s.Name, l)
	}
	p.Legend.Top = false
	return p, nil
}

// spanOf is the range of every value of every series.
func spanOf(series []Values) span {
	all := newSpan()
	for _, s := range series {
		for _, v := range s.US {
			all.add(v)
		}
	}
	return all
}

func cleanSorted(vs []float64) []float64 {
	out := make([]float64, 0, len(vs))
	for _, v := range vs {
		if drawable(v) {
			out = append(out, v)
		}
	}
	sort.Float64s(out)
	return out
}

// dashes tells overlaid lines apart without colour.
func dashes(i int) []vg.Length {
	switch i % 4 {
	case 1:
		return []vg.Length{6, 3}
	case 2:
		return []vg.Length{2, 2}
	case 3:
		return []vg.Length{8, 3, 2, 3}
	}
	return nil
}
