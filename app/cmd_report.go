package app

import (
	"context"
	"fmt"

	"benchtop/internal/measure/results"
	"benchtop/report"
)

func init() {
	register(command{name: "report", summary: "one shareable file of saved runs: self-contained HTML or Markdown", run: runReport})
}

func runReport(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "report", "RUN [RUN...] -o FILE.html|FILE.md [--mask] [--charts K,K] [--chart-size WxH]")
	out := fs.String("o", "", "write the report to `FILE` (.html, or .md with the charts as FILE-<kind>.svg beside it)")
	format := fs.String("format", "", "html or md (default: from -o's extension)")
	maskFlag := fs.Bool("mask", false, "hide the hostname, AWS account IDs and the names of tables, functions and profiles")
	charts := fs.String("charts", "", "only these chart kinds, comma-separated (default: every chart of the runs' kind)")
	size := fs.String("chart-size", "1000x480", "chart size in pixels, `WxH`")
	if err := parseFlags(fs, args, 1<<10); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("report: which runs? (a saved run's ID, latest, or a .json file; the first is the baseline)")
	}
	if *out == "" {
		return usagef("report: -o FILE.html or -o FILE.md is required")
	}
	f := *format
	if f == "" {
		var err error
		if f, err = report.FormatOf(*out); err != nil {
			return usagef("report: %v, or give --format", err)
		}
	}
	if f != "html" && f != "md" {
		return usagef("--format: want html or md, got %q", f)
	}
	w, h, err := parseChartSize(*size)
	if err != nil {
		return err
	}
	opt := report.Options{Mask: *maskFlag, Width: w, Height: h}
	if *charts != "" {
		opt.Charts = splitList(*charts)
	}
	st, err := runStore(env)
	if err != nil {
		return err
	}
	var runs []*results.Run
	for _, ref := range fs.Args() {
		r, err := findRun(st, ref)
		if err != nil {
			return err
		}
		runs = append(runs, r)
	}
	written, err := report.WriteFile(*out, f, runs, opt)
	for _, p := range written {
		fmt.Fprintf(env.Stderr, "wrote %s\n", p)
	}
	return err
}
