package assemble

import "slices"

// Voice is a note sounding on an MPE member channel: MPE gives each note a
// channel of its own, so the channel's pitch bend, pressure and CC 74
// (timbre) are that note's.
type Voice struct {
	Zone      string  `json:"zone"`
	Channel   int     `json:"channel"`
	Note      int     `json:"note"`
	Velocity  int     `json:"velocity"`
	Bend      int     `json:"bend"`      // -8192..8191
	Semitones float64 `json:"semitones"` // the bend in semitones: the channel's pitch bend range (RPN 0), 48 by default on members
	Pressure  int     `json:"pressure"`  // channel pressure, 0–127
	Timbre    int     `json:"timbre"`    // CC 74, 0–127 (64 before any)
}

// mpeBendRange is a member channel's pitch bend range until RPN 0 sets it
// (MPE 1.0: ±48 semitones).
const mpeBendRange = 48

// zoneOf names the zone a channel (1–16) is a member of, or "".
func (a *Assembler) zoneOf(ch int) string {
	for _, z := range a.zones {
		if z.Members > 0 && ch >= z.First && ch <= z.Last {
			return z.Zone
		}
	}
	return ""
}

// mpe follows notes, bend, pressure and timbre on member channels; only
// called while a zone is configured. ch is 1–16.
func (a *Assembler) mpe(ch int, raw []byte) {
	zone := a.zoneOf(ch)
	if zone == "" || len(raw) < 2 {
		return
	}
	if a.voices == nil {
		a.voices = map[int]*Voice{}
	}
	v := a.voices[ch]
	switch raw[0] & 0xf0 {
	case 0x90:
		if len(raw) < 3 {
			return
		}
		if raw[2] == 0 {
			if v != nil && v.Note == int(raw[1]) {
				delete(a.voices, ch)
			}
			return
		}
		// a new note keeps the channel's bend, pressure and timbre: MPE
		// senders set them just before the note on
		nv := &Voice{Zone: zone, Channel: ch, Note: int(raw[1]), Velocity: int(raw[2]), Timbre: 64}
		if v != nil {
			nv.Bend, nv.Pressure, nv.Timbre = v.Bend, v.Pressure, v.Timbre
		}
		a.voices[ch] = nv
		v = nv
	case 0x80:
		if v != nil && v.Note == int(raw[1]) {
			delete(a.voices, ch)
		}
		return
	}
	if v == nil { // bend or pressure before the note: kept for it
		v = &Voice{Zone: zone, Channel: ch, Note: -1, Timbre: 64}
		a.voices[ch] = v
	}
	switch raw[0] & 0xf0 {
	case 0xe0:
		if len(raw) >= 3 {
			v.Bend = (int(raw[2]&0x7f)<<7 | int(raw[1]&0x7f)) - 8192
		}
	case 0xd0:
		v.Pressure = int(raw[1] & 0x7f)
	case 0xb0:
		if len(raw) >= 3 && raw[1] == 74 {
			v.Timbre = int(raw[2] & 0x7f)
		}
	}
	v.Semitones = float64(v.Bend) / 8192 * a.bendRange(ch)
}

// bendRange is channel ch's pitch bend range in semitones.
func (a *Assembler) bendRange(ch int) float64 {
	if d, ok := a.ch[ch-1].known['r'<<14]; ok { // RPN 0 set on the channel
		return float64(d>>7) + float64(d&0x7f)/100
	}
	return mpeBendRange
}

// Voices are the notes sounding on MPE member channels, lowest first.
func (a *Assembler) Voices() []Voice { return a.AppendVoices(nil) }

// AppendVoices appends the voices to dst (Voices' order): a reader that
// reuses dst allocates nothing once it has grown.
func (a *Assembler) AppendVoices(dst []Voice) []Voice {
	n := len(dst)
	for _, v := range a.voices {
		if v.Note >= 0 && a.zoneOf(v.Channel) != "" { // a zone made smaller drops its voices
			dst = append(dst, *v)
		}
	}
	slices.SortFunc(dst[n:], byNote)
	return dst
}

func byNote(a, b Voice) int {
	if a.Note != b.Note {
		return a.Note - b.Note
	}
	return a.Channel - b.Channel
}
