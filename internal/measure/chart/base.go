package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// newPlot makes an empty plot in the theme's colours with a grid.
func newPlot(th Theme, title, xlabel, ylabel string) *plot.Plot {
	p, _ := newPlotGrid(th, title, xlabel, ylabel)
	return p
}

// newPlotGrid is newPlot that also returns the grid, for charts that hide
// some of its lines.
func newPlotGrid(th Theme, title, xlabel, ylabel string) (*plot.Plot, *plotter.Grid) {
	p := plot.New()
	p.BackgroundColor = th.Background
	p.Title.Text = title
	p.Title.TextStyle.Color = th.Foreground
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Color = th.Foreground
		ax.Label.TextStyle.Color = th.Foreground
		ax.Tick.Label.Color = th.Foreground
		ax.Tick.Color = th.Foreground
		ax.LineStyle.Color = th.Foreground
		ax.Tick.LineStyle.Color = th.Foreground
		ax.Label.TextStyle.Font.Size = vg.Points(10.5)
		ax.Tick.Label.Font.Size = vg.Points(9.5)
	}
	p.X.Tick.Marker = niceTicks{}
	p.Y.Tick.Marker = niceTicks{}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.TextStyle.Color = th.Foreground
	p.Legend.TextStyle.Font.Size = vg.Points(9.5)
	p.Legend.Top = true
	p.Legend.XOffs = -vg.Points(6)
	g := plotter.NewGrid()
	g.Vertical.Color = th.Grid
	g.Horizontal.Color = th.Grid
	g.Vertical.Width = vg.Points(0.5)
	g.Horizontal.Width = vg.Points(0.5)
	p.Add(g)
	return p, g
}

// glyphs differ by series so that charts read without colour too.
var glyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{}, draw.CrossGlyph{},
}

func glyphStyle(th Theme, i int, radius vg.Length) draw.GlyphStyle {
	return draw.GlyphStyle{Color: th.color(i), Radius: radius, Shape: glyphs[i%len(glyphs)]}
}

func lineStyle(th Theme, i int) draw.LineStyle {
	return draw.LineStyle{Color: th.color(i), Width: vg.Points(1.6)}
}

// withAlpha returns c at alpha a (0–1), for overlaid fills.
func withAlpha(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a * 255)}
}

// maxDrawable bounds what a chart draws. A value beyond ±1e15 (in µs, 31
// years; in requests a second, absurd) or not a number comes from a
// hand-made run file, not from a measurement; drawn, it overflowed the
// rasteriser's fixed-point coordinates (a chart that never finished). It
// is left out, like NaN.
const maxDrawable = 1e15

func drawable(v float64) bool { return math.Abs(v) <= maxDrawable } // false for NaN and ±Inf too

// drawablePairs drops the points whose x or y is not drawable; xs and ys
// themselves when all are.
func drawablePairs(xs, ys []float64) ([]float64, []float64) {
	n := min(len(xs), len(ys))
	for i := 0; i < n; i++ {
		if drawable(xs[i]) && drawable(ys[i]) {
			continue
		}
		fx, fy := append([]float64(nil), xs[:i]...), append([]float64(nil), ys[:i]...)
		for j := i + 1; j < n; j++ {
			if drawable(xs[j]) && drawable(ys[j]) {
				fx, fy = append(fx, xs[j]), append(fy, ys[j])
			}
		}
		return fx, fy
	}
	return xs[:n], ys[:n]
}

// span is a data range that grows as values are seen.
type span struct{ min, max float64 }

func newSpan() span { return span{math.Inf(1), math.Inf(-1)} }

func (s *span) add(v float64) {
	if !drawable(v) {
		return
	}
	s.min = math.Min(s.min, v)
	s.max = math.Max(s.max, v)
}

func (s span) empty() bool { return s.min > s.max }

// padded returns a range that is never empty or zero-width, so that an
// empty or single-point series still draws sensible axes.
func (s span) padded(fromZero bool) (lo, hi float64) {
	if s.empty() {
		return 0, 1
	}
	lo, hi = s.min, s.max
	if fromZero && lo > 0 {
		lo = 0
	}
	if hi == lo {
		d := math.Abs(hi) * 0.1
		if d == 0 {
			d = 1
		}
		return lo - d, hi + d
	}
	pad := (hi - lo) * 0.04
	if fromZero && lo == 0 {
		return 0, hi + pad
	}
	return lo - pad, hi + pad
}

// noData labels an empty chart so it does not look broken.
func noData(p *plot.Plot) {
	p.Title.Text += " (no data yet)"
}
