package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"benchtop/devices/midi"
	"benchtop/devices/midi/miditest"
	"benchtop/internal/testenv"
)

// doneWhenLog writes miditest.DoneWhen, every "done when" of issue 26, as
// a benchtop.midi-log/1.
func doneWhenLog(t *testing.T) string {
	t.Helper()
	var evs []midi.Event
	for i, m := range miditest.DoneWhen() {
		msg := midi.Decode(m.Raw)
		evs = append(evs, midi.Event{Seq: uint64(i + 1), AtUS: float64(m.At) / 1e3, Msg: msg, Hex: msg.Hex()})
	}
	path := filepath.Join(t.TempDir(), "done-when.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := midi.WriteLogJSON(f, evs); err != nil {
		t.Fatal(err)
	}
	return path
}

// doneWhenLines are the lines decode prints for miditest.DoneWhen.
var doneWhenLines = []string{
	"nrpn             ch 3  NRPN 130 (1/2) = 8197",
	"rpn              ch 1  RPN 0 pitch bend range = ±12 semitones 0 cents",
	"rpn              ch 1  RPN 6 MPE configuration = MPE lower zone: manager channel 1, 7 member channels (2–8)",
	"timecode               01:02:03:04 @ 25 fps",
	"identity reply         Identity Reply from Yamaha: family 00 41, model 15 03, version 00 01 00 00 (device 7F: all)",
	"transport              start at MIDI beat 0",
	"tempo                  120.0 BPM",
}

// doneWhenEvent is an assembled event's JSON (decode --json's "event",
// a line of the monitor --json stream) with what the clauses need.
type doneWhenEvent struct {
	Kind     string  `json:"kind"`
	AfterSeq *uint64 `json:"after_seq"`
	Param    *struct {
		Number    int  `json:"number"`
		Value     *int `json:"value"`
		Semitones *int `json:"semitones"`
	} `json:"param"`
	MPE *struct {
		Zone    string
		Members int
	} `json:"mpe"`
	Timecode *doneWhenTimecode `json:"timecode"`
	Identity *struct {
		Manufacturer string `json:"manufacturer"`
	} `json:"identity"`
	Tempo *struct {
		BPM      float64 `json:"bpm"`
		JitterUS float64 `json:"jitter_us"`
	} `json:"tempo"`
}

type doneWhenTimecode struct {
	Hours, Minutes, Seconds, Frames int
	Rate                            string
}

// clause names the "done when" clause of miditest.DoneWhen the event
// meets, or "".
func (e *doneWhenEvent) clause() string {
	switch {
	case e.Kind == "nrpn" && e.Param.Number == 130 && *e.Param.Value == 8197:
		return "nrpn"
	case e.Kind == "rpn" && e.Param.Number == 0 && *e.Param.Semitones == 12:
		return "bend range"
	case e.Kind == "rpn" && e.MPE != nil && e.MPE.Zone == "lower" && e.MPE.Members == 7:
		return "mpe"
	case e.Kind == "timecode" && *e.Timecode == doneWhenTimecode{1, 2, 3, 4, "25"}:
		return "timecode"
	case e.Kind == "identity reply" && e.Identity.Manufacturer == "Yamaha":
		return "identity"
	case e.Kind == "tempo" && math.Abs(e.Tempo.BPM-120) <= 0.5 && e.Tempo.JitterUS > 50 && e.Tempo.JitterUS < 150:
		return "tempo"
	}
	return ""
}

func TestMIDIDecodeDoneWhen(t *testing.T) {
	path := doneWhenLog(t)
	code, out, errs := runCLI(t, nil, "midi", "decode", path)
	if code != 0 {
		t.Fatalf("%d %s", code, errs)
	}
	for _, want := range doneWhenLines {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "control change") || strings.Contains(out, "timing clock") {
		t.Errorf("parts listed as messages:\n%s", out)
	}
	if !strings.Contains(errs, "benchtop.midi-log/1: 213 messages, 14 assembled events; clock at the end 120.0 BPM") {
		t.Errorf("summary %q", errs)
	}

	code, out, _ = runCLI(t, nil, "midi", "decode", path, "--json")
	var d struct {
		Schema string `json:"schema"`
		Rows   []struct {
			Kind  string         `json:"kind"`
			Event *doneWhenEvent `json:"event"`
		} `json:"rows"`
		Tempo struct {
			BPM float64 `json:"bpm"`
		} `json:"tempo"`
	}
	if err := json.Unmarshal([]byte(out), &d); code != 0 || err != nil || d.Schema != "benchtop.midi-decode/1" {
		t.Fatalf("%d %v %.300s", code, err, out)
	}
	seen := map[string]bool{}
	for _, r := range d.Rows {
		if r.Event == nil {
			t.Errorf("a plain row: %+v", r)
			continue
		}
		if c := r.Event.clause(); c != "" {
			seen[c] = true
		}
	}
	if len(seen) != 6 || math.Abs(d.Tempo.BPM-120) > 0.5 {
		t.Fatalf("seen %v, tempo %v", seen, d.Tempo.BPM)
	}
}

