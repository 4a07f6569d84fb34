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
	// a controller 0–31 is shown when it comes; when its LSB (32–63)
	// follows, the pair is one event and the MSB's row is folded into it
	msbRow := map[[2]int]int{} // channel, cc → index in d.Rows
	drop := map[int]bool{}
	for _, e := range events {
		tUS := float64(e.At) / float64(time.Microsecond)
		evs, absorbed := a.Feed(tUS, e.Raw)
		msg := Decode(e.Raw)
		show := !absorbed || opt.Folded
		if msg.Type == TypeClock || msg.Type == TypeActiveSense {
			// the tempo assembler absorbs every clock: Realtime alone lists them
			show = opt.Realtime
		}
		if show {
			m := msg
			if m.Type == TypeCC && m.CC < 32 {
				msbRow[[2]int{m.Channel, m.CC}] = len(d.Rows)
			}
			d.Rows = append(d.Rows, Row{TUS: tUS, Kind: KindMessage, Text: msg.Text, Hex: msg.Hex(), Message: &m, Folded: absorbed})
		}
		for _, ev := range evs {
			if ev.CC14 == nil {
				continue
			}
			k := [2]int{ev.Channel, ev.CC14.CC}
			if i, ok := msbRow[k]; ok {
				d.Rows[i].Folded = true
				drop[i] = !opt.Folded
				delete(msbRow, k)
			}
		}
		add(evs)
	}
	add(a.FlushAll())
	if len(drop) > 0 {
		kept := d.Rows[:0]
		for i, r := range d.Rows {
			if !drop[i] {
				kept = append(kept, r)
			}
		}
		d.Rows = kept
	}
	// a data MSB reported when its LSB did not come goes back to its time
	sort.SliceStable(d.Rows, func(i, j int) bool { return d.Rows[i].TUS < d.Rows[j].TUS })
	d.Tempo, d.MPEZones = a.Tempo(), a.Zones()
	return d
}
