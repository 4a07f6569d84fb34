package chart

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Timeline is latency over time: one scatter series per category (for
// example "new connection" and "reused"), the spiky-vs-smooth picture.
type Timeline struct {
	Title  string
	XLabel string // default "time since start (s)"
	Series []Points
}

// Points is one category of a timeline. X is usually seconds since the run
// started; YUS the latency in µs. Emphasize draws bigger marks (e.g. the
// calls that paid for a new connection).
type Points struct {
	Name      string
	X, YUS    []float64
	Emphasize bool
	// Color, when not 0, picks palette colour Color-1, so that related
	// series (one mode's reused and new-connection calls) share a colour
	// and differ by mark.
	Color int
}

func (t Timeline) plot(th Theme, w, h int) (*plot.Plot, error) {
	xl := t.XLabel
	if xl == "" {
		xl = "time since start (s)"
	}
	xs, ys := newSpan(), newSpan()
	for _, s := range t.Series {
		for i := range s.X {
			xs.add(s.X[i])
			ys.add(s.YUS[i])
		}
	}
	u := pickUnit(ys.max)
	p := newPlot(th, t.Title, xl, "latency ("+u.name+")")
	if xs.empty() {
		noData(p)
	}
	x0, x1 := xs.padded(false)
	y0, y1 := ys.padded(true)
	p.X.Min, p.X.Max = x0, x1
	p.Y.Min, p.Y.Max = y0/u.us, y1/u.us
	for i, s := range t.Series {
		r := vg.Points(1.8)
		if s.Emphasize {
			r = vg.Points(3)
		}
		// Cells of about one marker: the thinned chart looks the same.
		cell := float64(r) * 96 / 72 * 1.2
		sx, sy := drawablePairs(s.X, s.YUS)
		tx, ty := thinScatter(sx, sy, x0, x1, y0, y1, max(1, int(float64(w)/cell)), max(1, int(float64(h)/cell)))
		xy := make(plotter.XYs, len(tx))
		for j := range tx {
			xy[j].X, xy[j].Y = tx[j], ty[j]/u.us
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, err
		}
		ci := i
		if s.Color > 0 {
			ci = s.Color - 1
		}
		sc.GlyphStyle = glyphStyle(th, ci, r)
		if s.Emphasize {
			sc.GlyphStyle.Shape = draw.RingGlyph{} // same colour, open ring: a new connection
		} else if s.Color > 0 {
			sc.GlyphStyle.Shape = draw.CircleGlyph{}
		}
		p.Add(sc)
		p.Legend.Add(s.Name, sc)
	}
	return p, nil
}
