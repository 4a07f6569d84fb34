package midi

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"benchtop/internal/files"
)

// Formats ReadMIDI recognises, by content (not by name).
const (
	FormatSMF = "smf"                 // Standard MIDI File ("MThd")
	FormatSyx = "syx"                 // raw SysEx bytes, one or more F0 … F7
	FormatLog = "benchtop.midi-log/1" // the JSON log Export log and `midi monitor --log` write
)

// LogSchema is the schema name of the JSON log.
const LogSchema = FormatLog

// ReadMIDIFile reads a .mid, a .syx or a benchtop.midi-log/1 JSON log,
// whichever the content is, as timed messages (a .syx has no times: all
// are at 0). A file that is none of them is an error saying so.
func ReadMIDIFile(path string) ([]Timed, string, error) {
	b, err := files.Read(path, MaxSMFSize)
	if err != nil {
		return nil, "", err
	}
	ev, format, err := ReadMIDI(b)
	if err != nil {
		return nil, format, fmt.Errorf("%s: %w", path, err)
	}
	return ev, format, nil
}

// ReadMIDI is ReadMIDIFile on bytes.
func ReadMIDI(b []byte) ([]Timed, string, error) {
	trimmed := bytes.TrimLeft(b, " \t\r\n\xef\xbb\xbf")
	switch {
	case bytes.HasPrefix(b, []byte("MThd")):
		ev, _, err := ParseSMF(b)
		return ev, FormatSMF, err
	case len(b) > 0 && b[0] == 0xf0:
		return readSyx(b)
	case len(trimmed) > 0 && trimmed[0] == '{':
		ev, err := readLog(trimmed)
		return ev, FormatLog, err
	}
	return nil, "", fmt.Errorf("not MIDI: neither a MIDI file (MThd), SysEx (F0 … F7) nor a %s JSON log", LogSchema)
}

// readSyx splits raw SysEx bytes into messages. Bytes outside F0 … F7
// (other than realtime, which may interleave) make it not a .syx.
func readSyx(b []byte) ([]Timed, string, error) {
	var p Parser
	p.MaxSysEx = MaxSMFSize
	var out []Timed
	var bad error
	p.Feed(b, func(m []byte) {
		if bad != nil {
			return
		}
		if m[0] != 0xf0 && m[0] < 0xf8 {
			bad = fmt.Errorf("not a .syx: a %02X message among the SysEx (message %d)", m[0], len(out)+1)
			return
		}
		out = append(out, Timed{Raw: append([]byte(nil), m...)})
	})
	if bad != nil {
		return nil, FormatSyx, bad
	}
	if n := len(out); n == 0 || out[n-1].Raw[len(out[n-1].Raw)-1] != 0xf7 {
		return out, FormatSyx, fmt.Errorf("not a .syx: the last SysEx has no F7 (cut short)")
	}
	return out, FormatSyx, nil
}

// readLog reads {"schema": "benchtop.midi-log/1", "events": [{"t_us": …,
// "hex": "90 3C 64"}, …]}: other fields are ignored, so a log written by
// another tool needs only these. hex may hold several messages (running
// status continues from one event to the next).
func readLog(b []byte) ([]Timed, error) {
	var doc struct {
		Schema *string `json:"schema"`
		Events []struct {
			TUS *float64 `json:"t_us"`
			Hex *string  `json:"hex"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("not MIDI: JSON, but not a %s log: %v", LogSchema, err)
	}
	if doc.Schema == nil || *doc.Schema != LogSchema {
		got := "none"
		if doc.Schema != nil {
			got = fmt.Sprintf("%q", *doc.Schema)
		}
		return nil, fmt.Errorf("not MIDI: JSON with schema %s, want %q", got, LogSchema)
	}
	var p Parser
	var out []Timed
	last := 0.0
	for i, e := range doc.Events {
		if e.TUS == nil || e.Hex == nil {
			return nil, fmt.Errorf("event %d: needs t_us and hex", i+1)
		}
		if *e.TUS < 0 || *e.TUS < last || *e.TUS > float64(MaxSMFLength/time.Microsecond) {
			return nil, fmt.Errorf("event %d: t_us %v: times must not go back, nor be negative or over 24 h", i+1, *e.TUS)
		}
		last = *e.TUS
		raw, err := hex.DecodeString(strings.Join(strings.Fields(*e.Hex), ""))
		if err != nil {
			return nil, fmt.Errorf("event %d: hex %q: %v", i+1, *e.Hex, err)
		}
		at := time.Duration(*e.TUS * 1e3)
		p.Feed(raw, func(m []byte) { out = append(out, Timed{At: at, Raw: append([]byte(nil), m...)}) })
		if len(out) > MaxSMFMessages {
			return nil, fmt.Errorf("over %d messages", MaxSMFMessages)
		}
	}
	return out, nil
}
