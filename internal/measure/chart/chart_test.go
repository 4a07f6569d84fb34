package chart

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// latencies makes a realistic keep-alive run: a narrow band around base µs
// with every k-th call paying for a new connection (spike µs).
func latencies(n int, base, spike float64, k int, seed uint64) (x, y []float64) {
	r := rand.New(rand.NewPCG(seed, 1))
	for i := 0; i < n; i++ {
		v := base * math.Exp(r.NormFloat64()*0.15)
		if k > 0 && i%k == 0 {
			v = spike * (1 + r.Float64())
		}
		x = append(x, float64(i)*0.001)
		y = append(y, v)
	}
	return x, y
}

// every chart kind, with two named series each
func allKinds() map[string]Chart {
	x1, y1 := latencies(500, 2500, 15000, 50, 1)
	x2, y2 := latencies(500, 1800, 0, 0, 2)
	return map[string]Chart{
		"timeline": Timeline{Title: "PutItem latency", Series: []Points{
			{Name: "reused-conn", X: x1, YUS: y1}, {Name: "new-conn", X: x2, YUS: y2, Emphasize: true}}},
		"histogram":   Histogram{Title: "Distribution", Series: []Values{{"series-reuse", y1}, {"series-noreuse", y2}}},
		"percentiles": Percentiles{Title: "Percentiles", Series: []Values{{"series-reuse", y1}, {"series-noreuse", y2}}},
		"cdf":         CDF{Title: "CDF", Series: []Values{{"series-reuse", y1}, {"series-noreuse", y2}}},
		"bars": Bars{Title: "req/s", YLabel: "requests per second", Categories: []string{"tcp", "unix"},
			Series: []BarSeries{{"series-yours", []float64{680, 715}}, {"series-published", []float64{679.77, 715.62}}}},
		"lines": Lines{Title: "Sweep", XLabel: "concurrency", YLabel: "req/s", LogX: true,
			Series: []XY{{"series-tcp", []float64{1, 2, 4, 8}, []float64{700, 1300, 2100, 2500}}, {"series-unix", []float64{1, 2, 4, 8}, []float64{760, 1400, 2300, 2700}}}},
	}
}

func seriesNames(c Chart) []string {
	switch v := c.(type) {
	case Timeline:
		var n []string
		for _, s := range v.Series {
			n = append(n, s.Name)
		}
		return n
	case Histogram:
		return valueNames(v.Series)
	case Percentiles:
		return valueNames(v.Series)
	case CDF:
		return valueNames(v.Series)
	case Bars:
		return []string{v.Series[0].Name, v.Series[1].Name}
	case Lines:
		return []string{v.Series[0].Name, v.Series[1].Name}
	}
	return nil
}

func valueNames(vs []Values) (n []string) {
	for _, v := range vs {
		n = append(n, v.Name)
	}
	return n
}

func TestEveryKindRendersToEveryFormat(t *testing.T) {
	for name, c := range allKinds() {
		for _, th := range []Theme{Light, Dark} {
			t.Run(name+"/"+th.Name, func(t *testing.T) {
				var b bytes.Buffer
				if err := Write(&b, "png", c, Options{Width: 640, Height: 360, Theme: th}); err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(&b)
				if err != nil {
					t.Fatal(err)
				}
				if s := img.Bounds().Size(); s.X != 640 || s.Y != 360 {
					t.Fatalf("PNG is %v, want 640x360", s)
				}
				// the background is the theme's
				r, g, bl, _ := img.At(2, 2).RGBA()
				wr, wg, wb, _ := th.Background.RGBA()
				if r>>8 != wr>>8 || g>>8 != wg>>8 || bl>>8 != wb>>8 {
					t.Fatalf("corner pixel %v,%v,%v is not the %s background", r>>8, g>>8, bl>>8, th.Name)
				}

				b.Reset()
				if err := Write(&b, "svg", c, Options{Width: 640, Height: 360, Theme: th}); err != nil {
					t.Fatal(err)
				}
				svg := b.String()
				if err := parseXML(svg); err != nil {
					t.Fatalf("SVG does not parse: %v", err)
				}
				// vgsvg writes text as glyph paths plus the string in a comment-free
				// <text>? It writes <text> elements: the names must be there.
				for _, n := range seriesNames(c) {
					if !strings.Contains(svg, n) {
						t.Errorf("SVG lacks the series name %q", n)
					}
				}

				b.Reset()
				if err := Write(&b, "pdf", c, Options{Width: 640, Height: 360, Theme: th}); err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || !bytes.Contains(b.Bytes(), []byte("%%EOF")) {
					t.Fatalf("not a complete PDF: %q...", b.Bytes()[:min(20, b.Len())])
				}
			})
		}
	}
}

func parseXML(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func TestEmptyAndSinglePointSeriesRender(t *testing.T) {
	cases := map[string]Chart{
		"timeline-empty":    Timeline{Title: "t"},
		"timeline-one":      Timeline{Title: "t", Series: []Points{{Name: "a", X: []float64{1}, YUS: []float64{500}}}},
		"timeline-nil":      Timeline{Title: "t", Series: []Points{{Name: "a"}}},
		"hist-empty":        Histogram{Title: "h"},
		"hist-one":          Histogram{Title: "h", Series: []Values{{"a", []float64{42}}}},
		"hist-nan":          Histogram{Title: "h", Series: []Values{{"a", []float64{math.NaN()}}}},
		"percentiles-empty": Percentiles{Title: "p"},
		"percentiles-one":   Percentiles{Title: "p", Series: []Values{{"a", []float64{7}}}},
		"cdf-empty":         CDF{Title: "c"},
		"cdf-one":           CDF{Title: "c", Series: []Values{{"a", []float64{7}}}},
		"bars-empty":        Bars{Title: "b"},
		"bars-zero":         Bars{Title: "b", Categories: []string{"x"}, Series: []BarSeries{{"a", []float64{0}}}},
		"lines-empty":       Lines{Title: "l"},
		"lines-one":         Lines{Title: "l", LogX: true, Series: []XY{{"a", []float64{4}, []float64{9}}}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			for _, f := range Formats {
				var b bytes.Buffer
				if err := Write(&b, f, c, Options{Width: 300, Height: 200}); err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				if b.Len() < 100 {
					t.Fatalf("%s: only %d bytes", f, b.Len())
				}
			}
		})
	}
}

