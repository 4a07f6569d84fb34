package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"benchtop/internal/measure/results"
	"benchtop/probes/keepalive"
)

func TestKeepAliveTabRunsTheLab(t *testing.T) {
	a := test.NewTempApp(t)
	store := &results.Store{Dir: t.TempDir()}
	w := build(a, Options{Store: store, StartTab: TabKeepAlive})
	defer w.Win.Close()
	tab := w.tab.keepAlive
	p := w.tab.keepAlive.panel
	tab.n.SetText("6")
	tab.interval.SetText("20ms")
	tab.modes.SetSelected([]string{"reuse", "noreuse"})
	tab.labTLS.SetSelected("TLS 1.2")
	test.Tap(tab.ctl.start)
	if !eventually(t, 30*time.Second, func() bool { ms, _ := store.List("keepalive"); return len(ms) == 1 }) {
		t.Fatal("the run was not saved")
	}
	var cur *results.Run
	eventually(t, 5*time.Second, func() bool {
		cur = p.currentRun()
		return cur != nil && !cur.Finished.IsZero()
	})
	if cur == nil || cur.Group("reuse") == nil || cur.Group("noreuse").Counters[results.CounterNewConnections] != 6 || cur.Group("reuse").Counters[results.CounterNewConnections] != 1 {
		t.Fatalf("shown run: %+v", cur)
	}
	if cur.Config["lab_tls"] != "TLS 1.2" {
		t.Fatalf("the TLS picker did not reach the lab: %v", cur.Config)
	}
	if got := p.cell(2, slices.Index(keepalive.Columns().Header(), "new conns")); got != "6" { // noreuse
		t.Fatalf("table noreuse new conn = %q", got)
	}
	if !strings.Contains(p.statusText(), "target lab") {
		t.Fatalf("status %q", p.statusText())
	}
}

func TestKeepAliveTabFormErrors(t *testing.T) {
	a := test.NewTempApp(t)
	w := build(a, Options{StartTab: TabKeepAlive})
	defer w.Win.Close()
	tab := w.tab.keepAlive
	check := func(want string) {
		t.Helper()
		if _, err := tab.config(); err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(want)) {
			t.Fatalf("want an error about %q, got %v", want, err)
		}
	}
	tab.n.SetText("x")
	check("Calls per mode")
	tab.n.SetText("3")
	tab.interval.SetText("soon")
	check("Interval")
	tab.interval.SetText("1s")
	tab.modes.SetSelected(nil)
	check("Modes")
	tab.modes.SetSelected([]string{"reuse"})
	tab.target.SetSelected(targetEndpoint)
	check("Endpoint")
	tab.target.SetSelected(targetURL)
	tab.url.SetText("example.com")
	check("target")
	// the fields follow the target
	if tab.labBox.Visible() || !tab.url.Visible() {
		t.Fatal("URL target shows the lab options or hides the URL field")
	}
	tab.target.SetSelected(targetLab)
	if !tab.labBox.Visible() || tab.awsBox.Visible() {
		t.Fatal("lab target hides the lab options or shows AWS fields")
	}
}
