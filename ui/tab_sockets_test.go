package ui

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"benchtop/internal/measure/results"
)

// eventually polls cond for up to d.
func eventually(t testing.TB, d time.Duration, cond func() bool) bool {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		pumpUI()
		if cond() {
			return true
		}
		time.Sleep(20 * time.Millisecond) // a poll on a condition: the UI queue is pumped between looks
	}
	return false
}

func TestSocketsTabRunsAndSavesAndExports(t *testing.T) {
	a := test.NewTempApp(t)
	store := &results.Store{Dir: t.TempDir()}
	w := build(a, Options{Store: store, StartTab: TabSockets})
	defer w.Win.Close()
	p := w.tab.sockets.panel
	tab := w.tab.sockets
	tab.n.SetText("60")
	tab.warmup.SetText("5")
	tab.proxy.SetSelected("builtin")
	tab.archs.SetSelected([]string{"direct-tcp", "proxy-unix"})
	test.Tap(tab.ctl.start)
	if !eventually(t, 20*time.Second, func() bool {
		ms, _ := store.List("sockets")
		return len(ms) == 1
	}) {
		t.Fatal("the run was not saved within 20 s")
	}
	var cur *results.Run
	eventually(t, 5*time.Second, func() bool {
		cur = p.currentRun()
		return cur != nil && len(cur.Groups) == 2 && cur.Finished.After(cur.Started)
	})
	if cur == nil || len(cur.Groups) != 2 || cur.Groups[1].Name != "proxy-unix" || cur.Groups[1].Summary.Count != 60 {
		t.Fatalf("shown run %+v", cur)
	}
	if got := p.cell(2, 0); got != "proxy-unix" {
		t.Fatalf("table row 2 = %q", got)
	}
	if !strings.Contains(p.statusText(), "Finished") || !strings.Contains(p.statusText(), "builtin") {
		t.Fatalf("status %q", p.statusText())
	}
	if !eventually(t, 5*time.Second, func() bool { return p.views[0].renders.Load() > 0 }) {
		t.Fatal("the req/s chart never rendered")
	}
	// export what is on screen
	out := filepath.Join(t.TempDir(), "rps.svg")
	if err := exportChart(p.views[0], out, 1200, 600); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "proxy-unix") || !strings.Contains(string(b), "Requests per second") {
		t.Fatal("the exported SVG is not the chart on screen")
	}
	csvPath := filepath.Join(t.TempDir(), "run.csv")
	if err := exportRun(cur, csvPath); err != nil {
		t.Fatal(err)
	}
	if err := exportRun(cur, filepath.Join(t.TempDir(), "run.txt")); err == nil || !strings.Contains(err.Error(), ".csv or .json") {
		t.Fatalf("bad data extension: %v", err)
	}
	// the report of what is shown: HTML with the run's ID and every chart
	html := filepath.Join(t.TempDir(), "report.html")
	if err := exportReport(nil, cur, html); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(html); !strings.Contains(string(b), cur.ID) || strings.Count(string(b), "<svg") < 2 {
		t.Fatal("the exported report does not show the run")
	}
	if err := exportReport(nil, nil, html); err == nil || !strings.Contains(err.Error(), "nothing to report") {
		t.Fatalf("a report of nothing: %v", err)
	}
	png := filepath.Join(t.TempDir(), "p99.png")
	if err := exportChart(p.views[1], png, 800, 400); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(png); err != nil {
		t.Fatal(err)
	} else if cfg, err := pngDecodeConfig(f); err != nil || cfg.Width != 800 || cfg.Height != 400 {
		t.Fatalf("PNG export size %v, %v; want 800x400", cfg, err)
	}
	if err := exportChart(newChartView(a), filepath.Join(t.TempDir(), "x.png"), 1200, 600); err == nil {
		t.Fatal("exporting an empty view must say there is nothing to export")
	}
	// the saved run is listed and can be compared with
	if len(p.savedID) != 1 {
		t.Fatalf("saved list %v", p.savedID)
	}
}

func TestSocketsTabRejectsBadInput(t *testing.T) {
	a := test.NewTempApp(t)
	w := build(a, Options{StartTab: TabSockets})
	defer w.Win.Close()
	tab := w.tab.sockets
	// Each case starts from valid fields and spoils one (an ordered list:
	// a map's random order let one case's leftover spoil the next).
	reset := func() { tab.n.SetText("10"); tab.sweep.SetText(""); tab.target.SetText("") }
	for _, c := range []struct {
		field string
		set   func()
	}{
		{"Requests", func() { tab.n.SetText("ten") }},
		{"Sweep", func() { tab.sweep.SetText("1,0") }},
		{"target", func() { tab.target.SetText("ftp://x") }},
	} {
		reset()
		c.set()
		if _, err := tab.config(); err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.field)) {
			t.Errorf("%s: got %v", c.field, err)
		}
	}
}

func pngDecodeConfig(f *os.File) (image.Config, error) {
	defer f.Close()
	return png.DecodeConfig(f)
}
