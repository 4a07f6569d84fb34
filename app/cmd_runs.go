package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/internal/term"
	"benchtop/probes/keepalive"
	"benchtop/probes/sockets"
	"benchtop/report"
)

// `benchtop runs`: the saved runs on the command line, with the same
// numbers as the window's Compare, and a gate for CI pipelines.

func init() {
	register(command{name: "runs", summary: "saved runs: list, show, compare (--fail-if for CI), export, delete", run: runRuns})
}

const runsUsage = `Usage:
  benchtop runs list [--kind keepalive|sockets] [--json FILE|-]
  benchtop runs show RUN [--json FILE|-]
  benchtop runs compare BASELINE CANDIDATE [--fail-if 'p99>+10%,req/s<-5%'] [--json FILE|-]
  benchtop runs export RUN [--json FILE|-] [--csv FILE|-] [--chart FILE --chart-kind K]
  benchtop runs delete RUN [RUN...]

RUN is a saved run's ID, a unique beginning of one, "latest" (the newest
saved run; "latest~1" the one before), or the path of a run's .json file.
Saved runs live in $BENCHTOP_RUNS or <config dir>/benchtop/runs.`

func runRuns(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(env.Stderr, runsUsage)
		if len(args) == 0 {
			return usagef("runs: which? list, show, compare, export or delete")
		}
		return errHelpShown
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "list":
		return runsList(env, rest)
	case "show":
		return runsShow(env, rest)
	case "compare":
		return runsCompare(env, rest)
	case "export":
		return runsExport(env, rest)
	case "delete":
		return runsDelete(env, rest)
	}
	return usagef("runs: unknown subcommand %q (want list, show, compare, export or delete)", sub)
}

