package sockets

import (
	"math"
	"sort"
	"strings"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
)

// Chart kinds of a socket run, for --chart-kind and the tab.
var ChartKinds = []string{"rps", "p99", "percentiles", "sweep", "sweep-p99", "timeline", "histogram", "cdf"}

// Chart builds one chart of a run. withPublished adds the published tables
// as extra bar series (labelled as published) on the rps and p99 charts.
func Chart(run *results.Run, kind string, withPublished bool) chart.Chart {
	return CompareChart([]results.Labeled{{Run: run}}, kind, withPublished)
}

// CompareChart is Chart for several labelled runs overlaid (baseline and
// candidate); bars get one series per run.
func CompareChart(runs []results.Labeled, kind string, withPublished bool) chart.Chart {
	run := runs[0].Run
	t := func(title string) string { return title + stackOf(run) }
	switch kind {
	case "p99":
		return barsOf(runs, t("p99 latency per architecture (lower is better)"), "p99 (ms)", withPublished,
			func(g *results.Group) float64 { return g.Summary.P99US / 1000 },
			func(r PublishedRow) float64 { return r.P99MS })
	case "percentiles":
		return results.PercentileChart(t("Latency by percentile"), runs...)
	case "sweep":
		return sweep(run, t("Throughput against concurrency"), "requests per second", func(g *results.Group) float64 { return g.ReqPerSec })
	case "sweep-p99":
		return sweep(run, t("p99 latency against concurrency"), "p99 (ms)", func(g *results.Group) float64 { return g.Summary.P99US / 1000 })
	case "timeline":
		return results.TimelineChart(t("Latency of every request"), runs...)
	case "histogram":
		return results.HistogramChart(t("Latency distribution"), runs...)
	case "cdf":
		return results.CDFChart(t("Cumulative latency"), runs...)
	}
	return barsOf(runs, t("Requests per second per architecture (higher is better)"), "requests per second", withPublished,
		func(g *results.Group) float64 { return g.ReqPerSec },
		func(r PublishedRow) float64 { return r.ReqPerSec })
}

// stackOf says which app and network a run measured, for chart titles.
func stackOf(run *results.Run) string {
	app, network := run.Config["app"], run.Config["network"]
	if app == "" || run.Config["target"] != "" {
		return ""
	}
	name := map[string]string{AppGo: "Go app", AppStarlette: "Starlette app"}[app]
	if network == NetworkBridge {
		return " · " + name + ", bridge network"
	}
	return " · " + name + ", host loopback"
}

func barsOf(runs []results.Labeled, title, ylabel string, withPublished bool, mine func(*results.Group) float64, pub func(PublishedRow) float64) chart.Bars {
	b := chart.Bars{Title: title, YLabel: ylabel}
	for _, l := range runs {
		for i := range l.Run.Groups {
			if !contains(b.Categories, l.Run.Groups[i].Name) {
				b.Categories = append(b.Categories, l.Run.Groups[i].Name)
			}
		}
	}
	for _, l := range runs {
		name := l.Label
		if name == "" {
			name = "this run"
		}
		s := chart.BarSeries{Name: name}
		for _, cat := range b.Categories {
			if g := l.Run.Group(cat); g != nil {
				s.Values = append(s.Values, mine(g))
			} else {
				s.Values = append(s.Values, math.NaN())
			}
		}
		b.Series = append(b.Series, s)
	}
	if !withPublished {
		return b
	}
	p, err := LoadPublished()
	if err != nil {
		return b
	}
	for _, env := range p.Environments {
		s := chart.BarSeries{Name: "published: " + env.Name}
		any := false
		for _, cat := range b.Categories {
			v := math.NaN()
			for _, r := range env.Rows {
				// "sharedvolume" is the published proxy-unix figure
				if PublishedArchFor[r.Arch] == cat && r.Arch != "combined" {
					v, any = pub(r), true
				}
			}
			s.Values = append(s.Values, v)
		}
		if any {
			b.Series = append(b.Series, s)
		}
	}
	return b
}

// sweep draws one line per architecture across the concurrency levels of a
// --sweep run (groups named "ARCH c=N").
func sweep(run *results.Run, title, ylabel string, y func(*results.Group) float64) chart.Lines {
	l := chart.Lines{Title: title, XLabel: "concurrency (connections)", YLabel: ylabel, LogX: true}
	byArch := map[string]*chart.XY{}
	var order []string
	for i := range run.Groups {
		g := &run.Groups[i]
		arch, _, _ := strings.Cut(g.Name, " c=")
		c := float64(g.Counters.Get(results.CounterConcurrency))
		if c == 0 {
			c = 1
		}
		s, ok := byArch[arch]
		if !ok {
			s = &chart.XY{Name: arch}
			byArch[arch] = s
			order = append(order, arch)
		}
		s.X = append(s.X, c)
		s.Y = append(s.Y, y(g))
	}
	for _, a := range order {
		s := byArch[a]
		idx := make([]int, len(s.X))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(i, j int) bool { return s.X[idx[i]] < s.X[idx[j]] })
		xs, ys := make([]float64, len(idx)), make([]float64, len(idx))
		for i, k := range idx {
			xs[i], ys[i] = s.X[k], s.Y[k]
		}
		l.Series = append(l.Series, chart.XY{Name: a, X: xs, Y: ys})
	}
	return l
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
