package assemble

import (
	"bytes"
	"fmt"
)

// sysex names Universal SysEx (7E non-realtime, 7F realtime) and the GS
// and XG resets. Other SysEx is not an assembled event (ok false).
func (a *Assembler) sysex(tUS float64, raw []byte) (Event, bool) {
	if len(raw) < 2 || raw[len(raw)-1] != 0xf7 {
		return Event{}, false // truncated: nothing to trust
	}
	b := raw[1 : len(raw)-1]
	ev := Event{TUS: tUS, Parts: []string{Hex(raw)}}
	switch {
	case len(b) >= 4 && b[0] == 0x7e:
		return a.nonRealtime(ev, b)
	case len(b) >= 4 && b[0] == 0x7f:
		return a.realtime(ev, b)
	case len(b) == 9 && b[0] == 0x41 && bytes.Equal(b[2:], []byte{0x42, 0x12, 0x40, 0x00, 0x7f, 0x00, 0x41}):
		ev.Kind, ev.Universal = KindUniversal, &Universal{Device: int(b[1]), Name: "GS Reset"}
	case len(b) == 7 && b[0] == 0x43 && b[1]&0xf0 == 0x10 && bytes.Equal(b[2:], []byte{0x4c, 0x00, 0x00, 0x7e, 0x00}):
		ev.Kind, ev.Universal = KindUniversal, &Universal{Device: int(b[1] & 0x0f), Name: "XG System On"}
	default:
		return Event{}, false
	}
	ev.Text = fmt.Sprintf("%s (device %s)", ev.Universal.Name, device(ev.Universal.Device))
	return ev, true
}

func device(d int) string {
	if d < 0 {
		return "none: no device byte"
	}
	if d == 0x7f {
		return "7F: all"
	}
	return fmt.Sprintf("%02X", d)
}

var nonRealtimeNames = map[[2]byte]string{
	{0x01, 0}: "Sample Dump Header", {0x02, 0}: "Sample Data Packet", {0x03, 0}: "Sample Dump Request",
	{0x07, 0}: "File Dump", {0x08, 0}: "MIDI Tuning Standard",
	{0x09, 0x01}: "GM System On", {0x09, 0x02}: "GM System Off", {0x09, 0x03}: "GM2 System On",
	{0x7b, 0}: "End of File", {0x7c, 0}: "Wait", {0x7d, 0}: "Cancel", {0x7e, 0}: "NAK", {0x7f, 0}: "ACK",
}

var realtimeNames = map[[2]byte]string{
	{0x01, 0x01}: "MTC Full Message", {0x01, 0x02}: "MTC User Bits", {0x03, 0}: "Notation Information",
	{0x04, 0x01}: "Master Volume", {0x04, 0x02}: "Master Balance", {0x04, 0x03}: "Master Fine Tuning",
	{0x04, 0x04}: "Master Coarse Tuning", {0x08, 0}: "MIDI Tuning Standard (realtime)",
}

// name looks a sub-ID pair up, then the first sub-ID alone.
func name(t map[[2]byte]string, s1, s2 byte) string {
	if n, ok := t[[2]byte{s1, s2}]; ok {
		return n
	}
	return t[[2]byte{s1, 0}]
}

func (a *Assembler) nonRealtime(ev Event, b []byte) (Event, bool) {
	dev, s1, s2 := int(b[1]), b[2], b[3]
	// F0 7E 06 02 mm ff ff dd dd ss ss ss ss F7: an identity reply without
	// its device byte (Waldorf Microwave II/XT); exactly that length, so
	// no real Sample Data Packet (over 120 bytes) is taken for one
	if dev == 0x06 && s1 == 0x02 && (len(b) == 12 && s2 != 0 || len(b) == 14 && s2 == 0) {
		dev, s1, s2 = -1, 0x06, 0x02
		b = append([]byte{b[0], 0x7f}, b[1:]...)
	}
	switch {
	case s1 == 0x06 && s2 == 0x01:
		ev.Kind = KindIdentityReq
		ev.Text = fmt.Sprintf("Identity Request (device %s)", device(dev))
		return ev, true
	case s1 == 0x06 && s2 == 0x02:
		id, ok := identity(dev, b[4:])
		if !ok {
			return Event{}, false
		}
		ev.Kind, ev.Identity = KindIdentity, id
		maker := id.Manufacturer
		if maker == "" {
			maker = "manufacturer " + id.ManufacturerID + " (not in the table)"
		}
		ev.Text = fmt.Sprintf("Identity Reply from %s: family %s, model %s, version %s (device %s)",
			maker, id.FamilyBytes, id.ModelBytes, id.Version, device(dev))
		if id.Extra != "" {
			ev.Text += fmt.Sprintf(", %d more bytes", (len(id.Extra)+1)/3)
		}
		return ev, true
	}
	n := name(nonRealtimeNames, s1, s2)
	if n == "" {
		n = fmt.Sprintf("Universal non-realtime %02X %02X", s1, s2)
	}
	ev.Kind = KindUniversal
	ev.Universal = &Universal{Device: dev, SubID1: int(s1), SubID2: int(s2), Name: n}
	ev.Text = fmt.Sprintf("%s (device %s)", n, device(dev))
	return ev, true
}

