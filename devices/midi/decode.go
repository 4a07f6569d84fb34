package midi

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"benchtop/devices/midi/assemble"
)

// Message types, as the log and the filters name them.
const (
	TypeNoteOn       = "note on"
	TypeNoteOff      = "note off"
	TypeCC           = "control change"
	TypePitchBend    = "pitch bend"
	TypeAftertouch   = "aftertouch" // channel pressure
	TypePolyPressure = "poly aftertouch"
	TypeProgram      = "program change"
	TypeSysEx        = "sysex"
	TypeClock        = "clock"
	TypeActiveSense  = "active sensing"
	TypeRealtime     = "realtime" // start, continue, stop, reset
	TypeSystem       = "system"   // song position, MTC, tune request, ...
	TypeUnknown      = "unknown"
)

// Message is one decoded MIDI message. Channel is 1–16 (0 for system).
type Message struct {
	Type     string `json:"type"`
	Channel  int    `json:"channel"`
	Note     int    `json:"note"`
	Velocity int    `json:"velocity"`
	CC       int    `json:"cc"`
	Value    int    `json:"value"` // CC value, pressure, program (0-based, as sent)
	// Bend is the 14-bit pitch bend centred on 0: -8192..8191.
	Bend int    `json:"bend"`
	Text string `json:"text"` // "C4 vel 100", "CC7 Volume = 96", ...
	Raw  []byte `json:"-"`
}

// carries says which of note, velocity, cc, value and bend a message of
// its type has. Zero is a value in all of them — note 0, CC 0 (bank
// select), program 0, a bend back to centre — so exports write exactly
// these fields, zeros included, and leave the others out.
type carries struct{ note, velocity, cc, value, bend bool }

func (m Message) carries() carries {
	switch m.Type {
	case TypeNoteOn, TypeNoteOff:
		return carries{note: true, velocity: true}
	case TypePolyPressure:
		return carries{note: true, value: true}
	case TypeCC:
		return carries{cc: true, value: true}
	case TypeProgram, TypeAftertouch:
		return carries{value: true}
	case TypePitchBend:
		return carries{bend: true}
	}
	return carries{}
}

// MarshalJSON writes the fields the message's type carries, zeros
// included (plain omitempty dropped a program change to 0, CC 0 and a
// bend back to centre), and the channel for channel messages.
func (m Message) MarshalJSON() ([]byte, error) {
	c := m.carries()
	opt := func(has bool, v int) *int {
		if !has {
			return nil
		}
		return &v
	}
	return json.Marshal(struct {
		Type     string `json:"type"`
		Channel  *int   `json:"channel,omitempty"`
		Note     *int   `json:"note,omitempty"`
		Velocity *int   `json:"velocity,omitempty"`
		CC       *int   `json:"cc,omitempty"`
		Value    *int   `json:"value,omitempty"`
		Bend     *int   `json:"bend,omitempty"`
		Text     string `json:"text"`
	}{m.Type, opt(m.Channel > 0, m.Channel), opt(c.note, m.Note), opt(c.velocity, m.Velocity), opt(c.cc, m.CC),
		opt(c.value, m.Value), opt(c.bend, m.Bend), m.Text})
}

// Hex is the raw bytes as "90 3C 64".
func (m Message) Hex() string {
	return strings.ToUpper(strings.TrimSpace(hexSpaced(m.Raw)))
}

func hexSpaced(b []byte) string {
	var sb strings.Builder
	for i, c := range b {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(hex.EncodeToString([]byte{c}))
	}
	return sb.String()
}

var noteNames = [12]string{"C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"}

// NoteName names a MIDI note, with middle C (60) as C4.
func NoteName(n int) string {
	if n < 0 || n > 127 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%s%d", noteNames[n%12], n/12-1)
}

