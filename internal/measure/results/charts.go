package results

import "benchtop/internal/measure/chart"

// The standard charts of any run; with two runs, series are prefixed with
// each run's label so a baseline and a candidate overlay.

// Labeled pairs a run with the label its series carry in an overlay.
type Labeled struct {
	Label string // "" for a single run
	Run   *Run
}

func seriesName(l Labeled, group string) string {
	if l.Label == "" {
		return group
	}
	return l.Label + ": " + group
}

// TimelineChart plots every sample's latency against its start time, one
// series per group (and run).
func TimelineChart(title string, runs ...Labeled) chart.Timeline {
	t := chart.Timeline{Title: title}
	for _, l := range runs {
		for _, g := range l.Run.Groups {
			p := chart.Points{Name: seriesName(l, g.Name)}
			for _, s := range g.Samples {
				if s.Err == "" {
					p.X = append(p.X, s.AtS)
					p.YUS = append(p.YUS, s.LatencyUS)
				}
			}
			t.Series = append(t.Series, p)
		}
	}
	return t
}

func values(runs []Labeled) []chart.Values {
	var vs []chart.Values
	for _, l := range runs {
		for i := range l.Run.Groups {
			g := &l.Run.Groups[i]
			vs = append(vs, chart.Values{Name: seriesName(l, g.Name), US: g.LatenciesUS()})
		}
	}
	return vs
}

// PercentileChart overlays the groups' percentile curves.
func PercentileChart(title string, runs ...Labeled) chart.Percentiles {
	return chart.Percentiles{Title: title, Series: values(runs)}
}

// HistogramChart overlays the groups' latency distributions.
func HistogramChart(title string, runs ...Labeled) chart.Histogram {
	return chart.Histogram{Title: title, Series: values(runs)}
}

// CDFChart overlays the groups' cumulative distributions.
func CDFChart(title string, runs ...Labeled) chart.CDF {
	return chart.CDF{Title: title, Series: values(runs)}
}
