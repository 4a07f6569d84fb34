package midi

import (
	"sort"
	"time"

	"benchtop/devices/midi/assemble"
)

// DecodeSchema names the JSON document of `benchtop midi decode`.
const DecodeSchema = "benchtop.midi-decode/1"

// KindMessage is the kind of a Row that is one message, not assembled.
const KindMessage = "message"

// Row is one line of a decoding: a single message, or an assembled event
// (an RPN change, a timecode, an identity reply, a tempo, …).
type Row struct {
	TUS  float64 `json:"t_us"`
	Kind string  `json:"kind"` // "message", or the assembled event's kind
	Text string  `json:"text"`
	// A message: its hex and decoding; Folded when it is also a part of
	// an assembled event (listed only when asked for).
	Hex     string   `json:"hex,omitempty"`
	Message *Message `json:"message,omitempty"`
	Folded  bool     `json:"folded,omitempty"`
	// An assembled event, with the hex of the messages it is made of.
	Event *assemble.Event `json:"event,omitempty"`
}

// Decoding is a whole file decoded and assembled.
type Decoding struct {
	Schema   string              `json:"schema"`
	File     string              `json:"file,omitempty"`
	Format   string              `json:"format"`   // smf, syx, benchtop.midi-log/1
	Messages int                 `json:"messages"` // messages read
	Rows     []Row               `json:"rows"`
	Tempo    assemble.Tempo      `json:"tempo"`     // at the end
	MPEZones [2]assemble.MPEZone `json:"mpe_zones"` // at the end: lower, upper
}

// AssembleOptions choose what a decoding lists besides assembled events
// and the messages that are not part of one.
type AssembleOptions struct {
	Realtime bool // clock and active sensing messages too
	Folded   bool // the messages folded into assembled events too
}

// AssembleAll decodes and assembles timed messages, in order.
func AssembleAll(format string, events []Timed, opt AssembleOptions) Decoding {
	d := Decoding{Schema: DecodeSchema, Format: format, Messages: len(events), Rows: []Row{}}
	a := assemble.New()
	add := func(evs []assemble.Event) {
		for i := range evs {
			e := evs[i]
			d.Rows = append(d.Rows, Row{TUS: e.TUS, Kind: e.Kind, Text: e.Text, Event: &e})
		}
	}
	for _, e := range events {
		tUS := float64(e.At) / float64(time.Microsecond)
		evs, absorbed := a.Feed(tUS, e.Raw)
		msg := Decode(e.Raw)
		show := !absorbed || opt.Folded
		if !opt.Realtime && (msg.Type == TypeClock || msg.Type == TypeActiveSense) {
			show = false
		}
		if show {
			m := msg
			d.Rows = append(d.Rows, Row{TUS: tUS, Kind: KindMessage, Text: msg.Text, Hex: msg.Hex(), Message: &m, Folded: absorbed})
		}
		add(evs)
	}
	add(a.FlushAll())
	// a data MSB reported when its LSB did not come goes back to its time
	sort.SliceStable(d.Rows, func(i, j int) bool { return d.Rows[i].TUS < d.Rows[j].TUS })
	d.Tempo, d.MPEZones = a.Tempo(), a.Zones()
	return d
}
