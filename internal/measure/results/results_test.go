package results

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"benchtop/internal/testenv"
	"time"

	"benchtop/internal/measure/stats"
)

func sampleRun(t *testing.T, kind string, scale float64) *Run {
	t.Helper()
	r := New(kind, "test run")
	r.Config = map[string]string{"n": "3"}
	for _, name := range []string{"reuse", "noreuse"} {
		rec := stats.NewRecorder()
		g := Group{Name: name, ReqPerSec: 100 * scale, Counters: map[string]int64{CounterNewConnections: 1}}
		for i := 0; i < 3; i++ {
			lat := scale * float64(1000*(i+1))
			rec.Record(time.Duration(lat) * time.Microsecond)
			s := Sample{Seq: i, AtS: float64(i), LatencyUS: lat, Tags: map[string]string{"conn": "reused"}}
			if i == 0 {
				s.Phases = map[string]float64{"dns": 120.5, "connect": 80}
				s.Tags["conn"] = "new"
			}
			g.Samples = append(g.Samples, s)
		}
		g.Samples = append(g.Samples, Sample{Seq: 3, AtS: 3, Err: "timeout"})
		rec.RecordError()
		g.Summary = rec.Summary()
		r.Groups = append(r.Groups, g)
	}
	r.Finished = r.Started.Add(4 * time.Second)
	return r
}

func TestSaveReopenGivesSameData(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "runs")}
	r := sampleRun(t, "keepalive", 1)
	if err := s.Save(r); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want, again bytes.Buffer
	if err := r.WriteJSON(&want); err != nil {
		t.Fatal(err)
	}
	if err := got.WriteJSON(&again); err != nil {
		t.Fatal(err)
	}
	if want.String() != again.String() {
		t.Fatalf("reopened run differs:\n got %s\nwant %s", again.String(), want.String())
	}
	if !got.Started.Equal(r.Started) || len(got.Groups[1].Samples) != 4 || got.Groups[0].Samples[0].Phases["dns"] != 120.5 {
		t.Fatalf("reopened run lost data: %+v", got)
	}
	if got.Groups[0].Summary.P50US != 2000 || got.Groups[0].Summary.Errors != 1 {
		t.Fatalf("summary %+v", got.Groups[0].Summary)
	}
}

func TestListNewestFirstByKindSkippingJunk(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	a := sampleRun(t, "keepalive", 1)
	b := sampleRun(t, "sockets", 1)
	c := sampleRun(t, "keepalive", 1)
	c.Started = a.Started.Add(time.Hour)
	for _, r := range []*Run{a, b, c} {
		if err := s.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "junk.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "other.json"), []byte(`{"schema":"something/9"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	// a FIFO with no writer: opening it for reading would wait forever
	testenv.Mkfifo(t, filepath.Join(s.Dir, "pipe.json"))
	ms, err := s.List("keepalive")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].ID != c.ID || ms[1].ID != a.ID {
		t.Fatalf("list = %+v", ms)
	}
	if all, _ := s.List(""); len(all) != 3 {
		t.Fatalf("all kinds: %d runs", len(all))
	}
	if err := s.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(a.ID); err == nil || !strings.Contains(err.Error(), a.ID) {
		t.Fatalf("deleting twice: %v", err)
	}
}

func TestReadJSONRejectsOtherSchemas(t *testing.T) {
	for in, want := range map[string]string{
		`{"kind":"x"}`:                 "no \"schema\"",
		`{"schema":"benchtop.run/99"}`: "unsupported run schema",
		`[1,2`:                         "not a Benchtop run",
	} {
		if _, err := ReadJSON(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", in, err, want)
		}
	}
}

func TestCSVHasStableColumnsAndEveryRow(t *testing.T) {
	var b bytes.Buffer
	if err := sampleRun(t, "keepalive", 1).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"group", "seq", "t_s", "latency_us", "error", "connect_us", "dns_us", "conn"}
	if !reflect.DeepEqual(rows[0], want) {
		t.Fatalf("header %v, want %v", rows[0], want)
	}
	if len(rows) != 1+8 {
		t.Fatalf("%d rows, want 8 samples + header", len(rows)-1)
	}
	if rows[1][6] != "120.5" || rows[2][6] != "" || rows[1][7] != "new" || rows[4][4] != "timeout" {
		t.Fatalf("rows: %v", rows[1:5])
	}
}

func TestCompare(t *testing.T) {
	base := sampleRun(t, "sockets", 1)
	cand := sampleRun(t, "sockets", 0.5)
	cand.Groups = append(cand.Groups, Group{Name: "extra"})
	base.Groups = append(base.Groups, Group{Name: "gone"})
	diffs, onlyB, onlyC := Compare(base, cand)
	if !reflect.DeepEqual(onlyB, []string{"gone"}) || !reflect.DeepEqual(onlyC, []string{"extra"}) {
		t.Fatalf("only base %v, only candidate %v", onlyB, onlyC)
	}
	var p50, rps *Diff
	for i := range diffs {
		if diffs[i].Group == "reuse" && diffs[i].Metric == "p50 µs" {
			p50 = &diffs[i]
		}
		if diffs[i].Group == "reuse" && diffs[i].Metric == "req/s" {
			rps = &diffs[i]
		}
	}
	if p50 == nil || p50.Baseline != 2000 || p50.Candidate != 1000 || p50.DeltaPct != -50 || !p50.Better {
		t.Fatalf("p50 diff %+v", p50)
	}
	if rps == nil || rps.DeltaPct != -50 || rps.Better {
		t.Fatalf("req/s diff %+v: fewer req/s is worse", rps)
	}
	for _, d := range diffs {
		if d.Metric == "errors" && !math.IsNaN(d.DeltaPct) && d.Baseline == 0 {
			t.Fatal("a zero baseline must give NaN %")
		}
	}
}

func TestChartsOverlayTwoRuns(t *testing.T) {
	a, b := sampleRun(t, "keepalive", 1), sampleRun(t, "keepalive", 2)
	p := PercentileChart("x", Labeled{"baseline", a}, Labeled{"candidate", b})
	if len(p.Series) != 4 || p.Series[0].Name != "baseline: reuse" || p.Series[3].Name != "candidate: noreuse" {
		t.Fatalf("series %+v", p.Series)
	}
	if len(p.Series[0].US) != 3 { // the error sample has no latency
		t.Fatalf("%d latencies, want 3", len(p.Series[0].US))
	}
	tl := TimelineChart("t", Labeled{"", a})
	if tl.Series[1].Name != "noreuse" || len(tl.Series[1].X) != 3 {
		t.Fatalf("timeline %+v", tl.Series[1])
	}
}
