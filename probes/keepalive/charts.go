package keepalive

import (
	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
)

// ChartKinds of a keep-alive run.
var ChartKinds = []string{"timeline", "percentiles", "histogram", "cdf", "phases", "connections"}

// PhaseNames in the order a call goes through them.
var PhaseNames = []string{"dns", "connect", "tls", "first_byte"}

// Chart draws one chart of one or more labelled runs. A run made in AWS
// Lambda says so in the title.
func Chart(runs []results.Labeled, kind string) chart.Chart {
	where := ""
	if len(runs) > 0 {
		where = whereOf(runs[0].Run)
	}
	switch kind {
	case "percentiles":
		return results.PercentileChart("PutItem latency by percentile"+where, runs...)
	case "histogram":
		return results.HistogramChart("PutItem latency distribution"+where, runs...)
	case "cdf":
		return results.CDFChart("PutItem latency, cumulative"+where, runs...)
	case "phases":
		p := phases(runs)
		p.Title += where
		return p
	case "connections":
		c := connections(runs)
		c.Title += where
		return c
	}
	t := timeline(runs)
	t.Title += where
	return t
}

// whereOf is " · measured in AWS Lambda (us-east-1, arm64, 512 MB)" for a
// run made there, "" for one made on this computer.
func whereOf(run *results.Run) string {
	if run == nil || run.Config["in"] != "lambda" {
		return ""
	}
	return " · measured in AWS Lambda (" + run.Config["region"] + ", " + run.Config["lambda_arch"] + ", " + run.Config["lambda_memory_mb"] + " MB)"
}

// timeline is the spiky-vs-smooth picture: every call, with the calls that
// opened a new connection drawn larger in their own series.
func timeline(runs []results.Labeled) chart.Timeline {
	t := chart.Timeline{Title: "PutItem latency over time (rings: calls that opened a new connection)"}
	color := 0
	for _, l := range runs {
		for _, g := range l.Run.Groups {
			name := g.Name
			if l.Label != "" {
				name = l.Label + ": " + name
			}
			color++
			reused := chart.Points{Name: name + " (reused)", Color: color}
			fresh := chart.Points{Name: name + " (new connection)", Emphasize: true, Color: color}
			for _, s := range g.Samples {
				if s.Err != "" {
					continue
				}
				if s.Tags["conn"] == "new" {
					fresh.X, fresh.YUS = append(fresh.X, s.AtS), append(fresh.YUS, s.LatencyUS)
				} else {
					reused.X, reused.YUS = append(reused.X, s.AtS), append(reused.YUS, s.LatencyUS)
				}
			}
			if len(reused.X) > 0 {
				t.Series = append(t.Series, reused)
			}
			if len(fresh.X) > 0 {
				t.Series = append(t.Series, fresh)
			}
		}
	}
	return t
}

func groupsOf(runs []results.Labeled) (cats []string, groups []*results.Group) {
	for _, l := range runs {
		for i := range l.Run.Groups {
			g := &l.Run.Groups[i]
			name := g.Name
			if l.Label != "" {
				name = l.Label + ": " + name
			}
			cats = append(cats, name)
			groups = append(groups, g)
		}
	}
	return cats, groups
}

// phases shows where a call's time goes, as the mean per call (a reused
// call spends nothing on DNS, connect or TLS).
func phases(runs []results.Labeled) chart.Bars {
	cats, groups := groupsOf(runs)
	b := chart.Bars{Title: "Where the time goes: mean per call", YLabel: "ms per call", Categories: cats}
	for _, ph := range PhaseNames {
		s := chart.BarSeries{Name: ph}
		for _, g := range groups {
			sum, n := 0.0, 0
			for _, smp := range g.Samples {
				if smp.Err == "" {
					sum += smp.Phases[ph]
					n++
				}
			}
			v := 0.0
			if n > 0 {
				v = sum / float64(n) / 1000
			}
			s.Values = append(s.Values, v)
		}
		b.Series = append(b.Series, s)
	}
	return b
}

// connections counts what each mode paid for.
func connections(runs []results.Labeled) chart.Bars {
	cats, groups := groupsOf(runs)
	b := chart.Bars{Title: "New connections, DNS lookups and TLS handshakes per mode", YLabel: "count", Categories: cats}
	for _, c := range []struct{ key, name string }{{results.CounterNewConnections, "calls on a new connection"}, {results.CounterDials, "connections opened"},
		{results.CounterDNSLookups, "DNS lookups"}, {results.CounterTLSHandshakes, "TLS handshakes"}, {results.CounterReused, "reused calls"}} {
		s := chart.BarSeries{Name: c.name}
		for _, g := range groups {
			s.Values = append(s.Values, float64(g.Counters[c.key]))
		}
		b.Series = append(b.Series, s)
	}
	return b
}
