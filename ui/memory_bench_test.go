package ui

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"benchtop/internal/measure/results"
)

// BenchmarkSocketsTabMemory runs the Sockets tab ten times with 100,000
// requests (direct-tcp, keep-alive), as a user would, and reports how much
// the process grew from after the first run to after the tenth: the goal
// is +50 MB at most (the window keeps what its charts need; the samples
// stay on disk in the saved runs). Run it with
//
//	go test -run '^$' -bench SocketsTabMemory -benchtime 1x ./ui
func BenchmarkSocketsTabMemory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		a := test.NewTempApp(b)
		store := &results.Store{Dir: b.TempDir()}
		w := build(a, Options{Store: store, StartTab: TabSockets})
		tab := w.tab.sockets
		tab.n.SetText("100000")
		tab.c.SetText("1")
		tab.warmup.SetText("100")
		tab.keepAlive.SetChecked(true)
		tab.proxy.SetSelected("builtin")
		tab.archs.SetSelected([]string{"direct-tcp"})
		var first, firstHeap float64
		for run := 1; run <= 10; run++ {
			test.Tap(tab.ctl.start)
			if !eventually(b, 5*time.Minute, func() bool {
				ms, _ := store.List("sockets")
				return len(ms) == run && !tab.ctl.start.Disabled()
			}) {
				b.Fatalf("run %d did not finish", run)
			}
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			rss, heap := rssMB(), float64(m.HeapInuse)/(1<<20)
			b.Logf("after run %d: RSS %.0f MB, heap in use %.0f MB", run, rss, heap)
			if run == 1 {
				first, firstHeap = rss, heap
			}
			if run == 10 {
				b.ReportMetric(rss-first, "rss-growth-MB")
				b.ReportMetric(heap-firstHeap, "heap-growth-MB")
			}
		}
		w.Win.Close()
	}
}

// rssMB is this process's resident set (Linux: /proc/self/status).
func rssMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
