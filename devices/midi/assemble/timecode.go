package assemble

import "fmt"

// mtcState collects MTC quarter frames (F1 0nnn dddd): eight pieces, in
// order 0…7 (or 7…0 when the tape runs backwards), make one timecode.
type mtcState struct {
	piece [8]int
	parts [8]string
	last  int // last piece number, -1 none
	run   int // consecutive pieces in one direction
	dir   int // +1 forward, -1 reverse
}

var mtcRates = [4]struct {
	name string
	fps  float64
}{{"24", 24}, {"25", 25}, {"29.97 drop", 30000.0 / 1001}, {"30", 30}}

func (m *mtcState) quarter(tUS float64, raw []byte) (Event, bool) {
	p, d := int(raw[1]>>4&7), int(raw[1]&0x0f)
	switch {
	case m.run > 0 && m.dir >= 0 && p == m.last+1:
		m.run, m.dir = m.run+1, 1
	case m.run > 0 && m.dir <= 0 && p == m.last-1:
		m.run, m.dir = m.run+1, -1
	case p == 0:
		m.run, m.dir = 1, 1
	case p == 7:
		m.run, m.dir = 1, -1
	default:
		m.run = 0 // a piece out of order: wait for the next 0 (or 7)
	}
	m.last = p
	m.piece[p], m.parts[p] = d, Hex(raw[:2])
	if m.run < 8 || (m.dir == 1 && p != 7) || (m.dir == -1 && p != 0) {
		return Event{}, false
	}
	m.run = 0
	q := m.piece
	tc := Timecode{Frames: q[0] | (q[1]&1)<<4, Seconds: q[2] | (q[3]&3)<<4, Minutes: q[4] | (q[5]&3)<<4,
		Hours: q[6] | (q[7]&1)<<4, Source: "quarter frames", Reverse: m.dir == -1}
	r := mtcRates[q[7]>>1&3]
	tc.Rate, tc.FPS = r.name, r.fps
	parts := append([]string(nil), m.parts[:]...)
	if tc.Reverse {
		for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
			parts[i], parts[j] = parts[j], parts[i]
		}
	}
	return Event{TUS: tUS, Kind: KindTimecode, Parts: parts, Timecode: &tc, Text: tc.String()}, true
}

// String is "01:02:03:04 @ 25 fps".
func (tc Timecode) String() string {
	s := fmt.Sprintf("%02d:%02d:%02d:%02d", tc.Hours, tc.Minutes, tc.Seconds, tc.Frames)
	if tc.Rate != "" {
		s += " @ " + tc.Rate + " fps"
	}
	if tc.Reverse {
		s += " (reverse)"
	}
	return s
}

// timecodeOf reads hr mn sc fr as MTC full frame and MMC locate send
// them: 0rrhhhhh, then minutes, seconds and frames.
func timecodeOf(b []byte, source string) *Timecode {
	r := mtcRates[b[0]>>5&3]
	return &Timecode{Hours: int(b[0] & 0x1f), Minutes: int(b[1] & 0x3f), Seconds: int(b[2] & 0x3f), Frames: int(b[3] & 0x1f),
		Rate: r.name, FPS: r.fps, Source: source}
}
