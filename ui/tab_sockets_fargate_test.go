package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"benchtop/internal/measure/results"
	"benchtop/probes/sockets"
)

// "Where: AWS Fargate" shows the task's size and architecture, and its
// settings go through infargate's checks.
func TestSocketsTabWhereFargate(t *testing.T) {
	a := test.NewTempApp(t)
	w := build(a, Options{Store: &results.Store{Dir: t.TempDir()}, StartTab: TabSockets})
	defer w.Win.Close()
	tab := w.tab.sockets
	f := tab.fargate
	if f.chosen() || f.more.Visible() {
		t.Fatal("Fargate is chosen by default")
	}
	f.where.SetSelected(whereFargate)
	if !f.chosen() || !f.more.Visible() {
		t.Fatal("choosing Fargate does not show its settings")
	}
	f.cpuArch.SetSelected("x86_64")
	o, err := f.options(sockets.DefaultConfig())
	if err != nil || o.CPUArch != "x86_64" || o.Bench.Proxy != sockets.ProxyNginx {
		t.Fatalf("options %+v, %v", o, err)
	}
	f.cpu.SetText("3")
	if _, err := f.options(sockets.DefaultConfig()); err == nil || !strings.Contains(err.Error(), "vCPU") {
		t.Fatalf("3 vCPU: %v", err)
	}
}

// The Starlette app, chosen under Advanced, runs in the task too: its
// choice and workers reach infargate's options, which accept them.
func TestSocketsTabFargateStarlette(t *testing.T) {
	// as on Windows, where gunicorn cannot run here but can in the task
	defer func(was bool) { sockets.StarletteSupported = was }(sockets.StarletteSupported)
	sockets.StarletteSupported = false
	a := test.NewTempApp(t)
	w := build(a, Options{Store: &results.Store{Dir: t.TempDir()}, StartTab: TabSockets})
	defer w.Win.Close()
	tab := w.tab.sockets
	tab.fargate.where.SetSelected(whereFargate)
	tab.app.SetSelected(sockets.AppStarlette)
	tab.workers.SetText("2")
	cfg, err := tab.config()
	if err != nil {
		t.Fatal(err)
	}
	o, err := tab.fargate.options(cfg)
	if err != nil || o.Bench.App != sockets.AppStarlette || o.Bench.Workers != 2 || o.PythonImage == "" {
		t.Fatalf("options: app %q, workers %d, image %q, %v", o.Bench.App, o.Bench.Workers, o.PythonImage, err)
	}
}
