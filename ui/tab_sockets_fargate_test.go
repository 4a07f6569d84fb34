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
