package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// OpenedTable opens the run file at path in a window, as File ▸ Open
// does, and returns the results table it shows, the header first: for
// the tests outside the package that set the window beside the CLI
// (which imports this package).
func OpenedTable(t *testing.T, path string) [][]string {
	t.Helper()
	w := build(test.NewTempApp(t), Options{})
	t.Cleanup(func() { w.stopAll(); w.Win.Close() })
	if err := w.openPath(path); err != nil {
		t.Fatal(err)
	}
	pumpUI()
	p := w.shownPanel()
	if p == nil {
		t.Fatalf("%s opened no tab with a results table", path)
	}
	rows := make([][]string, p.rows()+1)
	for r := range rows {
		for c := 0; c < p.cols.Len(); c++ {
			rows[r] = append(rows[r], p.cell(r, c))
		}
	}
	return rows
}