// identity reads mm [mm mm] ff ff dd dd ss ss ss ss after F0 7E dev 06 02.
func identity(dev int, b []byte) (*Identity, bool) {
	idLen := 1
	if len(b) > 0 && b[0] == 0 {
		idLen = 3
	}
	if len(b) < idLen+8 {
		return nil, false
	}
	idb := b[:idLen]
	r := b[idLen:]
	id := &Identity{Device: dev, ManufacturerID: Hex(idb), Manufacturer: ManufacturerName(idb),
		Family: int(r[0]&0x7f) | int(r[1]&0x7f)<<7, Model: int(r[2]&0x7f) | int(r[3]&0x7f)<<7,
		FamilyBytes: Hex(r[0:2]), ModelBytes: Hex(r[2:4]), Version: Hex(r[4:8]), Extra: Hex(r[8:]), NoDeviceByte: dev < 0}
	return id, true
}

func (a *Assembler) realtime(ev Event, b []byte) (Event, bool) {
	dev, s1, s2 := int(b[1]), b[2], b[3]
	switch {
	case s1 == 0x01 && s2 == 0x01 && len(b) >= 8:
		ev.Kind, ev.Timecode = KindTimecode, timecodeOf(b[4:8], "full frame")
		ev.Text = ev.Timecode.String() + " (full frame)"
		return ev, true
	case s1 == 0x06:
		cmd := int(s2)
		ev.Kind, ev.MMC = KindMMC, &MMC{Device: dev, Command: cmd, Name: mmcName(cmd)}
		ev.Text = fmt.Sprintf("MMC %s (device %s)", ev.MMC.Name, device(dev))
		// locate: 44 06 01 hr mn sc fr st
		if cmd == 0x44 && len(b) >= 11 && b[4] == 0x06 && b[5] == 0x01 {
			ev.Timecode = timecodeOf(b[6:10], "mmc locate")
			ev.Text = fmt.Sprintf("MMC Locate to %s (device %s)", ev.Timecode, device(dev))
		}
		return ev, true
	}
	n := name(realtimeNames, s1, s2)
	if n == "" {
		n = fmt.Sprintf("Universal realtime %02X %02X", s1, s2)
	}
	ev.Kind = KindUniversal
	ev.Universal = &Universal{Realtime: true, Device: dev, SubID1: int(s1), SubID2: int(s2), Name: n}
	ev.Text = fmt.Sprintf("%s (device %s)", n, device(dev))
	if s1 == 0x04 && len(b) >= 6 { // 14-bit, LSB first
		v := int(b[4]&0x7f) | int(b[5]&0x7f)<<7
		ev.Universal.Value = intp(v)
		ev.Text = fmt.Sprintf("%s = %d (device %s)", n, v, device(dev))
	}
	return ev, true
}

var mmcNames = map[int]string{0x01: "Stop", 0x02: "Play", 0x03: "Deferred Play", 0x04: "Fast Forward",
	0x05: "Rewind", 0x06: "Record Strobe", 0x07: "Record Exit", 0x08: "Record Pause", 0x09: "Pause",
	0x0a: "Eject", 0x0b: "Chase", 0x0c: "Command Error Reset", 0x0d: "MMC Reset", 0x40: "Write",
	0x44: "Locate", 0x47: "Shuttle"}

func mmcName(c int) string {
	if n, ok := mmcNames[c]; ok {
		return n
	}
	return fmt.Sprintf("command %02X", c)
}
