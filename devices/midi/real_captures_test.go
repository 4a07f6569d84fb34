package midi

import (
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"benchtop/devices/midi/assemble"
)

// Real captures of clock, MTC, RPN and NRPN traffic that people posted
// (testdata/real/SOURCES), copied verbatim in the format the tool that
// took them prints; each test reads that format and assembles.

func readLines(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/real/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// ccsOf reads control changes from a monitor's text, one a line, with re
// giving channel (1–16), controller and value.
func ccsOf(t *testing.T, file string, re *regexp.Regexp) [][]byte {
	t.Helper()
	var out [][]byte
	for _, l := range readLines(t, file) {
		m := re.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		ch, _ := strconv.Atoi(m[1])
		cc, _ := strconv.Atoi(m[2])
		v, _ := strconv.Atoi(m[3])
		out = append(out, []byte{0xb0 | byte(ch-1), byte(cc), byte(v)})
	}
	return out
}

// assembled feeds messages 1 ms apart (these captures carry no usable
// times; a data LSB follows its MSB well within PendingUS) and returns
// the events' texts, the waiting ones flushed at the end.
func assembled(msgs [][]byte) (texts []string, events []assemble.Event) {
	a := assemble.New()
	for i, m := range msgs {
		evs, _ := a.Feed(float64(i)*1000, m)
		events = append(events, evs...)
	}
	events = append(events, a.FlushAll()...)
	for _, e := range events {
		texts = append(texts, e.Text)
	}
	return texts, events
}

func sameTexts(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A Roland MC-101 at 90.0 BPM as Mobius 3 measured it: the tempo of each
// clock. Played back as clock times, the window reads 90.0 BPM and the
// jitter of those intervals (141 µs, worked out by hand from the BPMs:
// interval = 60 s / (BPM × 24)).
func TestRealClockMC101(t *testing.T) {
	var bpms []float64
	for _, s := range regexp.MustCompile(`\d+\.\d+`).FindAllString(strings.Join(readLines(t, "mobius3-mc101-clock-bpm.txt")[2:], " "), -1) {
		v, _ := strconv.ParseFloat(s, 64)
		bpms = append(bpms, v)
	}
	if len(bpms) != 19 {
		t.Fatalf("%d clock tempos", len(bpms))
	}
	a := assemble.New()
	at := 0.0
	a.Feed(at, []byte{0xf8})
	for _, b := range bpms {
		at += 60e6 / (b * 24)
		a.Feed(at, []byte{0xf8})
	}
	tp := a.Tempo()
	if tp.Clocks != 19 || math.Abs(tp.BPM-89.992) > 0.001 || math.Abs(tp.JitterUS-141.3) > 0.1 {
		t.Fatalf("%+v", tp)
	}
	if s := strconv.FormatFloat(tp.BPM, 'f', 1, 64); s != "90.0" {
		t.Fatalf("shown as %s BPM", s)
	}
}

// MTC from Horae (macOS) through AppleMIDI, as an Arduino printed the
// RTP-MIDI packets it received: five whole runs of eight quarter frames
// in the content, one in the incoming buffer. Each reads as its timecode
// at 25 fps, and the packets' own times agree: 2 frames a packet, 80 ms
// apart (RTP-MIDI at AppleMIDI's 10 kHz clock; a delta of 100 = 10 ms,
// a quarter frame at 25 fps).
func TestRealMTCOverAppleMIDI(t *testing.T) {
	type cmd struct {
		tUS float64
		raw []byte
	}
	bySeq := map[int][]cmd{}
	for _, l := range readLines(t, "applemidi-horae-mtc.txt") {
		var b []byte
		for _, f := range strings.Fields(l) {
			v, err := strconv.ParseUint(f, 16, 8)
			if err != nil {
				b = nil
				break
			}
			b = append(b, byte(v))
		}
		// RTP header 80 61 seq(2) timestamp(4) SSRC(4), then the MIDI
		// command section (RFC 6295): flags B J Z P and a length of 4
		// bits, 12 with B; a delta time before every command but the
		// first (unless Z); the journal after it is not read
		for i := 0; i+14 <= len(b); i++ {
			if b[i] != 0x80 || b[i+1] != 0x61 {
				continue
			}
			seq := int(b[i+2])<<8 | int(b[i+3])
			ts := float64(uint32(b[i+4])<<24 | uint32(b[i+5])<<16 | uint32(b[i+6])<<8 | uint32(b[i+7]))
			flags, p := b[i+12], i+13
			n := int(flags & 0x0f)
			if flags&0x80 != 0 {
				n, p = n<<8|int(b[i+13]), i+14
			}
			if p+n > len(b) {
				continue // cut off in the dump
			}
			list, delta := b[p:p+n], 0.0
			for j := 0; j < len(list); {
				if j > 0 || flags&0x20 != 0 {
					for v := 0x80; v&0x80 != 0; j++ {
						v = int(list[j])
						delta += float64(v & 0x7f) // every delta here is one byte
					}
				}
				if list[j] != 0xf1 {
					t.Fatalf("packet %04X: % X is not a quarter frame", seq, list[j:])
				}
				bySeq[seq] = append(bySeq[seq], cmd{(ts + delta) * 100, list[j : j+2]})
				j += 2
			}
		}
	}
	var seqs []int
	for s := range bySeq {
		seqs = append(seqs, s)
	}
	sort.Ints(seqs)
	if len(seqs) != 6 || seqs[0] != 0x045c || seqs[5] != 0x0464 {
		t.Fatalf("packets %X", seqs)
	}
	a := assemble.New()
	var got []string
	var evs []assemble.Event
	for _, s := range seqs {
		for _, c := range bySeq[s] {
			e, absorbed := a.Feed(c.tUS, c.raw)
			if !absorbed {
				t.Fatalf("% X not absorbed", c.raw)
			}
			evs = append(evs, e...)
		}
	}
	for _, e := range evs {
		got = append(got, e.Text)
	}
	sameTexts(t, "timecodes", got, []string{"00:00:15:11 @ 25 fps", "00:00:15:13 @ 25 fps", "00:00:15:15 @ 25 fps",
		"00:00:15:17 @ 25 fps", "00:00:15:19 @ 25 fps", "00:00:16:02 @ 25 fps"})
	for i := 1; i < len(evs); i++ {
		p, q := evs[i-1].Timecode, evs[i].Timecode
		frames := float64((q.Seconds*25 + q.Frames) - (p.Seconds*25 + p.Frames))
		if secs := (evs[i].TUS - evs[i-1].TUS) / 1e6; math.Abs(frames/secs-q.FPS) > 1e-9 {
			t.Errorf("%s → %s: %.0f frames in %.3f s", p, q, frames, secs)
		}
	}
}

// RPN 0 as sendmidi sends it, in MIDI Monitor (macOS): the pitch bend
// range, then the null parameter that deselects it.
func TestRealRPNSendMIDI(t *testing.T) {
	msgs := ccsOf(t, "sendmidi-22-midimonitor-rpn.txt", regexp.MustCompile(`\tControl\t(\d+)\t(\d+)\t(\d+)$`))
	if len(msgs) != 6 {
		t.Fatalf("%d CCs", len(msgs))
	}
	texts, evs := assembled(msgs)
	sameTexts(t, "sendmidi rpn", texts, []string{"RPN 0 pitch bend range = ±12 semitones 0 cents", "RPN null (no parameter selected)"})
	if p := evs[0].Param; p.Name != "pitch bend range" || *p.Semitones != 12 || *p.Cents != 0 || *p.Value != 1536 || evs[0].Channel != 1 {
		t.Fatalf("%+v", p)
	}
}

// NRPN 41 from a controller as JUCE logged it: parameter selected once,
// then four values, each a data MSB and LSB.
func TestRealNRPNJUCE(t *testing.T) {
	msgs := ccsOf(t, "ctrlrx-251-juce-nrpn.txt", regexp.MustCompile(`Ch:\[ *(\d+)\] No:\[ *(\d+)\] Val:\[ *(\d+)\]`))
	if len(msgs) != 10 {
		t.Fatalf("%d CCs", len(msgs))
	}
	texts, evs := assembled(msgs)
	sameTexts(t, "JUCE nrpn", texts, []string{"NRPN 41 (0/41) = 94", "NRPN 41 (0/41) = 92", "NRPN 41 (0/41) = 88", "NRPN 41 (0/41) = 86"})
	if p := evs[0].Param; p.Number != 41 || *p.Value != 94 || p.ValueMSBOnly || len(evs[0].Parts) != 4 || len(evs[1].Parts) != 2 {
		t.Fatalf("%+v %v %v", p, evs[0].Parts, evs[1].Parts)
	}
}

// NRPN 128 as SuperDirt sent it (issue 268), in MIDI Monitor: a bug
// sends the data MSB twice and the LSB 0 not at all, so 4096 reads as two
// MSB-only values; with LSB 1 the second MSB and the LSB make 4097.
func TestRealNRPNSuperDirt(t *testing.T) {
	re := regexp.MustCompile(`^(\d+)\t(\d+)\t(\d+)$`)
	texts, evs := assembled(ccsOf(t, "superdirt-268-midimonitor-nrpn-4096.txt", re))
	sameTexts(t, "4096", texts, []string{"NRPN 128 (1/0) = 4096", "NRPN 128 (1/0) = 4096"})
	if evs[0].Channel != 9 || !evs[0].Param.ValueMSBOnly {
		t.Fatalf("%+v", evs[0])
	}
	texts, evs = assembled(ccsOf(t, "superdirt-268-midimonitor-nrpn-4097.txt", re))
	sameTexts(t, "4097", texts, []string{"NRPN 128 (1/0) = 4096", "NRPN 128 (1/0) = 4097"})
	if p := evs[1].Param; *p.Value != 4097 || p.ValueMSBOnly || strings.Join(evs[1].Parts, " | ") != "B8 06 20 | B8 26 01" {
		t.Fatalf("%+v %v", p, evs[1].Parts)
	}
}
