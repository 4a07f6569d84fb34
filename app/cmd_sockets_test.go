package app

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"benchtop/internal/measure/results"
)

func TestSocketsCommandEndToEnd(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"BENCHTOP_RUNS": filepath.Join(dir, "runs")}
	j, c, png := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.svg")
	code, out, errs := runCLI(t, env, "sockets", "--arch", "direct-unix,proxy-tcp", "-n", "120", "--warmup", "5",
		"--json", j, "--csv", c, "--chart", png, "--chart-kind", "p99")
	if code != 0 {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"direct-unix", "proxy-tcp", "req/s", "p99 µs", "Published", "sharedvolume", "679.77"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	run, err := results.LoadFile(j)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Groups) != 2 || run.Groups[1].Name != "proxy-tcp" || run.Groups[1].Summary.Count != 120 {
		t.Fatalf("run groups %+v", run.Groups)
	}
	f, _ := os.Open(c)
	rows, _ := csv.NewReader(f).ReadAll()
	f.Close()
	if len(rows) != 241 || rows[0][0] != "group" {
		t.Fatalf("csv has %d rows", len(rows))
	}
	svg, _ := os.ReadFile(png)
	if !strings.Contains(string(svg), "p99 latency per architecture") || !strings.Contains(string(svg), "published: local") {
		t.Fatal("the chart is not the p99 bars with the published series")
	}
	// saved for the window
	st := results.Store{Dir: env["BENCHTOP_RUNS"]}
	if ms, _ := st.List("sockets"); len(ms) != 1 || ms[0].ID != run.ID {
		t.Fatalf("saved runs %+v", ms)
	}
}

func TestSocketsCommandBadInput(t *testing.T) {
	cases := map[string][]string{
		"unknown architecture": {"sockets", "--arch", "pigeon", "--save=false"},
		"--sweep":              {"sockets", "--sweep", "1,x"},
		"--chart-kind":         {"sockets", "--chart-kind", "pie"},
		".png, .svg or .pdf":   {"sockets", "--chart", "out.gif"},
		"--json":               {"sockets", "--json", "out.txt"},
		"requests must be between 1 and 1,000,000, got 0 (-n)": {"sockets", "-n", "0"},
		"flag provided but not defined":                        {"sockets", "--frobnicate"},
	}
	for want, args := range cases {
		code, _, errs := runCLI(t, map[string]string{"BENCHTOP_RUNS": t.TempDir()}, args...)
		if !strings.Contains(errs, want) {
			t.Errorf("%v: stderr %q lacks %q", args, errs, want)
		}
		if code != 2 { // every setting is checked before anything runs (issue #11)
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	// an unreachable target is a runtime error naming the address
	code, _, errs := runCLI(t, map[string]string{"BENCHTOP_RUNS": t.TempDir()}, "sockets", "--target", "http://127.0.0.1:1/", "-n", "3", "--timeout", "1s")
	if code != 1 || !strings.Contains(errs, "127.0.0.1:1") {
		t.Fatalf("unreachable: code %d, %q", code, errs)
	}
}
