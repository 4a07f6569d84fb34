package results

import (
	"bytes"
	"math"
	"slices"
	"testing"
)

func testColumns() Columns {
	return Columns{Group: "mode", List: []Column{
		Calls("calls"),
		P50.In(Millis),
		P99.In(Micros),
		CounterColumn("new conns", CounterNewConnections),
	}}
}

func testRun() *Run {
	a := Group{Name: "reuse", Counters: Counters{CounterNewConnections: 1, CounterReused: 11, CounterRetries: 2}}
	a.Summary.Count, a.Summary.Errors, a.Summary.P50US, a.Summary.P99US = 11, 1, 12345.6, 61234.49
	b := Group{Name: "noreuse", Counters: Counters{CounterDials: 12}}
	b.Summary.Count, b.Summary.P50US, b.Summary.P99US = 12, 48000.5, 345.7
	return &Run{Groups: []Group{a, b}}
}

// A column's value is a number in its unit (for sorting and charts); its
// cell is that number at the unit's resolution.
func TestColumnValuesAndCells(t *testing.T) {
	cols, run := testColumns(), testRun()
	g := &run.Groups[0]
	if v := cols.List[1].Value(g); math.Abs(v-12.3456) > 1e-9 {
		t.Errorf("p50 in ms = %v, want 12.3456", v)
	}
	want := [][]string{
		{"mode", "calls", "p50 ms", "p99 µs", "new conns"},
		{"reuse", "12", "12.346", "61234", "1"},
		{"noreuse", "12", "48.001", "346", "0"}, // an absent counter is 0
	}
	if got := cols.Rows(run); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("rows\n%q\nwant\n%q", got, want)
	}
	if got := (Column{Unit: PerSecond}).Format(1234.567); got != "1234.57" {
		t.Errorf("req/s %q", got)
	}
}

// The CLI's table: right-aligned, two spaces before each cell.
func TestColumnsWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := testColumns().WriteText(&b, testRun()); err != nil {
		t.Fatal(err)
	}
	want := "     mode  calls  p50 ms  p99 µs  new conns\n" +
		"    reuse     12  12.346   61234          1\n" +
		"  noreuse     12  48.001     346          0\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

// The counters no column shows, each once, sorted.
func TestOtherCounters(t *testing.T) {
	if got := testColumns().OtherCounters(testRun()); !slices.Equal(got, []string{CounterDials, CounterRetries, CounterReused}) {
		t.Errorf("other counters %q", got)
	}
}