// findRun resolves a RUN argument (see runsUsage).
func findRun(st *results.Store, ref string) (*results.Run, error) {
	if strings.HasSuffix(strings.ToLower(ref), ".json") || strings.ContainsRune(ref, os.PathSeparator) {
		return results.LoadFile(ref)
	}
	metas, err := st.List("")
	if err != nil {
		return nil, fmt.Errorf("reading saved runs in %s: %w", st.Dir, err)
	}
	if n, ok := latestIndex(ref); ok {
		if n >= len(metas) {
			return nil, fmt.Errorf("%s: there are %d saved runs in %s", ref, len(metas), st.Dir)
		}
		return results.LoadFile(metas[n].Path)
	}
	var found []results.Meta
	for _, m := range metas {
		if m.ID == ref {
			return results.LoadFile(m.Path)
		}
		if strings.HasPrefix(m.ID, ref) && !slices.ContainsFunc(found, func(f results.Meta) bool { return f.ID == m.ID }) {
			found = append(found, m) // two files of one ID are one run
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no saved run %q in %s (benchtop runs list shows them)", ref, st.Dir)
	case 1:
		return results.LoadFile(found[0].Path)
	}
	return nil, fmt.Errorf("%q names %d saved runs (%s, …): give more of the ID", ref, len(found), term.Line(found[0].ID))
}

// latestIndex reads "latest" (0) and "latest~N" (N).
func latestIndex(ref string) (int, bool) {
	if ref == "latest" {
		return 0, true
	}
	rest, ok := strings.CutPrefix(ref, "latest~")
	n, err := strconv.Atoi(rest)
	return n, ok && err == nil && n >= 0
}

func runsList(env Env, args []string) error {
	fs := newFlags(env, "runs list", "[--kind KIND] [--json FILE|-]")
	kind := fs.String("kind", "", "only runs of this kind: keepalive or sockets")
	jsonPath := fs.String("json", "", "write the list as JSON to `FILE` (- for stdout)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	st, err := runStore(env)
	if err != nil {
		return err
	}
	metas, err := st.List(*kind)
	if err != nil {
		return fmt.Errorf("reading saved runs in %s: %w", st.Dir, err)
	}
	if *jsonPath != "" {
		type item struct {
			ID      string   `json:"id"`
			Kind    string   `json:"kind"`
			Title   string   `json:"title"`
			Started string   `json:"started"`
			Groups  []string `json:"groups"`
			Path    string   `json:"path"`
		}
		items := make([]item, 0, len(metas))
		for _, m := range metas {
			items = append(items, item{m.ID, m.Kind, m.Title, m.Started, m.Groups, m.Path})
		}
		return writeOutput(env, *jsonPath, func(w io.Writer) error { return encodeJSON(w, items) })
	}
	if len(metas) == 0 {
		fmt.Fprintf(env.Stderr, "no saved runs in %s\n", st.Dir)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTARTED\tTITLE\tGROUPS")
	for _, m := range metas {
		// a shared run file's text is not ours: one line, no escape sequences
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", term.Line(m.ID), term.Line(m.Kind), m.Started, term.Line(m.Title), term.Line(strings.Join(m.Groups, ", ")))
	}
	return tw.Flush()
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runsShow(env Env, args []string) error {
	fs := newFlags(env, "runs show", "RUN [--json FILE|-]")
	jsonPath := fs.String("json", "", "write the run as JSON to `FILE` (- for stdout)")
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("runs show: which run? (benchtop runs list shows them)")
	}
	run, err := storeRun(env, fs.Arg(0))
	if err != nil {
		return err
	}
	if *jsonPath != "" {
		return writeOutput(env, *jsonPath, run.WriteJSON)
	}
	run = run.MapText(term.Line) // a shared run's text is not ours
	printRunHeader(env.Stdout, run)
	printRunTable(env.Stdout, run)
	return nil
}

func storeRun(env Env, ref string) (*results.Run, error) {
	st, err := runStore(env)
	if err != nil {
		return nil, err
	}
	return findRun(st, ref)
}

// printRunHeader says what the run was, when, where and with what (its
// text cleaned by the caller: run.MapText(term.Line)).
func printRunHeader(w io.Writer, run *results.Run) {
	fmt.Fprintf(w, "%s  %s (%s)\n", run.ID, run.Title, run.Kind)
	fmt.Fprintf(w, "started %s, took %s", run.Started.Format("2006-01-02 15:04:05 MST"), run.Finished.Sub(run.Started).Round(time.Millisecond))
	if run.Stopped {
		fmt.Fprint(w, ", STOPPED early (partial)")
	}
	fmt.Fprintln(w)
	if run.Benchtop != "" {
		fmt.Fprintf(w, "made by Benchtop %s\n", run.Benchtop)
	}
	fmt.Fprintln(w)
}

// printRunTable prints the results table of the run's kind.
func printRunTable(w io.Writer, run *results.Run) {
	switch run.Kind {
	case keepalive.Kind:
		printKeepAliveTable(w, run)
	case sockets.Kind:
		printSocketsTable(w, run)
	default: // a kind without a table of its own: the report's
		report.Columns(run.Kind).WriteText(w, run.MapText(term.Line))
	}
}

// gateError is a crossed --fail-if threshold: exit 1, said plainly.
type gateError struct{ n int }

func (e gateError) Error() string {
	return fmt.Sprintf("runs compare: %d threshold(s) crossed", e.n)
}

func runsCompare(env Env, args []string) error {
	fs := newFlags(env, "runs compare", "BASELINE CANDIDATE [--fail-if SPEC] [--json FILE|-]")
	failIf := fs.String("fail-if", "", "exit 1 when a change crosses a threshold: comma-separated METRIC>CHANGE or METRIC<CHANGE, CHANGE in % of the baseline or absolute (µs, req/s); metrics: "+results.GateMetricNames)
	jsonPath := fs.String("json", "", "write the comparison as JSON to `FILE` (- for stdout; the table then goes to stderr)")
	if err := parseFlags(fs, args, 2); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("runs compare: want BASELINE and CANDIDATE (benchtop runs list shows them)")
	}
	var thresholds []results.Threshold
	if *failIf != "" {
		var err error
		if thresholds, err = results.ParseThresholds(*failIf); err != nil {
			return usagef("--fail-if: %v", err)
		}
	}
	base, err := storeRun(env, fs.Arg(0))
	if err != nil {
		return err
	}
	cand, err := storeRun(env, fs.Arg(1))
	if err != nil {
		return err
	}
	if base.Kind != cand.Kind {
		return fmt.Errorf("runs compare: %s is a %s run and %s a %s run: nothing to line up", term.Line(base.ID), term.Line(base.Kind), term.Line(cand.ID), term.Line(cand.Kind))
	}
	diffs, onlyB, onlyC := results.Compare(base, cand)
	violations := results.Gate(diffs, thresholds)
	table := env.Stdout
	if *jsonPath == "-" {
		table = env.Stderr
	}
	fmt.Fprintf(table, "baseline  %s  %s\ncandidate %s  %s\n\n", term.Line(base.ID), base.Started.Format("2006-01-02 15:04:05"), term.Line(cand.ID), cand.Started.Format("2006-01-02 15:04:05"))
	tw := tabwriter.NewWriter(table, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range results.DiffRows(diffs) {
		row[0] = term.Line(row[0])
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
	if len(onlyB) > 0 {
		fmt.Fprintf(table, "only in the baseline: %s\n", term.Line(strings.Join(onlyB, ", ")))
	}
	if len(onlyC) > 0 {
		fmt.Fprintf(table, "only in the candidate: %s\n", term.Line(strings.Join(onlyC, ", ")))
	}
	for _, v := range violations {
		fmt.Fprintf(env.Stderr, "FAIL %s\n", term.Line(v.String()))
	}
	if len(thresholds) > 0 && len(violations) == 0 {
		fmt.Fprintf(env.Stderr, "ok: no threshold of %q crossed\n", *failIf)
	}
	if *jsonPath != "" {
		if err := writeOutput(env, *jsonPath, func(w io.Writer) error {
			return encodeJSON(w, comparisonJSON(base, cand, diffs, onlyB, onlyC, violations))
		}); err != nil {
			return err
		}
	}
	if len(violations) > 0 {
		return gateError{len(violations)}
	}
	return nil
}

// comparisonJSON is the comparison as written by --json; a number that is
// not finite (a percentage against a zero baseline, a difference of two
// huge values from a hand-made run file) is null: JSON has no NaN or Inf.
func comparisonJSON(base, cand *results.Run, diffs []results.Diff, onlyB, onlyC []string, vs []results.Violation) any {
	type diff struct {
		Group     string   `json:"group"`
		Metric    string   `json:"metric"`
		Baseline  *float64 `json:"baseline"`
		Candidate *float64 `json:"candidate"`
		Delta     *float64 `json:"delta"`
		DeltaPct  *float64 `json:"delta_pct"`
		Better    bool     `json:"better"`
	}
	finite := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	conv := func(d results.Diff) diff {
		return diff{Group: d.Group, Metric: d.Metric, Baseline: finite(d.Baseline), Candidate: finite(d.Candidate), Delta: finite(d.Delta),
			DeltaPct: finite(d.DeltaPct), Better: d.Better}
	}
	type violation struct {
		Threshold string `json:"threshold"`
		Diff      diff   `json:"diff"`
	}
	out := struct {
		Baseline   string      `json:"baseline"`
		Candidate  string      `json:"candidate"`
		Diffs      []diff      `json:"diffs"`
		OnlyBase   []string    `json:"only_baseline,omitempty"`
		OnlyCand   []string    `json:"only_candidate,omitempty"`
		Violations []violation `json:"violations"`
	}{Baseline: base.ID, Candidate: cand.ID, OnlyBase: onlyB, OnlyCand: onlyC, Diffs: []diff{}, Violations: []violation{}}
	for _, d := range diffs {
		out.Diffs = append(out.Diffs, conv(d))
	}
	for _, v := range vs {
		out.Violations = append(out.Violations, violation{v.Threshold.Text, conv(v.Diff)})
	}
	return out
}

func runsExport(env Env, args []string) error {
	fs := newFlags(env, "runs export", "RUN [--json FILE|-] [--csv FILE|-] [--chart FILE --chart-kind K]")
	var out outputFlags
	allKinds := slices.Concat(report.ChartKinds(keepalive.Kind), report.ChartKinds(sockets.Kind))
	slices.Sort(allKinds)
	out.register(fs, slices.Compact(allKinds), "")
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	out.save = false // it is saved already (or was a file)
	if fs.NArg() != 1 {
		return usagef("runs export: which run? (benchtop runs list shows them)")
	}
	if out.json == "" && out.csv == "" && out.chart == "" {
		return usagef("runs export: nothing to write: give --json, --csv or --chart")
	}
	run, err := storeRun(env, fs.Arg(0))
	if err != nil {
		return err
	}
	kinds := []string{""} // no chart: any kind goes
	if out.chart != "" {
		kinds = report.ChartKinds(run.Kind)
		if out.chartKind == "" {
			out.chartKind = report.DefaultChartKind(run.Kind)
		}
	}
	opt, err := out.validate(kinds)
	if err != nil {
		return err
	}
	var c chart.Chart
	if out.chart != "" {
		if c, err = report.Chart([]results.Labeled{{Run: run}}, out.chartKind); err != nil {
			return err
		}
	}
	return out.write(env, run, c, opt)
}

func runsDelete(env Env, args []string) error {
	fs := newFlags(env, "runs delete", "RUN [RUN...]")
	if err := parseFlags(fs, args, 1<<20); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("runs delete: which run? (benchtop runs list shows them)")
	}
	st, err := runStore(env)
	if err != nil {
		return err
	}
	var errs []error
	for _, ref := range fs.Args() {
		if strings.HasSuffix(strings.ToLower(ref), ".json") || strings.ContainsRune(ref, os.PathSeparator) {
			errs = append(errs, fmt.Errorf("%s: runs delete removes saved runs by ID, not files", ref))
			continue
		}
		// by the ID inside the file: the store removes every file of its
		// folder that holds it, and nothing outside, whatever the ID says
		run, err := findRun(st, ref)
		if err == nil {
			err = st.Delete(run.ID)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(env.Stderr, "deleted %s\n", term.Line(run.ID))
	}
	return errors.Join(errs...)
}
