package ui

import (
	"strconv"
	"strings"

	"benchtop/devices/midi"
)

// logRow is one row of the log: a message, or an event assembled from
// messages (an RPN change, a timecode, an identity reply, …), drawn bold
// with the messages it was made of in the raw column.
type logRow struct {
	ev  *midi.Event
	asm *midi.Assembled
}

// logKey says whether a view has anything the log has not shown: the
// newest message, and the assembled events (one may come without a new
// message: a data MSB whose LSB never came).
type logKey struct {
	seq  uint64
	nAsm int
	tAsm float64
}

func keyOf(v midi.View) logKey {
	var k logKey
	if n := len(v.Events); n > 0 {
		k.seq = v.Events[n-1].Seq
	}
	if n := len(v.Assembled); n > 0 {
		k.nAsm, k.tAsm = n, v.Assembled[n-1].Event.TUS
	}
	return k
}

// mergeRows puts each assembled event after the message that completed
// it; messages folded into an event are left out unless parts is set.
// Assembled events older than the oldest message kept are dropped (the
// log shows the newest rows). Runs when the log takes rows (at most 5
// times a second), not per message.
func mergeRows(v midi.View, parts bool, limit int) []logRow {
	asm := v.Assembled
	if len(v.Events) > 0 {
		for len(asm) > 0 && asm[0].AfterSeq < v.Events[0].Seq {
			asm = asm[1:]
		}
	}
	rows := make([]logRow, 0, len(v.Events)+len(asm))
	midi.Interleave(v.Events, asm, func(ev *midi.Event, a *midi.Assembled) {
		if a != nil || !ev.Folded || parts {
			rows = append(rows, logRow{ev: ev, asm: a})
		}
	})
	if len(rows) > limit {
		rows = rows[len(rows)-limit:]
	}
	return rows
}

func (r logRow) cell(col int) string {
	if a := r.asm; a != nil {
		e := a.Event
		switch col {
		case 0:
			return strconv.FormatFloat(e.TUS/1000, 'f', 3, 64)
		case 3:
			return e.Kind
		case 4:
			if e.Channel == 0 {
				return ""
			}
			return strconv.Itoa(e.Channel)
		case 5:
			return e.Text
		case 6:
			return strings.Join(e.Parts, " | ")
		}
		return ""
	}
	ev := r.ev
	switch col {
	case 0:
		return strconv.FormatFloat(ev.AtUS/1000, 'f', 3, 64)
	case 1:
		return strconv.FormatFloat(float64(ev.Gap)/1e6, 'f', 3, 64)
	case 2:
		return ev.Port
	case 3:
		if ev.Folded {
			return "⤷ " + ev.Msg.Type
		}
		return ev.Msg.Type
	case 4:
		if ev.Msg.Channel == 0 {
			return ""
		}
		return strconv.Itoa(ev.Msg.Channel)
	case 5:
		return ev.Msg.Text
	}
	return ev.Hex
}
