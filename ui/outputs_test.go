package ui_test

import (
	"bytes"
	"context"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"benchtop/app"
	"benchtop/internal/measure/results"
	"benchtop/ui"
)

// The window, the CLI (runs show) and the report (Markdown and HTML) show
// a probe's one results table: for the same run, the same headers and the
// same values. The report adds the counters no column shows, after them.
func TestOneResultsTableInEveryOutput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		run    *results.Run
		chart  string
		want   map[[2]string]string // {group, header}: cell
		extras []string             // the report's other counters
	}{
		{keepAliveRun(), "timeline", map[[2]string]string{
			{"reuse", "calls"}: "12", {"reuse", "p50 ms"}: "12.346", {"reuse", "max ms"}: "1234.568",
			{"reuse", "reuse %"}: "92", {"noreuse", "new conns"}: "12", {"noreuse", "retries"}: "2",
		}, []string{"reused", "write errors"}},
		{socketsRun(), "rps", map[[2]string]string{
			{"proxy-unix", "req/s"}: "1234.57", {"proxy-unix", "ms/req"}: "0.812", {"proxy-unix", "p99 µs"}: "346",
			{"proxy-unix", "conns"}: "1000", {"direct-tcp", "errors"}: "3",
		}, []string{"concurrency", "threads"}},
	} {
		path := filepath.Join(dir, tc.run.Kind+".json")
		var b bytes.Buffer
		if err := tc.run.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		cli := textTable(t, benchtop(t, dir, "runs", "show", path), tc.run.Kind)
		report := func(ext string) string {
			out := filepath.Join(dir, tc.run.Kind+ext)
			benchtop(t, dir, "report", path, "-o", out, "--charts", tc.chart)
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		outputs := map[string][][]string{"window": ui.OpenedTable(t, path), "CLI": cli,
			"Markdown report": markdownTable(report(".md")), "HTML report": htmlTable(t, report(".html"))}

		for name, rows := range outputs {
			if len(rows) != len(tc.run.Groups)+1 {
				t.Fatalf("%s %s: %d rows, want a header and %d groups: %q", tc.run.Kind, name, len(rows), len(tc.run.Groups), rows)
			}
			n := len(cli[0])
			if strings.HasSuffix(name, "report") {
				if extras := rows[0][min(n, len(rows[0])):]; !slices.Equal(extras, tc.extras) {
					t.Errorf("%s %s: other counters %q, want %q", tc.run.Kind, name, extras, tc.extras)
				}
			}
			for r, row := range rows {
				if !slices.Equal(row[:min(n, len(row))], cli[r]) {
					t.Errorf("%s: the %s shows\n  %q\nwhere the CLI shows\n  %q", tc.run.Kind, name, row, cli[r])
				}
			}
		}
		for k, want := range tc.want {
			r := slices.IndexFunc(cli, func(row []string) bool { return row[0] == k[0] })
			c := slices.Index(cli[0], k[1])
			if r < 1 || c < 0 || cli[r][c] != want {
				t.Errorf("%s: %s %s not %q in\n%q", tc.run.Kind, k[0], k[1], want, cli)
			}
		}
	}
}

// keepAliveRun is a keep-alive run with numbers that round: to the µs in
// ms, to whole percent.
func keepAliveRun() *results.Run {
	r := results.New("keepalive", "HTTP keep-alive")
	reuse := results.Group{Name: "reuse", Counters: results.Counters{results.CounterNewConnections: 1, results.CounterDials: 1,
		results.CounterDNSLookups: 1, results.CounterTLSHandshakes: 1, results.CounterReused: 11}}
	reuse.Summary.Count, reuse.Summary.P50US, reuse.Summary.P90US, reuse.Summary.MaxUS = 12, 12345.6, 15000, 1234567.8
	reuse.Summary.MeanUS, reuse.Summary.StdUS = 110000.04, 345678.9
	noreuse := results.Group{Name: "noreuse", Counters: results.Counters{results.CounterNewConnections: 12, results.CounterDials: 13,
		results.CounterDNSLookups: 12, results.CounterTLSHandshakes: 12, results.CounterRetries: 2, results.CounterWriteErrors: 1}}
	noreuse.Summary.Count, noreuse.Summary.Errors, noreuse.Summary.P50US, noreuse.Summary.P99US = 11, 1, 48000.5, 61234.49
	r.Groups = []results.Group{reuse, noreuse}
	return r
}

// socketsRun is a socket run with numbers that round: req/s to the
// hundredth, latencies to the µs.
func socketsRun() *results.Run {
	r := results.New("sockets", "Socket vs TCP")
	for _, g := range []struct {
		name             string
		rps, mean, p99   float64
		errors, newConns int64
	}{{"direct-tcp", 987.654, 1012.3, 2999.5001, 3, 997}, {"proxy-unix", 1234.567, 812.4, 345.7, 0, 1000}} {
		grp := results.Group{Name: g.name, ReqPerSec: g.rps, Counters: results.Counters{results.CounterNewConnections: g.newConns,
			results.CounterConcurrency: 1, results.CounterThreads: 1}}
		grp.Summary.Count, grp.Summary.Errors, grp.Summary.MeanUS, grp.Summary.P50US, grp.Summary.P99US = 1000-g.errors, g.errors, g.mean, g.mean-50.25, g.p99
		r.Groups = append(r.Groups, grp)
	}
	return r
}

// benchtop runs the CLI and returns its stdout.
func benchtop(t *testing.T, runs string, args ...string) string {
	t.Helper()
	var out, errs bytes.Buffer
	env := app.Env{Stdout: &out, Stderr: &errs, Getenv: func(k string) string {
		if k == "BENCHTOP_RUNS" {
			return runs
		}
		return ""
	}}
	if code := app.Run(context.Background(), args, env); code != 0 {
		t.Fatalf("benchtop %s: exit %d\n%s", strings.Join(args, " "), code, errs.String())
	}
	return out.String()
}

// textTable reads the table that `runs show` prints: from the header line
// (it starts with the groups' heading) to the first empty line; cells are
// at least two spaces apart.
func textTable(t *testing.T, out, kind string) [][]string {
	t.Helper()
	heading := map[string]string{"keepalive": "mode", "sockets": "arch"}[kind]
	var rows [][]string
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if rows == nil && !strings.HasPrefix(line, heading+"  ") {
			continue
		}
		if line == "" {
			break
		}
		rows = append(rows, regexp.MustCompile(`\s{2,}`).Split(line, -1))
	}
	if rows == nil {
		t.Fatalf("no %s table in\n%s", kind, out)
	}
	return rows
}

// markdownTable reads the report's first table under "## Results".
func markdownTable(md string) [][]string {
	_, after, _ := strings.Cut(md, "## Results\n\n")
	var rows [][]string
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "|") {
			break
		}
		if !strings.HasPrefix(line, "|---") {
			rows = append(rows, strings.Split(strings.Trim(line, "| "), " | "))
		}
	}
	return rows
}

// htmlTable reads the report's first table under <h2>Results</h2>.
func htmlTable(t *testing.T, page string) [][]string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<h2>Results</h2>.*?<table>(.*?)</table>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no results table in\n%s", page)
	}
	var rows [][]string
	for _, tr := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(m[1], -1) {
		var row []string
		for _, td := range regexp.MustCompile(`(?s)<t[hd]>(.*?)</t[hd]>`).FindAllStringSubmatch(tr[1], -1) {
			row = append(row, html.UnescapeString(td[1]))
		}
		rows = append(rows, row)
	}
	return rows
}
