package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"benchtop/internal/measure/results"
)

// At the default window size, with numbers as wide as runs make them
// (seconds to the µs, thousands of requests), the results tables cut no
// cell short and show without scrolling sideways the columns that tell
// the story: a keep-alive run's through new connections (its other
// counters are a scroll away), a socket run's all.
func TestResultsTablesReadAtTheDefaultSize(t *testing.T) {
	for tab, inView := range map[TabID]string{TabKeepAlive: "new conns", TabSockets: "conns"} {
		w := build(test.NewTempApp(t), Options{StartTab: tab})
		p := w.panel(tab)
		run := &results.Run{Kind: p.kind}
		for _, name := range []string{"python/newclient", "proxy-unix c=64", "reuse"} {
			g := results.Group{Name: name, ReqPerSec: 12345.678, Counters: results.Counters{results.CounterNewConnections: 1000,
				results.CounterDials: 1000, results.CounterDNSLookups: 1000, results.CounterTLSHandshakes: 1000, results.CounterRetries: 12}}
			s := &g.Summary
			s.Count, s.Errors = 1000, 10
			s.P50US, s.P90US, s.P99US, s.P999US, s.MaxUS, s.MeanUS, s.StdUS = 123456, 234567, 345678, 456789, 1234567, 123456, 12345
			run.Groups = append(run.Groups, g)
		}
		p.show(run, "")
		pumpUI()

		n := 0
		for n < p.cols.Len() && p.cols.Heading(n) != inView {
			n++
		}
		var need float32
		for _, wd := range p.widths[:n+1] {
			need += wd + theme.Padding() // the table's gap after each column
		}
		if have := p.table.Size().Width; need > have {
			t.Errorf("%s: the columns through %q need %.0f px, the table has %.0f", tab, inView, need, have)
		}
		cells := 0
		walk(p.table, func(o fyne.CanvasObject) {
			if tx, ok := o.(*canvas.Text); ok && tx.Text != "" {
				cells++
				if strings.Contains(tx.Text, "…") {
					t.Errorf("%s: a cell is cut short: %q", tab, tx.Text)
				}
			}
		})
		if cells < (n+1)*(len(run.Groups)+1) {
			t.Errorf("%s: %d cells drawn, want at least %d", tab, cells, (n+1)*(len(run.Groups)+1))
		}
		w.Win.Close()
	}
}
