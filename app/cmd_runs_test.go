package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"benchtop/internal/measure/results"
	"benchtop/internal/version"
)

// Two real socket runs saved in a scratch store, then every runs
// subcommand over them.
func TestRunsCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"BENCHTOP_RUNS": filepath.Join(dir, "runs")}
	for i := 0; i < 2; i++ {
		if code, out, errs := runCLI(t, env, "sockets", "--arch", "direct-tcp", "-n", "60", "--warmup", "2", "--no-published"); code != 0 {
			t.Fatalf("sockets: code %d\n%s\n%s", code, out, errs)
		}
	}
	st := results.Store{Dir: env["BENCHTOP_RUNS"]}
	metas, _ := st.List("")
	if len(metas) != 2 {
		t.Fatalf("want 2 saved runs, have %+v", metas)
	}
	newest, older := metas[0].ID, metas[1].ID

	// list, as a table and as JSON on stdout
	code, out, _ := runCLI(t, env, "runs", "list")
	if code != 0 || !strings.Contains(out, newest) || !strings.Contains(out, older) || strings.Index(out, newest) > strings.Index(out, older) {
		t.Fatalf("runs list: code %d, newest first?\n%s", code, out)
	}
	code, out, _ = runCLI(t, env, "runs", "list", "--json", "-")
	var listed []struct{ ID, Kind string }
	if err := json.Unmarshal([]byte(out), &listed); code != 0 || err != nil || len(listed) != 2 || listed[0].ID != newest || listed[0].Kind != "sockets" {
		t.Fatalf("runs list --json -: code %d, %v, %+v", code, err, listed)
	}
	if code, out, _ = runCLI(t, env, "runs", "list", "--kind", "keepalive"); code != 0 || strings.Contains(out, newest) {
		t.Fatalf("runs list --kind keepalive lists a sockets run:\n%s", out)
	}

	// show by "latest", by a prefix, and as JSON identical to the store's
	code, out, _ = runCLI(t, env, "runs", "show", "latest")
	run, _ := st.Load(newest)
	p99 := strings.Fields(strings.Split(out, "direct-tcp")[1])[4]
	if code != 0 || !strings.Contains(out, newest) || p99 != strings.TrimSpace(fmtUS(run.Groups[0].Summary.P99US)) {
		t.Fatalf("runs show latest: code %d, p99 %q want %v\n%s", code, p99, run.Groups[0].Summary.P99US, out)
	}
	if !strings.Contains(out, "made by Benchtop "+version.Get().String()) || run.Benchtop != version.Get().String() {
		t.Errorf("the run does not record the Benchtop that made it (%q):\n%s", run.Benchtop, out)
	}
	code, out, _ = runCLI(t, env, "runs", "show", "latest~1", "--json", "-")
	shown, err := results.ReadJSON(strings.NewReader(out))
	if code != 0 || err != nil || shown.ID != older || shown.Groups[0].Summary.Count != 60 {
		t.Fatalf("runs show latest~1 --json -: code %d, %v", code, err)
	}

	// compare: same numbers as results.Compare; a gate that must pass and one that must fail
	code, out, errs := runCLI(t, env, "runs", "compare", older, newest, "--fail-if", "p99>+1000000%,errors>0")
	if code != 0 || !strings.Contains(out, "p99 µs") || !strings.Contains(errs, "ok: no threshold") {
		t.Fatalf("runs compare (passing gate): code %d\n%s\n%s", code, out, errs)
	}
	jsonOut := filepath.Join(dir, "cmp.json")
	code, _, errs = runCLI(t, env, "runs", "compare", older, newest, "--fail-if", "req/s<+1000000%", "--json", jsonOut)
	if code != 1 || !strings.Contains(errs, "FAIL direct-tcp: req/s went from") || !strings.Contains(errs, "1 threshold(s) crossed") {
		t.Fatalf("runs compare (failing gate): code %d\n%s", code, errs)
	}
	b, _ := os.ReadFile(jsonOut)
	var cmp struct {
		Diffs      []results.Diff
		Violations []struct{ Threshold string }
	}
	if err := json.Unmarshal(b, &cmp); err != nil || len(cmp.Violations) != 1 || cmp.Violations[0].Threshold != "req/s<+1000000%" {
		t.Fatalf("comparison JSON: %v %s", err, b)
	}
	base, _ := st.Load(older)
	want, _, _ := results.Compare(base, run)
	if len(cmp.Diffs) != len(want) || cmp.Diffs[0].Candidate != want[0].Candidate || cmp.Diffs[0].Metric != want[0].Metric {
		t.Fatalf("CLI diffs %+v differ from results.Compare %+v", cmp.Diffs, want)
	}

	// export a chart and CSV from a saved run
	svg, csvPath := filepath.Join(dir, "p.svg"), filepath.Join(dir, "p.csv")
	if code, _, errs = runCLI(t, env, "runs", "export", newest[:len(newest)-4], "--chart", svg, "--chart-kind", "p99", "--csv", csvPath); code != 0 {
		t.Fatalf("runs export: code %d\n%s", code, errs)
	}
	if b, _ := os.ReadFile(svg); !strings.Contains(string(b), "p99 latency per architecture") {
		t.Fatal("exported chart is not the p99 chart")
	}
	if b, _ := os.ReadFile(csvPath); strings.Count(string(b), "\n") != 61 {
		t.Fatalf("exported CSV has %d lines, want 61", strings.Count(string(b), "\n"))
	}

	// a report of both runs, HTML and Markdown
	html := filepath.Join(dir, "r.html")
	if code, _, errs = runCLI(t, env, "report", older, newest, "-o", html, "--mask"); code != 0 {
		t.Fatalf("report: code %d\n%s", code, errs)
	}
	if b, _ := os.ReadFile(html); !strings.Contains(string(b), newest) || !strings.Contains(string(b), "run 2 against the baseline") {
		t.Fatal("the HTML report does not compare the two runs")
	}
	md := filepath.Join(dir, "r.md")
	if code, _, errs = runCLI(t, env, "report", "latest", "-o", md, "--charts", "rps,p99"); code != 0 || !strings.Contains(errs, "r-p99.svg") {
		t.Fatalf("report md: code %d\n%s", code, errs)
	}
	if b, _ := os.ReadFile(md); !strings.Contains(string(b), "](r-rps.svg)") {
		t.Fatal("the Markdown report does not link its charts")
	}

	// delete, then the run is gone
	if code, _, errs = runCLI(t, env, "runs", "delete", older); code != 0 || !strings.Contains(errs, "deleted "+older) {
		t.Fatalf("runs delete: code %d %s", code, errs)
	}
	if ms, _ := st.List(""); len(ms) != 1 || ms[0].ID != newest {
		t.Fatalf("after delete: %+v", ms)
	}
}

