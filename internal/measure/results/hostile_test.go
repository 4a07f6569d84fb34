package results

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"benchtop/internal/term"
)

// Issue 22: a run is found by the ID inside its file and deleted as the
// file the store listed; an ID that reads as a path reaches nothing
// outside the folder, and two files of one ID go together.
func TestStoreNeverLeavesItsFolder(t *testing.T) {
	top := t.TempDir()
	s := &Store{Dir: filepath.Join(top, "runs")}
	outside := filepath.Join(top, "victim.json")
	if err := os.WriteFile(outside, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := sampleRun(t, "sockets", 1)
	if err := s.Save(r); err != nil {
		t.Fatal(err)
	}
	hostile := r.Copy()
	hostile.ID = "../victim"
	var b bytes.Buffer
	if err := hostile.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "shared.json"), b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(hostile); err == nil {
		t.Fatal("Save named a file after an ID with a separator")
	}
	if got, err := s.Load("../victim"); err != nil || got.ID != "../victim" {
		t.Fatalf("Load by the hostile ID: %v", err)
	}
	if err := s.Delete("../victim"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep" {
		t.Fatal("a file outside the runs folder was deleted")
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "shared.json")); !os.IsNotExist(err) {
		t.Fatal("the hostile run's own file is still there")
	}

	// one run under two names (copied): both go, and a missing ID says so
	b.Reset()
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "copy of run.json"), b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.List(""); len(ms) != 2 {
		t.Fatalf("listed %d", len(ms))
	}
	if err := s.Delete(r.ID); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.List(""); len(ms) != 0 {
		t.Fatalf("left %+v", ms)
	}
	if err := s.Delete(r.ID); err == nil || !strings.Contains(err.Error(), "no saved run") {
		t.Fatalf("deleting again: %v", err)
	}
}

// A folder Benchtop did not make keeps its mode; one it makes is private.
func TestStoreKeepsTheModeOfAFolderItDidNotMake(t *testing.T) {
	shared := t.TempDir()
	if err := os.Chmod(shared, 0o775); err != nil {
		t.Fatal(err)
	}
	s := &Store{Dir: shared}
	if err := s.Save(sampleRun(t, "sockets", 1)); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(shared); st.Mode().Perm() != 0o775 {
		t.Fatalf("an existing folder became %v", st.Mode().Perm())
	}
	made := filepath.Join(shared, "new", "runs")
	if err := (&Store{Dir: made}).Save(sampleRun(t, "sockets", 1)); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(made); st.Mode().Perm() != 0o700 {
		t.Fatalf("a folder Benchtop made is %v, want 0700", st.Mode().Perm())
	}
	own := &Store{Dir: shared, Owned: true} // Benchtop's own folder, made by an older Benchtop
	if err := own.Save(sampleRun(t, "sockets", 1)); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(shared); st.Mode().Perm() != 0o700 {
		t.Fatalf("Benchtop's own folder is %v, want 0700", st.Mode().Perm())
	}
}

// CSV cells from a run cannot be run as formulas (OWASP); numbers stay
// numbers.
func TestCSVNeutralisesFormulas(t *testing.T) {
	r := sampleRun(t, "keepalive", 1)
	r.Groups[0].Name = `=HYPERLINK("http://evil","x")`
	r.Groups[0].Samples[3].Err = "@SUM(1+1)"
	r.Groups[0].Samples[1].Tags = map[string]string{"conn": "+cmd|' /C calc'!A0", "-evil": "\t=1"}
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) || strings.HasPrefix(cell, "-e") {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	if !strings.Contains(strings.Join(rows[1], ","), `'=HYPERLINK("http://evil","x")`) {
		t.Errorf("the group name is not kept (quoted): %v", rows[1])
	}
}

// Two groups of one name pair first with first, second with second.
func TestCompareDuplicateGroups(t *testing.T) {
	base, cand := sampleRun(t, "keepalive", 1), sampleRun(t, "keepalive", 2)
	base.Groups[1].Name = "reuse" // reuse twice
	cand.Groups[1].Name = "reuse"
	cand.Groups = append(cand.Groups, cand.Groups[0])
	diffs, onlyB, onlyC := Compare(base, cand)
	if len(onlyB) != 0 || len(onlyC) != 1 || onlyC[0] != "reuse (3)" {
		t.Fatalf("only %v %v", onlyB, onlyC)
	}
	if diffs[0].Group != "reuse" || diffs[len(diffs)-1].Group != "reuse (2)" {
		t.Fatalf("groups %q … %q", diffs[0].Group, diffs[len(diffs)-1].Group)
	}
	for _, d := range diffs {
		if d.Metric == "p50 µs" && (d.Candidate < 1.99*d.Baseline || d.Candidate > 2.01*d.Baseline) { // HDR: 3 digits
			t.Errorf("%s mis-paired: %v against %v", d.Group, d.Candidate, d.Baseline)
		}
	}
}

// MapText reaches every string a file can set, and copies nothing it
// did not change.
func TestMapTextCleansEveryString(t *testing.T) {
	r := sampleRun(t, "keepalive", 1)
	esc := "\x1b[2J"
	r.ID, r.Kind, r.Title, r.Benchtop = "id"+esc, "k"+esc, "t"+esc, "v"+esc
	r.Machine.Hostname, r.Machine.Extra = "h"+esc, map[string]string{"x" + esc: "y" + esc}
	r.Config["k"+esc] = "v" + esc
	r.Notes = []string{"n" + esc}
	r.Groups[0].Name = "g" + esc
	r.Groups[0].Counters["c"+esc] = 1
	r.Groups[0].Samples[3].Err = "e" + esc
	r.Groups[0].Samples[1].Tags["t"+esc] = "v" + esc
	r.Groups[0].Samples[0].Phases["p"+esc] = 1
	var b bytes.Buffer
	if err := r.MapText(term.Line).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `\u001b`) {
		t.Fatalf("an escape character is left: %s", b.String())
	}
	c := r.MapText(term.Line)
	if &c.Groups[1].Samples[0] != &r.Groups[1].Samples[0] {
		t.Error("samples that needed no change were copied")
	}
	if r.Groups[0].Samples[3].Err != "e"+esc {
		t.Error("MapText changed the run itself")
	}
}

// A run file with many groups compares in linear time (it took n²: a
// speed goal, so a benchmark, not a timed test).
func BenchmarkCompareManyGroups(b *testing.B) {
	base := &Run{}
	for i := 0; i < 100_000; i++ {
		base.Groups = append(base.Groups, Group{Name: "g" + strconv.Itoa(i)})
	}
	for b.Loop() {
		if diffs, _, _ := Compare(base, base); len(diffs) != 6*100_000 {
			b.Fatal(len(diffs))
		}
	}
}

// A run file of more groups than any run has is refused when read: each
// would be a table row, a chart series and a legend entry.
func TestReadJSONBoundsGroups(t *testing.T) {
	r := sampleRun(t, "sockets", 1)
	for len(r.Groups) <= MaxGroups {
		r.Groups = append(r.Groups, Group{Name: "g"})
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadJSON(&b); err == nil || !strings.Contains(err.Error(), "at most 1000 groups") {
		t.Fatalf("got %v", err)
	}
}
