// Package assemble turns a stream of single MIDI messages into the events
// they make together: RPN and NRPN changes, 14-bit controllers, MTC
// timecode, song position, MMC commands, Universal SysEx (Identity
// Request/Reply, GM/GS/XG resets), MPE zones and the tempo of a clock.
// It is pure Go, knows nothing of ports or the window, and does not import
// the midi package (which feeds it).
package assemble

// Kinds of assembled events.
const (
	KindRPN          = "rpn"
	KindNRPN         = "nrpn"
	KindCC14         = "cc14"
	KindSongPosition = "song position"
	KindSongSelect   = "song select"
	KindTimecode     = "timecode"
	KindMMC          = "mmc"
	KindIdentityReq  = "identity request"
	KindIdentity     = "identity reply"
	KindUniversal    = "universal" // GM System On/Off, GS Reset, XG On, handshakes, master volume, ...
	KindTempo        = "tempo"
	KindTransport    = "transport" // start, stop, continue
)

// Event is one assembled event: what several messages (or one SysEx)
// mean together. Exactly the sub-structure its kind carries is set.
type Event struct {
	TUS     float64 `json:"t_us"` // time of the last message it is made of
	Kind    string  `json:"kind"`
	Channel int     `json:"channel,omitempty"` // 1–16 for channel events
	Text    string  `json:"text"`
	// Parts are the messages it was assembled from, as hex ("B0 65 00").
	Parts []string `json:"parts"`

	Param        *Param     `json:"param,omitempty"`         // rpn, nrpn
	CC14         *CC14      `json:"cc14,omitempty"`          // cc14
	Timecode     *Timecode  `json:"timecode,omitempty"`      // timecode (and MMC locate)
	SongPosition *int       `json:"song_position,omitempty"` // song position, transport: MIDI beats (sixteenths)
	Song         *int       `json:"song,omitempty"`          // song select: 0–127 as sent
	MMC          *MMC       `json:"mmc,omitempty"`
	Identity     *Identity  `json:"identity,omitempty"` // identity reply (and the device of a request)
	Universal    *Universal `json:"universal,omitempty"`
	Tempo        *Tempo     `json:"tempo,omitempty"` // tempo, transport
	MPE          *MPEZone   `json:"mpe,omitempty"`   // rpn 6
}

// Param is an RPN or NRPN change.
type Param struct {
	Number int    `json:"number"` // MSB<<7 | LSB: 0–16383 (RPN 16383 is the null parameter)
	MSB    int    `json:"msb"`
	LSB    int    `json:"lsb"`
	Op     string `json:"op"` // "set", "increment", "decrement", "null"
	// Value is the 14-bit value (data MSB<<7 | LSB) after the change; nil
	// when unknown (an increment of a value never set). ValueMSBOnly says
	// the data LSB (CC 38) did not follow, so the LSB is taken as 0.
	Value        *int     `json:"value,omitempty"`
	ValueMSBOnly bool     `json:"value_msb_only,omitempty"`
	Name         string   `json:"name,omitempty"`      // registered parameters: "pitch bend range", ...
	Semitones    *int     `json:"semitones,omitempty"` // pitch bend range, coarse tuning
	Cents        *float64 `json:"cents,omitempty"`     // pitch bend range, fine tuning
}

// CC14 is a controller 0–31 joined with its LSB partner 32–63.
type CC14 struct {
	CC    int    `json:"cc"` // the MSB controller, 0–31
	Name  string `json:"name"`
	MSB   int    `json:"msb"`
	LSB   int    `json:"lsb"`
	Value int    `json:"value"` // MSB<<7 | LSB: 0–16383
}

// Timecode is an SMPTE time from MTC (eight quarter frames, or one full
// frame SysEx) or an MMC locate.
type Timecode struct {
	Hours   int     `json:"hours"`
	Minutes int     `json:"minutes"`
	Seconds int     `json:"seconds"`
	Frames  int     `json:"frames"`
	Rate    string  `json:"rate"` // "24", "25", "29.97 drop", "30"
	FPS     float64 `json:"fps"`
	Source  string  `json:"source"` // "quarter frames", "full frame", "mmc locate"
	// Reverse: the quarter frames came 7…0 (tape running backwards).
	Reverse bool `json:"reverse,omitempty"`
}

// MMC is a MIDI Machine Control command (F0 7F dev 06 cmd … F7).
type MMC struct {
	Device  int    `json:"device"` // 0x7F: all
	Command int    `json:"command"`
	Name    string `json:"name"`
}

// Identity is what an Identity Reply says (F0 7E dev 06 02 … F7).
type Identity struct {
	Device         int    `json:"device"`
	ManufacturerID string `json:"manufacturer_id"` // "41" or "00 20 29"
	Manufacturer   string `json:"manufacturer"`    // "" when not in the table
	Family         int    `json:"family"`          // 14-bit, sent LSB first
	Model          int    `json:"model"`           // 14-bit, sent LSB first
	FamilyBytes    string `json:"family_bytes"`    // as sent (LSB first), hex: manuals list these
	ModelBytes     string `json:"model_bytes"`     // as sent (LSB first), hex
	Version        string `json:"version"`         // the four bytes as sent, hex
	// Extra is what came after the version (some makers add a serial
	// number or more version bytes), hex.
	Extra string `json:"extra,omitempty"`
	// NoDeviceByte: the reply left out the device ID (F0 7E 06 02 …), as
	// the Waldorf Microwave II/XT does; Device is then -1.
	NoDeviceByte bool `json:"no_device_byte,omitempty"`
}

// Universal is a Universal (or well-known manufacturer) system message.
type Universal struct {
	Realtime bool   `json:"realtime"` // 7F (realtime) or 7E (non-realtime); false for GS/XG
	Device   int    `json:"device"`
	SubID1   int    `json:"sub_id1"`
	SubID2   int    `json:"sub_id2"`
	Name     string `json:"name"` // "GM System On", "GS Reset", "Master Volume", ...
	Value    *int   `json:"value,omitempty"`
}

// Tempo is what the timing clock says.
type Tempo struct {
	BPM      float64 `json:"bpm"`       // 0 until two clocks arrived
	JitterUS float64 `json:"jitter_us"` // standard deviation of the clock intervals in the window
	Clocks   int     `json:"clocks"`    // intervals in the window
	State    string  `json:"state"`     // "playing", "stopped", "" (no start/stop seen)
}

// MPEZone is an MPE zone as RPN 6 configured it.
type MPEZone struct {
	Zone    string `json:"zone"`    // "lower" (manager channel 1) or "upper" (manager channel 16)
	Manager int    `json:"manager"` // 1 or 16
	Members int    `json:"members"` // member channels, 0 (zone off) to 15
	// First and Last member channel (0 when the zone is off).
	First int `json:"first"`
	Last  int `json:"last"`
}

// Hex writes bytes as "F0 7E 7F 06 01 F7".
func Hex(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, 3*len(b)-1)
	for i, c := range b {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, digits[c>>4], digits[c&0x0f])
	}
	return string(out)
}

func intp(v int) *int { return &v }