func TestMIDIDecodeNotMIDI(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "notes.txt")
	os.WriteFile(p, []byte("shopping list\n"), 0o600)
	code, out, errs := runCLI(t, nil, "midi", "decode", p)
	if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "notes.txt: not MIDI") {
		t.Fatalf("%d %q %q", code, out, errs)
	}
	if code, _, _ := runCLI(t, nil, "midi", "decode"); code != 2 {
		t.Fatalf("no file: %d", code)
	}
}

// midi send: an Identity Request through testdrv's loopback comes back on
// the input and is printed as one.
func TestMIDISendIdentityLoops(t *testing.T) {
	withTestDriver(t)
	code, out, errs := runCLI(t, nil, "midi", "send", "--to", "loop-out", "--in", "loop-in", "--wait", "200ms", "--identity")
	if code != 0 || !strings.Contains(out, "identity request       Identity Request (device 7F: all)") || !strings.Contains(errs, "sent 1 message(s), 6 bytes, to loop-out") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	withTestDriver(t) // a fresh loopback: testdrv's input listens once
	code, out, _ = runCLI(t, nil, "midi", "send", "--to", "loop-out", "--in", "loop-in", "--wait", "200ms", "--hex", "F0 41 10 42 12 40 00 7F 00 41 F7", "--json")
	if code != 0 || !strings.Contains(out, `"schema": "benchtop.midi-decode/1"`) || !strings.Contains(out, `"name": "GS Reset"`) {
		t.Fatalf("%d\n%s", code, out)
	}
	// an identity reply that comes back is compared with the published
	// ones: an LPD8's (a real capture), and no card for "loop-out"
	lpd8, err := os.ReadFile(filepath.Join("..", "devices", "midi", "testdata", "real", "akai-lpd8-identity.syx"))
	if err != nil {
		t.Fatal(err)
	}
	withTestDriver(t)
	code, out, errs = runCLI(t, nil, "midi", "send", "--to", "loop-out", "--in", "loop-in", "--wait", "200ms", "--hex", fmt.Sprintf("% X", lpd8))
	if code != 0 || !strings.Contains(out, "Identity Reply from Akai: family 75 00, model 19 00") ||
		!strings.Contains(errs, "\nAs published for the Akai LPD8: maker 47 (Akai), family 75 00, model 19 00, version 00 00 66 7F.\n") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	for _, bad := range [][]string{
		{"midi", "send", "--identity"},
		{"midi", "send", "--to", "loop-out"},
		{"midi", "send", "--to", "loop-out", "--identity", "--hex", "F0 F7"},
		{"midi", "send", "--to", "loop-out", "--hex", "90 3C 64"},
	} {
		if code, _, errs := runCLI(t, nil, bad...); code != 2 {
			t.Errorf("%v: %d %s", bad, code, errs)
		}
	}
	if code, _, errs := runCLI(t, nil, "midi", "send", "--to", "nope", "--identity"); code != 1 || !strings.Contains(errs, `no MIDI output named "nope"`) {
		t.Fatalf("%d %s", code, errs)
	}
}