func fmtUS(us float64) string {
	b, _ := json.Marshal(int64(us + 0.5))
	return string(b)
}

func TestRunsCommandsBadInput(t *testing.T) {
	env := map[string]string{"BENCHTOP_RUNS": t.TempDir()}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"runs"}, 2, "which?"},
		{[]string{"runs", "frob"}, 2, "unknown subcommand"},
		{[]string{"runs", "show"}, 2, "which run?"},
		{[]string{"runs", "show", "nope"}, 1, `no saved run "nope"`},
		{[]string{"runs", "show", "latest"}, 1, "there are 0 saved runs"},
		{[]string{"runs", "show", "/nonexistent/x.json"}, 1, "no such file"},
		{[]string{"runs", "compare", "a"}, 2, "want BASELINE and CANDIDATE"},
		{[]string{"runs", "compare", "a", "b", "--fail-if", "p42>+1%"}, 2, "unknown metric"},
		{[]string{"runs", "compare", "a", "b", "--fail-if", "p99>ten"}, 2, "not a number"},
		{[]string{"runs", "export", "a"}, 2, "nothing to write"},
		{[]string{"runs", "delete", "x.json"}, 1, "by ID, not files"},
		{[]string{"report"}, 2, "which runs?"},
		{[]string{"report", "latest"}, 2, "-o FILE.html"},
		{[]string{"report", "latest", "-o", "r.pdf"}, 2, "name the file .html or .md"},
		{[]string{"report", "latest", "-o", "r.html", "--chart-size", "5x5"}, 2, "--chart-size"},
		{[]string{"report", "latest", "-o", "r.html"}, 1, "there are 0 saved runs"},
	}
	for _, c := range cases {
		code, _, errs := runCLI(t, env, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: code %d (want %d), stderr %q lacks %q", c.args, code, c.code, errs, c.want)
		}
	}
}

// --json - puts the run, and only the run, on stdout; the table goes to stderr.
func TestJSONToStdout(t *testing.T) {
	code, out, errs := runCLI(t, map[string]string{"BENCHTOP_RUNS": t.TempDir()}, "sockets", "--arch", "direct-unix", "-n", "20", "--warmup", "0", "--no-published", "--save=false", "--json", "-")
	if code != 0 {
		t.Fatalf("code %d\n%s", code, errs)
	}
	run, err := results.ReadJSON(strings.NewReader(out))
	if err != nil || run.Groups[0].Summary.Count != 20 {
		t.Fatalf("stdout is not the run: %v\n%s", err, out)
	}
	if !strings.Contains(errs, "direct-unix") || !strings.Contains(errs, "req/s") {
		t.Fatalf("the table is not on stderr:\n%s", errs)
	}
	if code, _, errs := runCLI(t, nil, "sockets", "--json", "-", "--csv", "-"); code != 2 || !strings.Contains(errs, "both want stdout") {
		t.Fatalf("--json - --csv -: code %d %s", code, errs)
	}
}
