package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/probes/keepalive"
	"benchtop/probes/sockets"
)

// Options choose what a report shows.
type Options struct {
	// Mask hides the hostname, account IDs and account-specific names
	// (tables, functions, profiles).
	Mask bool
	// Charts lists the chart kinds; nil for every kind of the runs' kind.
	Charts []string
	// Width and Height of each chart in pixels (default 1000×480).
	Width, Height int
}

// doc is a report before it is written as HTML or Markdown.
type doc struct {
	Title    string
	Runs     []*results.Run // the first is the baseline of a comparison
	Labels   []string       // "baseline", "candidate 1", … ("" with one run)
	Settings [][]string     // key, value per run (header row first)
	Machine  [][]string
	Results  []table // one per run
	Compare  []table // one per candidate, against the first run
	Charts   []chartDoc
	Notes    []string
	Version  string
}

type table struct {
	Caption string
	Rows    [][]string // header first
	Notes   []string
}

type chartDoc struct {
	Kind  string
	Chart chart.Chart
}

// build assembles the report of runs, which must be of one kind.
func build(runs []*results.Run, opt Options) (*doc, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("no run to report")
	}
	for _, r := range runs[1:] {
		if r.Kind != runs[0].Kind {
			return nil, fmt.Errorf("%s is a %s run and %s a %s run: a report compares runs of one kind", runs[0].ID, runs[0].Kind, r.ID, r.Kind)
		}
	}
	shown := make([]*results.Run, len(runs))
	for i, r := range runs {
		shown[i] = r.Redacted()
		if opt.Mask {
			shown[i] = mask(shown[i])
		}
	}
	d := &doc{Title: shown[0].Title, Runs: shown, Version: shown[0].Benchtop}
	labeled := make([]results.Labeled, len(shown))
	for i, r := range shown {
		label := ""
		if len(shown) > 1 {
			label = "baseline"
			if i > 0 {
				label = fmt.Sprintf("run %d", i+1)
			}
		}
		d.Labels = append(d.Labels, label)
		labeled[i] = results.Labeled{Label: label, Run: r}
		d.Results = append(d.Results, resultsTable(r, label))
	}
	d.Settings = sideBySide(shown, d.Labels, func(r *results.Run) map[string]string { return r.Config })
	d.Machine = sideBySide(shown, d.Labels, machineFacts)
	for i := 1; i < len(shown); i++ {
		diffs, onlyB, onlyC := results.Compare(shown[0], shown[i])
		t := table{Caption: fmt.Sprintf("%s against the baseline", d.Labels[i]), Rows: results.DiffRows(diffs)}
		t.Rows[0][3] = d.Labels[i]
		if len(onlyB) > 0 {
			t.Notes = append(t.Notes, "only in the baseline: "+strings.Join(onlyB, ", "))
		}
		if len(onlyC) > 0 {
			t.Notes = append(t.Notes, "only in "+d.Labels[i]+": "+strings.Join(onlyC, ", "))
		}
		d.Compare = append(d.Compare, t)
	}
	kinds := opt.Charts
	if kinds == nil {
		kinds = chartKinds(shown[0])
	}
	for _, k := range kinds {
		c, err := Chart(labeled, k)
		if err != nil {
			return nil, err
		}
		d.Charts = append(d.Charts, chartDoc{Kind: k, Chart: c})
	}
	for i, r := range shown {
		for _, n := range r.Notes {
			if d.Labels[i] != "" {
				n = d.Labels[i] + ": " + n
			}
			d.Notes = append(d.Notes, n)
		}
	}
	return d, nil
}

// chartKinds are the charts that say something about this run.
func chartKinds(r *results.Run) []string {
	switch r.Kind {
	case keepalive.Kind:
		return keepalive.ChartKinds
	case sockets.Kind:
		var out []string
		for _, k := range sockets.ChartKinds {
			if strings.HasPrefix(k, "sweep") && r.Config["sweep"] == "" {
				continue // a sweep chart of one concurrency is one dot
			}
			out = append(out, k)
		}
		return out
	}
	return nil
}

// DefaultChartKind is the chart a run of this kind is shown by first:
// the spiky-vs-smooth timeline, requests per second per architecture.
func DefaultChartKind(kind string) string {
	if kind == sockets.Kind {
		return "rps"
	}
	return "timeline"
}

// ChartKinds are the chart kinds of runs of this kind.
func ChartKinds(kind string) []string {
	switch kind {
	case keepalive.Kind:
		return keepalive.ChartKinds
	case sockets.Kind:
		return sockets.ChartKinds
	}
	return nil
}

// Chart draws one chart of saved runs of one kind (several: overlaid, by
// label), as the tabs and the experiment commands draw it.
func Chart(runs []results.Labeled, kind string) (chart.Chart, error) {
	known := ChartKinds(runs[0].Run.Kind)
	ok := false
	for _, k := range known {
		ok = ok || k == kind
	}
	if !ok {
		return nil, fmt.Errorf("no %q chart for %s runs (want %s)", kind, runs[0].Run.Kind, strings.Join(known, ", "))
	}
	if runs[0].Run.Kind == keepalive.Kind {
		return keepalive.Chart(runs, kind), nil
	}
	return sockets.CompareChart(runs, kind, false), nil
}

// Columns is the results table of runs of this kind: the probe's own,
// as the window and the CLI show it, or the summary's for another kind.
func Columns(kind string) results.Columns {
	switch kind {
	case keepalive.Kind:
		return keepalive.Columns()
	case sockets.Kind:
		return sockets.Columns()
	}
	return results.SummaryColumns()
}

// resultsTable is the run's results, one row per group: its kind's
// columns, then the counters they do not show (a Lambda run's cold
// starts, say), so the report hides none of the run's numbers.
func resultsTable(r *results.Run, label string) table {
	cols := Columns(r.Kind)
	for _, c := range cols.OtherCounters(r) {
		cols.List = append(cols.List, results.CounterColumn(strings.ReplaceAll(c, "_", " "), c))
	}
	caption := label // one run: the section's heading says it all
	if r.Stopped {
		caption = strings.TrimSpace(caption + " stopped early: partial results")
	}
	return table{Caption: caption, Rows: cols.Rows(r)}
}

func machineFacts(r *results.Run) map[string]string {
	m := r.Machine
	out := map[string]string{"os": m.OS + "/" + m.Arch, "cpus": fmt.Sprint(m.CPUs), "cpu model": m.CPUModel,
		"kernel": m.Kernel, "hostname": m.Hostname, "go": m.Go, "benchtop": r.Benchtop,
		"started": r.Started.Format("2006-01-02 15:04:05 MST"), "took": r.Finished.Sub(r.Started).Round(time.Millisecond).String()}
	for k, v := range m.Extra {
		out[k] = v
	}
	return out
}

// sideBySide makes a key/value table with one value column per run.
func sideBySide(runs []*results.Run, labels []string, kv func(*results.Run) map[string]string) [][]string {
	keys := map[string]bool{}
	maps := make([]map[string]string, len(runs))
	for i, r := range runs {
		maps[i] = kv(r)
		for k, v := range maps[i] {
			if v != "" {
				keys[k] = true
			}
		}
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	head := []string{"", "value"}
	if len(runs) > 1 {
		head = append([]string{""}, labels...)
	}
	rows := [][]string{head}
	for _, k := range sorted {
		row := []string{k}
		for _, m := range maps {
			row = append(row, m[k])
		}
		rows = append(rows, row)
	}
	return rows
}
