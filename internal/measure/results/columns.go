package results

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"benchtop/internal/measure/stats"
)

// Unit is how a column's numbers are written: the same resolution in the
// window, the CLI and the report.
type Unit struct {
	Symbol   string // "ms", "µs", "%", "req/s"; "" for a count
	Decimals int
}

// The units of the results tables.
var (
	Millis    = Unit{"ms", 3} // µs resolution
	Micros    = Unit{"µs", 0}
	Count     = Unit{"", 0}
	Percent   = Unit{"%", 0}
	PerSecond = Unit{"req/s", 2}
)

// Column is one column of a probe's results table, one value per group.
type Column struct {
	Header string
	Unit   Unit
	// Value is the group's number in Unit (a latency column converts the
	// summary's µs): what sorting and charting use.
	Value func(g *Group) float64
	// Counter names the counter the column shows, "" for other columns.
	Counter string
}

// Format writes v at the unit's resolution.
func (c Column) Format(v float64) string { return strconv.FormatFloat(v, 'f', c.Unit.Decimals, 64) }

// Cell is the group's value as shown.
func (c Column) Cell(g *Group) string { return c.Format(c.Value(g)) }

// Latency is one latency of a group's summary.
type Latency struct {
	Name string                        // "p50", as headers say it
	US   func(s stats.Summary) float64 // where the summary keeps it, in µs
}

// The summary's latencies.
var (
	P50   = Latency{"p50", func(s stats.Summary) float64 { return s.P50US }}
	P90   = Latency{"p90", func(s stats.Summary) float64 { return s.P90US }}
	P99   = Latency{"p99", func(s stats.Summary) float64 { return s.P99US }}
	P999  = Latency{"p99.9", func(s stats.Summary) float64 { return s.P999US }}
	Max   = Latency{"max", func(s stats.Summary) float64 { return s.MaxUS }}
	Mean  = Latency{"mean", func(s stats.Summary) float64 { return s.MeanUS }}
	Stdev = Latency{"stdev", func(s stats.Summary) float64 { return s.StdUS }}
)

// In is the latency's column in unit, Millis or Micros: "p50 ms".
func (l Latency) In(unit Unit) Column {
	scale := 1.0 // Micros: the summary's own
	if unit == Millis {
		scale = 1000
	}
	return Column{Header: l.Name + " " + unit.Symbol, Unit: unit, Value: func(g *Group) float64 { return l.US(g.Summary) / scale }}
}

// CounterColumn shows the counter name (a Counter* constant).
func CounterColumn(header, name string) Column {
	return Column{Header: header, Unit: Count, Counter: name, Value: func(g *Group) float64 { return float64(g.Counters.Get(name)) }}
}

// Calls is a column of the requests made, answered or not.
func Calls(header string) Column {
	return Column{Header: header, Unit: Count, Value: func(g *Group) float64 { return float64(g.Summary.Count + g.Summary.Errors) }}
}

// Errors is the column of failed requests.
var Errors = Column{Header: "errors", Unit: Count, Value: func(g *Group) float64 { return float64(g.Summary.Errors) }}

// Columns is a probe's results table: the group's name, then the columns.
// The window, the CLI and the report all show it.
type Columns struct {
	Group string // the heading of the groups' names: "mode", "arch"
	List  []Column
}

// Len is the number of columns, the groups' names included.
func (t Columns) Len() int { return 1 + len(t.List) }

// Heading is column i's header; column 0 holds the groups' names.
func (t Columns) Heading(i int) string {
	if i == 0 {
		return t.Group
	}
	return t.List[i-1].Header
}

// Cell is column i of group g as shown; column 0 is its name.
func (t Columns) Cell(g *Group, i int) string {
	if i == 0 {
		return g.Name
	}
	return t.List[i-1].Cell(g)
}

// Header is the header row.
func (t Columns) Header() []string {
	row := make([]string, t.Len())
	for i := range row {
		row[i] = t.Heading(i)
	}
	return row
}

// Row is one group's row.
func (t Columns) Row(g *Group) []string {
	row := make([]string, t.Len())
	for i := range row {
		row[i] = t.Cell(g, i)
	}
	return row
}

// Rows is the run's table, the header first.
func (t Columns) Rows(r *Run) [][]string {
	rows := [][]string{t.Header()}
	for i := range r.Groups {
		rows = append(rows, t.Row(&r.Groups[i]))
	}
	return rows
}

// WriteText writes the run's table for a terminal: cells aligned right,
// two spaces before each. Its text is written as it is: a caller that prints
// a shared run cleans it first (run.MapText(term.Line)).
func (t Columns) WriteText(w io.Writer, r *Run) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range t.Rows(r) {
		if _, err := fmt.Fprintln(tw, strings.Join(row, "\t")+"\t"); err != nil {
			return err
		}
	}
	return tw.Flush()
}

// OtherCounters are the counters of the run's groups that no column
// shows (a Lambda run's cold starts, say), sorted.
func (t Columns) OtherCounters(r *Run) []string {
	shown := map[string]bool{}
	for _, c := range t.List {
		if c.Counter != "" {
			shown[c.Counter] = true
		}
	}
	var out []string
	for _, g := range r.Groups {
		for k := range g.Counters {
			if !shown[k] {
				shown[k] = true
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// SummaryColumns is the table of a run of a kind without its own: the
// summary's numbers, in µs.
func SummaryColumns() Columns {
	return Columns{Group: "group", List: []Column{
		Calls("requests"), Errors, Mean.In(Millis),
		P50.In(Micros), P90.In(Micros), P99.In(Micros), P999.In(Micros), Max.In(Micros),
	}}
}