func TestThinningKeepsOutliersAndShrinksDenseSeries(t *testing.T) {
	x, y := latencies(100_000, 2000, 0, 0, 3)
	// three outliers the chart exists to show
	y[100], y[50_000], y[99_999] = 40_000, 55_000, 38_000
	tx, ty := thinScatter(x, y, 0, 100, 0, 60_000, 600, 300)
	if len(tx) > 20_000 {
		t.Fatalf("thinned to %d points; want far fewer than 100,000", len(tx))
	}
	for _, want := range []float64{40_000, 55_000, 38_000} {
		found := false
		for i := range ty {
			if ty[i] == want {
				found = true
			}
		}
		if !found {
			t.Errorf("outlier %v µs was dropped", want)
		}
	}
	// every occupied cell is still occupied
	cell := func(x, y float64) int { return int(y/200)*600 + int(x/(100.0/600)) }
	kept := map[int]bool{}
	for i := range tx {
		kept[cell(tx[i], ty[i])] = true
	}
	for i := range x {
		if !kept[cell(x[i], y[i])] {
			t.Fatalf("point %d (%v, %v) lost its cell", i, x[i], y[i])
		}
	}
}

func TestLTTBKeepsEndsAndPeaks(t *testing.T) {
	var xs, ys []float64
	for i := 0; i < 10_000; i++ {
		xs = append(xs, float64(i))
		ys = append(ys, math.Sin(float64(i)/300))
	}
	ys[5000] = 50 // a peak
	ys[7000] = -40
	ox, oy := LTTB(xs, ys, 200)
	if len(ox) != 200 || ox[0] != 0 || ox[199] != 9999 {
		t.Fatalf("len %d, ends %v %v", len(ox), ox[0], ox[len(ox)-1])
	}
	var hasPeak, hasDip bool
	for i := range oy {
		hasPeak = hasPeak || oy[i] == 50
		hasDip = hasDip || oy[i] == -40
	}
	if !hasPeak || !hasDip {
		t.Fatalf("LTTB lost the peak (%v) or the dip (%v)", hasPeak, hasDip)
	}
	if ox2, _ := LTTB(xs[:10], ys[:10], 200); len(ox2) != 10 {
		t.Fatal("short series must pass through unchanged")
	}
}

func TestUnitsFollowTheRange(t *testing.T) {
	cases := map[float64]string{0: "µs", 812: "µs", 1999: "µs", 2000: "ms", 1_470: "µs", 150_000: "ms", 2_500_000: "s"}
	for us, want := range cases {
		if got := pickUnit(us).name; got != want {
			t.Errorf("pickUnit(%v) = %s, want %s", us, got, want)
		}
	}
	if got := FormatUS(1471); got != "1471 µs" {
		t.Errorf("FormatUS(1471) = %q", got)
	}
	if got := FormatUS(14710); got != "14.7 ms" {
		t.Errorf("FormatUS(14710) = %q", got)
	}
	if got := FormatUS(2105); got != "2.10 ms" {
		t.Errorf("FormatUS(2105) = %q", got)
	}
}

func TestAxisLabelCarriesUnit(t *testing.T) {
	p, err := Timeline{Series: []Points{{Name: "a", X: []float64{0, 1}, YUS: []float64{1500, 15000}}}}.plot(Light, 600, 300)
	if err != nil {
		t.Fatal(err)
	}
	if p.Y.Label.Text != "latency (ms)" || p.Y.Max < 15 || p.Y.Max > 16 {
		t.Fatalf("y label %q max %v: want ms and about 15", p.Y.Label.Text, p.Y.Max)
	}
}

func TestSaveByExtension(t *testing.T) {
	dir := t.TempDir()
	c := allKinds()["bars"]
	for _, name := range []string{"a.png", "b.SVG", "c.pdf"} {
		p := filepath.Join(dir, name)
		if err := Save(p, c, Options{Width: 400, Height: 300}); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(p)
		head := map[string]string{".png": "\x89PNG", ".svg": "<?xml", ".pdf": "%PDF"}[strings.ToLower(filepath.Ext(name))]
		if !strings.HasPrefix(string(b), head) {
			t.Errorf("%s starts with %q", name, b[:min(8, len(b))])
		}
	}
	err := Save(filepath.Join(dir, "d.jpg"), c, Options{})
	if err == nil || !strings.Contains(err.Error(), ".png, .svg or .pdf") {
		t.Fatalf("want an error listing the formats, got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "d.jpg")); !os.IsNotExist(err) {
		t.Fatal("a failed save left a file")
	}
}

func TestImageHonoursScale(t *testing.T) {
	img, err := Image(allKinds()["cdf"], Options{Width: 300, Height: 200, Scale: 2})
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X != 600 || s.Y != 400 {
		t.Fatalf("scale 2 image is %v, want 600x400", s)
	}
}
