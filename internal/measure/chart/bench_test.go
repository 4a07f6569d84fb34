package chart

import (
	"bytes"
	"io"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The speed goal of the chart layer (issue "Charts and export"): a
// 100,000-point latency-over-time chart at 1200×600 renders to PNG in under
// 0.25 s and to an SVG under 2 MB, where a plain gonum/plot scatter takes
// about 1.2 s and writes 12 MB. Compare the two benchmarks of one run:
//
//	go test -run '^$' -bench 'Timeline100k|PlainScatter100k' ./probes/chart
//
// The svg-bytes metric is the file size.

func bench100k() Timeline {
	x, y := latencies(100_000, 2500, 15_000, 1000, 7)
	var rx, ry, nx, ny []float64
	for i := range x {
		if i%1000 == 0 {
			nx, ny = append(nx, x[i]), append(ny, y[i])
		} else {
			rx, ry = append(rx, x[i]), append(ry, y[i])
		}
	}
	return Timeline{Title: "PutItem latency, 100,000 calls", Series: []Points{
		{Name: "reused connection", X: rx, YUS: ry},
		{Name: "new connection", X: nx, YUS: ny, Emphasize: true},
	}}
}

func BenchmarkTimeline100kPNG(b *testing.B) {
	c := bench100k()
	for b.Loop() {
		if err := Write(io.Discard, "png", c, Options{Width: 1200, Height: 600}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTimeline100kSVG(b *testing.B) {
	c := bench100k()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, "svg", c, Options{Width: 1200, Height: 600}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "svg-bytes")
}

// plainScatter is the peer: every point drawn by gonum/plot as it comes.
func plainScatter(c Timeline) *plot.Plot {
	p := plot.New()
	for _, s := range c.Series {
		xy := make(plotter.XYs, len(s.X))
		for i := range s.X {
			xy[i].X, xy[i].Y = s.X[i], s.YUS[i]/1000
		}
		sc, _ := plotter.NewScatter(xy)
		p.Add(sc)
	}
	return p
}

func BenchmarkPlainScatter100kPNG(b *testing.B) {
	c := bench100k()
	for b.Loop() {
		cv := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(900, 450), vgimg.UseDPI(96))}
		plainScatter(c).Draw(draw.New(cv))
		if _, err := cv.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlainScatter100kSVG(b *testing.B) {
	c := bench100k()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		cv := vgsvg.New(vg.Length(900), vg.Length(450))
		plainScatter(c).Draw(draw.New(cv))
		if _, err := cv.WriteTo(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "svg-bytes")
}

// The outliers the chart exists to show survive the thinning at that size.
func TestTimeline100kKeepsEveryNewConnectionPoint(t *testing.T) {
	c := bench100k()
	if _, err := c.plot(Light, 1200, 600); err != nil {
		t.Fatal(err)
	}
	nc := c.Series[1]
	tx, _ := thinScatter(nc.X, nc.YUS, 0, 100, 0, 40_000, 300, 150)
	if len(tx) != len(nc.X) {
		t.Fatalf("new-connection series: %d of %d points kept", len(tx), len(nc.X))
	}
}