// midi monitor prints what the messages mean together as they come: an
// NRPN after its four CCs, a tempo line a beat while clock messages stay
// hidden.
func TestMIDIMonitorPrintsAssembled(t *testing.T) {
	var out bytes.Buffer
	p := midi.NewPipeline(100)
	remove := p.Tap(monitorTap(&out, false, false))
	for _, m := range [][]byte{{0xb2, 99, 1}, {0xb2, 98, 2}, {0xb2, 6, 64}, {0xb2, 38, 5}} {
		p.Push("kbd", m)
	}
	start := time.Now()
	for i := 0; i <= 24; i++ {
		p.PushAt("kbd", []byte{0xf8}, start.Add(time.Duration(i)*time.Minute/120/24))
	}
	s := out.String()
	if !strings.Contains(s, "nrpn             ch 3  NRPN 130 (1/2) = 8197") || strings.Count(s, "control change") != 4 ||
		!strings.Contains(s, "tempo                  120.0 BPM") || strings.Contains(s, "timing clock") {
		t.Fatalf("%s", s)
	}
	remove()
	out.Reset()
	p.Tap(monitorTap(&out, false, true))
	p.Push("kbd", []byte{0xb2, 38, 6})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], `{"seq":30,`) || !strings.Contains(lines[0], `"message":{"type":"control change"`) ||
		!strings.HasPrefix(lines[1], `{"after_seq":30,"t_us":`) || !strings.Contains(lines[1], `"kind":"nrpn"`) || !strings.Contains(lines[1], `"value":8198`) {
		t.Fatalf("JSON stream: the message as before, then the NRPN it completed: %s", out.String())
	}
}

// Issue 26's "done when" in `midi monitor`: in text the lines decode
// prints; in the --json stream each clause is an object of its own after
// the message that completed it (the clock messages hidden, their tempo
// not); and the README's jq line turns a --realtime stream into a log
// that decode reads the same way.
func TestMIDIMonitorJSONDoneWhen(t *testing.T) {
	stream := func(realtime, asJSON bool) string {
		var out bytes.Buffer
		start := time.Unix(0, 0)
		p := midi.NewPipelineWithClock(1000, func() time.Time { return start })
		p.Tap(monitorTap(&out, realtime, asJSON))
		for _, m := range miditest.DoneWhen() {
			p.PushAt("kbd", m.Raw, start.Add(m.At))
		}
		return out.String()
	}
	type line struct {
		Seq     *uint64         `json:"seq"`
		Message *map[string]any `json:"message"`
		doneWhenEvent
	}
	seen, messages := map[string]bool{}, 0
	var bpm float64
	for _, s := range strings.Split(strings.TrimSpace(stream(false, true)), "\n") {
		var l line
		if err := json.Unmarshal([]byte(s), &l); err != nil {
			t.Fatalf("%v: %s", err, s)
		}
		if l.Message != nil {
			if l.Seq == nil || l.AfterSeq != nil || l.Kind != "" || (*l.Message)["type"] == midi.TypeClock {
				t.Fatalf("message line %s", s)
			}
			messages++
			continue
		}
		if l.AfterSeq == nil {
			t.Fatalf("neither a message nor an assembled event: %s", s)
		}
		c := l.clause()
		if after := map[string]uint64{"nrpn": 4, "bend range": 8}[c]; after > 0 && *l.AfterSeq != after {
			t.Errorf("%s after message %d, want %d", c, *l.AfterSeq, after)
		}
		if c != "" {
			seen[c] = true
		}
		if l.Kind == "tempo" {
			bpm = l.Tempo.BPM
		}
	}
	if len(seen) != 6 || math.Abs(bpm-120) > 0.5 || messages != 21 { // 11 CCs, 8 quarter frames, the reply, start
		t.Fatalf("seen %v, last tempo %v BPM, %d messages", seen, bpm, messages)
	}

	// in text, monitor prints the lines decode prints
	text := stream(false, false)
	for _, want := range doneWhenLines {
		if !strings.Contains(text, want) {
			t.Errorf("monitor text: missing %q in\n%s", want, text)
		}
	}

	jq, err := exec.LookPath("jq")
	testenv.Need(t, "jq (Debian: jq)", err)
	dir := t.TempDir()
	in, log := filepath.Join(dir, "stream.jsonl"), filepath.Join(dir, "log.json")
	os.WriteFile(in, []byte(stream(true, true)), 0o600)
	cmd := exec.Command(jq, "-s", `{schema: "benchtop.midi-log/1", events: map(select(.message)), assembled: map(select(.kind))}`, in)
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("jq: %v", err)
	}
	os.WriteFile(log, b, 0o600)
	code, out, errs := runCLI(t, nil, "midi", "decode", log)
	if code != 0 || !strings.Contains(errs, "213 messages, 14 assembled events") {
		t.Fatalf("%d %s", code, errs)
	}
	for _, want := range doneWhenLines {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