// ccNames are the General MIDI / MIDI 1.0 controller names.
var ccNames = map[int]string{
	0: "Bank Select", 1: "Modulation", 2: "Breath", 4: "Foot", 5: "Portamento Time", 6: "Data Entry", 7: "Volume",
	8: "Balance", 10: "Pan", 11: "Expression", 12: "Effect 1", 13: "Effect 2", 32: "Bank Select LSB",
	64: "Sustain", 65: "Portamento", 66: "Sostenuto", 67: "Soft Pedal", 68: "Legato", 69: "Hold 2",
	71: "Resonance", 72: "Release", 73: "Attack", 74: "Cutoff", 84: "Portamento Control",
	91: "Reverb", 92: "Tremolo", 93: "Chorus", 94: "Detune", 95: "Phaser", 96: "Data Increment", 97: "Data Decrement",
	98: "NRPN LSB", 99: "NRPN MSB", 100: "RPN LSB", 101: "RPN MSB",
	120: "All Sound Off", 121: "Reset All Controllers", 122: "Local Control", 123: "All Notes Off",
	124: "Omni Off", 125: "Omni On", 126: "Mono On", 127: "Poly On",
}

// CCName is the standard name of a controller, or "CCn".
func CCName(cc int) string {
	if n, ok := ccNames[cc]; ok {
		return n
	}
	return fmt.Sprintf("CC%d", cc)
}

// Decode decodes one complete message. Note on with velocity 0 is note off.
func Decode(raw []byte) Message {
	m := Message{Raw: raw, Type: TypeUnknown}
	if len(raw) == 0 {
		m.Text = "empty"
		return m
	}
	st := raw[0]
	d := func(i int) int {
		if i < len(raw) {
			return int(raw[i] & 0x7f)
		}
		return -1
	}
	if st < 0xf0 && st >= 0x80 {
		m.Channel = int(st&0x0f) + 1
	}
	short := func(n int) bool {
		if len(raw) < n {
			m.Type = TypeUnknown
			m.Text = fmt.Sprintf("truncated %02X message (%d of %d bytes)", st&0xf0, len(raw), n)
			return true
		}
		return false
	}
	switch {
	case st < 0x80:
		m.Text = "data byte without status"
	case st&0xf0 == 0x90 || st&0xf0 == 0x80:
		if short(3) {
			break
		}
		m.Note, m.Velocity = d(1), d(2)
		if st&0xf0 == 0x90 && m.Velocity > 0 {
			m.Type = TypeNoteOn
			m.Text = fmt.Sprintf("%s (%d) vel %d", NoteName(m.Note), m.Note, m.Velocity)
		} else {
			m.Type = TypeNoteOff
			m.Text = fmt.Sprintf("%s (%d) vel %d", NoteName(m.Note), m.Note, m.Velocity)
		}
	case st&0xf0 == 0xa0:
		if short(3) {
			break
		}
		m.Type, m.Note, m.Value = TypePolyPressure, d(1), d(2)
		m.Text = fmt.Sprintf("%s pressure %d", NoteName(m.Note), m.Value)
	case st&0xf0 == 0xb0:
		if short(3) {
			break
		}
		m.Type, m.CC, m.Value = TypeCC, d(1), d(2)
		m.Text = fmt.Sprintf("CC%d %s = %d", m.CC, CCName(m.CC), m.Value)
	case st&0xf0 == 0xc0:
		if short(2) {
			break
		}
		m.Type, m.Value = TypeProgram, d(1)
		m.Text = fmt.Sprintf("program %d", m.Value+1)
	case st&0xf0 == 0xd0:
		if short(2) {
			break
		}
		m.Type, m.Value = TypeAftertouch, d(1)
		m.Text = fmt.Sprintf("pressure %d", m.Value)
	case st&0xf0 == 0xe0:
		if short(3) {
			break
		}
		m.Type = TypePitchBend
		m.Bend = (d(2)<<7 | d(1)) - 8192
		m.Text = fmt.Sprintf("bend %+d", m.Bend)
	case st == 0xf0:
		m.Type = TypeSysEx
		body := raw[1:]
		complete := len(body) > 0 && body[len(body)-1] == 0xf7
		if complete {
			body = body[:len(body)-1]
		}
		maker := "unknown maker"
		if id, name := assemble.Manufacturer(body); name != "" {
			maker = name
		} else if id != "" {
			maker = "maker " + id
		}
		m.Text = fmt.Sprintf("%d bytes, %s", len(raw), maker)
		if !complete {
			m.Text += " (no F7: truncated)"
		}
	case st == 0xf8:
		m.Type, m.Text = TypeClock, "timing clock"
	case st == 0xfe:
		m.Type, m.Text = TypeActiveSense, "active sensing"
	case st == 0xfa || st == 0xfb || st == 0xfc || st == 0xff:
		m.Type = TypeRealtime
		m.Text = map[byte]string{0xfa: "start", 0xfb: "continue", 0xfc: "stop", 0xff: "reset"}[st]
	case st == 0xf2:
		m.Type = TypeSystem
		if !short(3) {
			m.Type, m.Text = TypeSystem, fmt.Sprintf("song position %d", d(2)<<7|d(1))
		}
	case st == 0xf1 || st == 0xf3:
		m.Type = TypeSystem
		if !short(2) {
			m.Type, m.Text = TypeSystem, map[byte]string{0xf1: "MTC quarter frame", 0xf3: "song select"}[st]+fmt.Sprintf(" %d", d(1))
		}
	case st == 0xf6:
		m.Type, m.Text = TypeSystem, "tune request"
	default:
		m.Text = fmt.Sprintf("undefined status %02X", st)
	}
	return m
}

