package app

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gitlab.com/gomidi/midi/v2/drivers"
	"gitlab.com/gomidi/midi/v2/drivers/testdrv"

	"benchtop/devices/midi"
)

func withTestDriver(t *testing.T) {
	testMIDI = midi.Fixed(testdrv.New("loop"))
	t.Cleanup(func() { testMIDI = nil })
}

func TestMIDIListAndLatencyWithTestdrv(t *testing.T) {
	withTestDriver(t)
	code, out, _ := runCLI(t, nil, "midi", "list")
	if code != 0 || !strings.Contains(out, "in    0  loop-in") && !strings.Contains(out, "in   0  loop-in") || !strings.Contains(out, "0  loop-out") {
		t.Fatalf("list: %d\n%s", code, out)
	}
	dir := t.TempDir()
	j, c := filepath.Join(dir, "rt.json"), filepath.Join(dir, "rt.png")
	code, out, errs := runCLI(t, nil, "midi", "latency", "--out", "loop-out", "--in", "loop-in", "-n", "25", "--interval", "0", "--json", j, "--chart", c)
	if code != 0 || !strings.Contains(out, "25 sent, 25 back, 0 lost") {
		t.Fatalf("latency: %d\n%s\n%s", code, out, errs)
	}
	var res struct {
		SamplesUS []float64 `json:"samples_us"`
		Lost      int       `json:"lost"`
	}
	b, _ := os.ReadFile(j)
	if err := json.Unmarshal(b, &res); err != nil || len(res.SamplesUS) != 25 {
		t.Fatalf("json %s: %v", b, err)
	}
	if png, _ := os.ReadFile(c); !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatal("no PNG chart")
	}
	code, _, errs = runCLI(t, nil, "midi", "latency", "--out", "nope", "--in", "loop-in")
	if code != 1 || !strings.Contains(errs, `no MIDI output named "nope"`) {
		t.Fatalf("bad port: %d %s", code, errs)
	}
}

func TestMIDIReplayDecodesAFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "song.mid")
	var buf bytes.Buffer
	midi.WriteSMF(&buf, []midi.Timed{{At: 0, Raw: []byte{0x90, 60, 100}}, {At: 500 * time.Millisecond, Raw: []byte{0x80, 60, 0}}, {At: 600 * time.Millisecond, Raw: []byte{0xb0, 7, 90}}})
	os.WriteFile(p, buf.Bytes(), 0o644)
	code, out, _ := runCLI(t, nil, "midi", "replay", p)
	if code != 0 || strings.Count(out, "\n") != 3 || !strings.Contains(out, "C4 (60) vel 100") || !strings.Contains(out, "500.000 ms") || !strings.Contains(out, "CC7 Volume = 90") {
		t.Fatalf("replay: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, nil, "midi", "replay", p, "--json")
	if code != 0 || !strings.Contains(out, `"type":"note on"`) {
		t.Fatalf("replay --json: %s", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.mid")
	os.WriteFile(bad, []byte("not midi"), 0o644)
	if code, _, errs := runCLI(t, nil, "midi", "replay", bad); code != 1 || !strings.Contains(errs, "MThd") {
		t.Fatalf("bad file: %d %s", code, errs)
	}
}

func TestMIDIWithoutBackendSaysWhy(t *testing.T) {
	testMIDI = midi.NewBackend(func() (drivers.Driver, error) { return nil, midi.ErrNoBackend })
	defer func() { testMIDI = nil }()
	code, _, errs := runCLI(t, nil, "midi", "monitor")
	if code != 1 || !strings.Contains(errs, "no MIDI backend") {
		t.Fatalf("%d %s", code, errs)
	}
	if code, _, errs := runCLI(t, nil, "midi", "monitor", "--log", "out.txt"); code != 2 || !strings.Contains(errs, ".csv or .json") {
		t.Fatalf("--log out.txt: %d %s", code, errs)
	}
	if code, _, errs := runCLI(t, nil, "midi", "frob"); code != 2 || !strings.Contains(errs, "frob") {
		t.Fatalf("%d %s", code, errs)
	}
}
