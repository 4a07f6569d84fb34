package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"benchtop/internal/files"
	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
)

// outputFlags are the export flags every experiment command shares.
type outputFlags struct {
	json, csv, chart, chartKind, chartTheme, chartSize string
	save                                               bool
}

func (o *outputFlags) register(fs *flag.FlagSet, kinds []string, defaultKind string) {
	fs.StringVar(&o.json, "json", "", "write the run as JSON (schema "+results.Schema+") to `FILE` (- for stdout; the table then goes to stderr)")
	fs.StringVar(&o.csv, "csv", "", "write one CSV row per request to `FILE` (- for stdout)")
	fs.StringVar(&o.chart, "chart", "", "write a chart to `FILE` (.png, .svg or .pdf)")
	fs.StringVar(&o.chartKind, "chart-kind", defaultKind, "which chart --chart writes: "+strings.Join(kinds, ", "))
	fs.StringVar(&o.chartTheme, "chart-theme", "light", "chart colours: light or dark")
	fs.StringVar(&o.chartSize, "chart-size", "1200x600", "chart size in pixels, `WxH`")
	fs.BoolVar(&o.save, "save", true, "keep the run in Benchtop's saved runs (the window lists them)")
}

// validate checks the flags before a run starts, so a typo costs nothing.
func (o *outputFlags) validate(kinds []string) (chart.Options, error) {
	opt := chart.Options{Theme: chart.ThemeByName(o.chartTheme)}
	if o.chartTheme != "light" && o.chartTheme != "dark" {
		return opt, usagef("--chart-theme: want light or dark, got %q", o.chartTheme)
	}
	var err error
	if opt.Width, opt.Height, err = parseChartSize(o.chartSize); err != nil {
		return opt, err
	}
	if o.chart != "" {
		if _, err := chart.FormatOf(o.chart); err != nil {
			return opt, usageError{err.Error()}
		}
	}
	valid := false
	for _, k := range kinds {
		valid = valid || k == o.chartKind
	}
	if !valid {
		return opt, usagef("--chart-kind: unknown %q (want %s)", o.chartKind, strings.Join(kinds, ", "))
	}
	if o.json == "-" && o.csv == "-" {
		return opt, usagef("--json - and --csv - both want stdout: send one of them to a file")
	}
	for _, p := range []struct{ flag, path, ext string }{{"--json", o.json, ".json"}, {"--csv", o.csv, ".csv"}} {
		if p.path != "" && p.path != "-" && !strings.HasSuffix(strings.ToLower(p.path), p.ext) {
			return opt, usagef("%s %q: name the file %s", p.flag, p.path, p.ext)
		}
	}
	return opt, nil
}

// write exports the run as the flags ask and saves it to the run store.
// Every file is attempted; the errors are joined.
func (o *outputFlags) write(env Env, run *results.Run, c chart.Chart, opt chart.Options) error {
	var errs []string
	for _, f := range []struct {
		path  string
		write func(io.Writer) error
	}{{o.json, run.WriteJSON}, {o.csv, run.WriteCSV}} {
		if f.path != "" {
			if err := writeOutput(env, f.path, f.write); err != nil {
				errs = append(errs, err.Error())
			}
		}
	}
	if o.chart != "" {
		if err := chart.Save(o.chart, c, opt); err != nil {
			errs = append(errs, err.Error())
		} else {
			fmt.Fprintf(env.Stderr, "wrote %s\n", o.chart)
		}
	}
	if o.save {
		if st, err := runStore(env); err != nil {
			errs = append(errs, err.Error())
		} else if err := st.Save(run); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

// finish writes a finished (or stopped) run as the flags ask and returns
// the command's error: the run's own, a write's, or that every request
// of a group failed.
func (o *outputFlags) finish(env Env, run *results.Run, runErr error, c chart.Chart, opt chart.Options) error {
	if werr := o.write(env, run, c, opt); werr != nil {
		return errors.Join(runErr, werr)
	}
	if runErr == nil {
		runErr = allFailed(run)
	}
	return runErr
}

// parseChartSize reads --chart-size's WxH (pixels, 100–10000 each).
func parseChartSize(s string) (w, h int, err error) {
	ws, hs, ok := strings.Cut(s, "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w < 100 || h < 100 || w > 10000 || h > 10000 {
		return 0, 0, usagef("--chart-size: want WIDTHxHEIGHT in pixels (100–10000), got %q", s)
	}
	return w, h, nil
}

// tableWriter is where a command prints its results table: stdout, unless
// stdout carries the run itself (--json - or --csv -).
func (o *outputFlags) tableWriter(env Env) io.Writer {
	if o.json == "-" || o.csv == "-" {
		return env.Stderr
	}
	return env.Stdout
}

// writeOutput writes a file atomically and says so on stderr, or writes to
// stdout when path is "-".
func writeOutput(env Env, path string, write func(io.Writer) error) error {
	if path == "-" {
		return write(env.Stdout)
	}
	if err := files.WriteAtomic(path, write); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "wrote %s\n", path)
	return nil
}

// runStore is where saved runs live: $BENCHTOP_RUNS or the user config dir.
func runStore(env Env) (*results.Store, error) {
	if d := env.Getenv("BENCHTOP_RUNS"); d != "" {
		return &results.Store{Dir: d}, nil
	}
	return results.DefaultStore()
}

// isTerminal reports whether w is a character device (a terminal), where
// progress lines that redraw themselves make sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressLine writes a probe's progress to a terminal's stderr (one line,
// rewritten in place; nothing when stderr is a file or a pipe).
func progressLine(env Env) func(results.Progress) {
	if !isTerminal(env.Stderr) {
		return nil
	}
	return func(p results.Progress) {
		fmt.Fprintf(env.Stderr, "\r%-24s %5.1f%%", p.Phase, 100*p.Done)
		if p.Done >= 1 {
			fmt.Fprintln(env.Stderr)
		}
	}
}