// Parser splits a raw byte stream (a serial line, a capture) into complete
// messages: running status, realtime bytes in the middle of other messages,
// SysEx cut short by another status byte, and stray data bytes are handled
// the way a MIDI receiver must.
type Parser struct {
	status  byte
	buf     []byte
	inSysEx bool
	// MaxSysEx bounds a SysEx message; a longer one is cut (default 64 KiB).
	MaxSysEx int
}

// dataLen is how many data bytes follow a status byte.
func dataLen(st byte) int {
	switch st & 0xf0 {
	case 0x80, 0x90, 0xa0, 0xb0, 0xe0:
		return 2
	case 0xc0, 0xd0:
		return 1
	}
	switch st {
	case 0xf2:
		return 2
	case 0xf1, 0xf3:
		return 1
	}
	return 0
}

// Feed adds bytes and calls emit for every complete message (the slice is
// the parser's: copy it to keep it).
func (p *Parser) Feed(b []byte, emit func([]byte)) {
	max := p.MaxSysEx
	if max <= 0 {
		max = 64 << 10
	}
	for _, c := range b {
		switch {
		case c >= 0xf8: // realtime: may interleave anything, never changes state
			emit([]byte{c})
		case c == 0xf0:
			p.inSysEx, p.status = true, 0
			p.buf = append(p.buf[:0], c)
		case c == 0xf7:
			if p.inSysEx {
				p.buf = append(p.buf, c)
				emit(p.buf)
				p.inSysEx = false
				p.buf = p.buf[:0]
			}
		case c >= 0x80:
			if p.inSysEx { // SysEx ended by another status: emit what came, marked truncated
				emit(p.buf)
				p.inSysEx = false
			}
			p.buf = append(p.buf[:0], c)
			if c >= 0xf0 {
				p.status = 0 // system common cancels running status
			} else {
				p.status = c
			}
			if dataLen(c) == 0 {
				emit(p.buf)
				p.buf = p.buf[:0]
			}
		default: // data byte
			if p.inSysEx {
				if len(p.buf) < max {
					p.buf = append(p.buf, c)
				}
				continue
			}
			if len(p.buf) == 0 {
				if p.status == 0 {
					continue // stray data byte: dropped
				}
				p.buf = append(p.buf, p.status) // running status
			}
			p.buf = append(p.buf, c)
			if len(p.buf) == 1+dataLen(p.buf[0]) {
				emit(p.buf)
				p.buf = p.buf[:0]
			}
		}
	}
}
