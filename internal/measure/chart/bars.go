package chart

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Bars is a grouped bar chart: one group of bars per category (e.g. an
// architecture), one bar per series (e.g. "your run", "published, local").
type Bars struct {
	Title      string
	YLabel     string
	Categories []string
	Series     []BarSeries
	// ValueFormat prints the number on top of each bar; default: whole
	// numbers from 100 up, 3 significant digits below.
	ValueFormat string
}

// BarSeries has one value per category; NaN leaves a gap.
type BarSeries struct {
	Name   string
	Values []float64
}

func (b Bars) plot(th Theme, w, _ int) (*plot.Plot, error) {
	p, grid := newPlotGrid(th, b.Title, "", b.YLabel)
	grid.Vertical.Color = nil // no lines between nominal categories
	if len(b.Categories) == 0 || len(b.Series) == 0 {
		noData(p)
		p.Y.Min, p.Y.Max = 0, 1
		p.X.Tick.Marker = plot.ConstantTicks(nil)
		return p, nil
	}
	p.NominalX(b.Categories...)
	p.X.Min, p.X.Max = -0.5, float64(len(b.Categories))-0.5
	// Bars share 70% of a category's width, at most 90 px each.
	catPx := float64(w) * 0.85 / float64(len(b.Categories))
	barW := vg.Length(min(catPx*0.7/float64(len(b.Series)), 90)) * 72 / 96
	format := func(v float64) string {
		if b.ValueFormat != "" {
			return fmt.Sprintf(b.ValueFormat, v)
		}
		return trimFloat(v)
	}
	top := 0.0
	for i, s := range b.Series {
		vals := make(plotter.Values, len(b.Categories))
		missing := make([]bool, len(vals))
		for j := range vals {
			if j < len(s.Values) && drawable(s.Values[j]) {
				vals[j] = s.Values[j]
				top = max(top, s.Values[j])
			} else {
				missing[j] = true // a gap: no bar, no label
			}
		}
		bc, err := plotter.NewBarChart(vals, barW)
		if err != nil {
			return nil, fmt.Errorf("bars %q: %w", s.Name, err)
		}
		bc.Color = th.color(i)
		bc.LineStyle.Width = 0
		bc.Offset = barW * (vg.Length(i) - vg.Length(len(b.Series)-1)/2)
		p.Add(bc)
		p.Legend.Add(s.Name, bc)
		// value labels above each bar
		var xys plotter.XYs
		var texts []string
		for j, v := range vals {
			if missing[j] {
				continue
			}
			xys = append(xys, plotter.XY{X: float64(j), Y: v})
			texts = append(texts, format(v))
		}
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
		if err != nil {
			return nil, err
		}
		for k := range lb.TextStyle {
			lb.TextStyle[k].Color = th.Foreground
			lb.TextStyle[k].Font = plot.DefaultFont
			lb.TextStyle[k].Font.Size = vg.Points(8)
			lb.TextStyle[k].XAlign = -0.5
		}
		lb.Offset = vg.Point{X: bc.Offset, Y: vg.Points(2)}
		p.Add(lb)
	}
	p.Y.Min = 0
	// room for the value labels and, top right, one legend line per series
	p.Y.Max = top * (1.08 + 0.07*float64(len(b.Series)))
	if top == 0 {
		p.Y.Max = 1
	}
	return p, nil
}

// Lines is an x–y line chart, such as throughput against concurrency in a
// sweep. LogX suits doubling sweeps (1, 2, 4, … 64).
type Lines struct {
	Title          string
	XLabel, YLabel string
	LogX           bool
	Series         []XY
}

// XY is one line; xs sorted ascending.
type XY struct {
	Name string
	X, Y []float64
}

func (l Lines) plot(th Theme, w, _ int) (*plot.Plot, error) {
	p := newPlot(th, l.Title, l.XLabel, l.YLabel)
	xs, ys := newSpan(), newSpan()
	for _, s := range l.Series {
		for i := range s.X {
			xs.add(s.X[i])
			ys.add(s.Y[i])
		}
	}
	if xs.empty() {
		noData(p)
		return p, nil
	}
	if l.LogX && xs.min > 0 {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
		if xv := distinctX(l.Series); len(xv) <= 12 {
			p.X.Tick.Marker = valueTicks(xv) // label the sweep's own steps
		}
		p.X.Min, p.X.Max = xs.min/1.15, xs.max*1.15
	} else {
		p.X.Min, p.X.Max = xs.padded(false)
	}
	p.Y.Min, p.Y.Max = ys.padded(true)
	for i, s := range l.Series {
		x, y := drawablePairs(s.X, s.Y)
		x, y = LTTB(x, y, 2*w)
		xy := make(plotter.XYs, len(x))
		for j := range x {
			xy[j] = plotter.XY{X: x[j], Y: y[j]}
		}
		ln, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		ln.LineStyle = lineStyle(th, i)
		ln.LineStyle.Dashes = dashes(i)
		pts.GlyphStyle = glyphStyle(th, i, vg.Points(2.5))
		p.Add(ln, pts)
		p.Legend.Add(s.Name, ln, pts)
	}
	p.Legend.Left = true // sweeps rise to the right
	return p, nil
}

func distinctX(series []XY) []float64 {
	seen := map[float64]bool{}
	var out []float64
	for _, s := range series {
		for _, x := range s.X {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	return out
}
