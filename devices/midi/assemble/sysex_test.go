package assemble

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
)

// Done when: an identity reply names its manufacturer (one- and three-byte IDs).
func TestIdentityReply(t *testing.T) {
	// Roland, one-byte ID: family 0x0042 (42 00), model 0x0001 (01 00), version 00 03 00 00
	ev := one(t, feed(t, []byte{0xf0, 0x7e, 0x10, 0x06, 0x02, 0x41, 0x42, 0x00, 0x01, 0x00, 0x00, 0x03, 0x00, 0x00, 0xf7}), KindIdentity)
	id := ev.Identity
	if id.Manufacturer != "Roland" || id.ManufacturerID != "41" || id.Family != 0x42 || id.Model != 1 || id.Version != "00 03 00 00" || id.Device != 0x10 || id.FamilyBytes != "42 00" {
		t.Fatalf("%+v", id)
	}
	if ev.Text != "Identity Reply from Roland: family 42 00, model 01 00, version 00 03 00 00 (device 10)" {
		t.Fatalf("%q", ev.Text)
	}
	// Novation, three-byte 00 20 29; family LSB first across two 7-bit bytes: 0x1234 = 34 24
	ev = one(t, feed(t, []byte{0xf0, 0x7e, 0x7f, 0x06, 0x02, 0x00, 0x20, 0x29, 0x34, 0x24, 0x01, 0x00, 1, 2, 3, 4, 0xf7}), KindIdentity)
	if ev.Identity.Manufacturer != "Novation" || ev.Identity.ManufacturerID != "00 20 29" || ev.Identity.Family != 0x1234 {
		t.Fatalf("%+v", ev.Identity)
	}
	// an ID not in the table is shown as hex; a reply cut short is not an identity
	ev = one(t, feed(t, []byte{0xf0, 0x7e, 0x00, 0x06, 0x02, 0x00, 0x7f, 0x7e, 0, 0, 0, 0, 0, 0, 0, 0, 0xf7}), KindIdentity)
	if !strings.Contains(ev.Text, "manufacturer 00 7F 7E (not in the table)") {
		t.Fatalf("%q", ev.Text)
	}
	if evs := feed(t, []byte{0xf0, 0x7e, 0x00, 0x06, 0x02, 0x41, 0x42, 0xf7}); len(evs) != 0 {
		t.Fatalf("%+v", evs)
	}
}

func TestUniversalNamed(t *testing.T) {
	cases := []struct {
		raw  []byte
		kind string
		text string
	}{
		{[]byte{0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7}, KindIdentityReq, "Identity Request (device 7F: all)"},
		{[]byte{0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7}, KindUniversal, "GM System On (device 7F: all)"},
		{[]byte{0xf0, 0x7e, 0x7f, 0x09, 0x02, 0xf7}, KindUniversal, "GM System Off (device 7F: all)"},
		{[]byte{0xf0, 0x7e, 0x7f, 0x09, 0x03, 0xf7}, KindUniversal, "GM2 System On (device 7F: all)"},
		{[]byte{0xf0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7f, 0x00, 0x41, 0xf7}, KindUniversal, "GS Reset (device 10)"},
		{[]byte{0xf0, 0x43, 0x10, 0x4c, 0x00, 0x00, 0x7e, 0x00, 0xf7}, KindUniversal, "XG System On (device 00)"},
		{[]byte{0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x00, 0x40, 0xf7}, KindUniversal, "Master Volume = 8192 (device 7F: all)"},
		{[]byte{0xf0, 0x7f, 0x7f, 0x06, 0x02, 0xf7}, KindMMC, "MMC Play (device 7F: all)"},
		{[]byte{0xf0, 0x7f, 0x01, 0x06, 0x01, 0xf7}, KindMMC, "MMC Stop (device 01)"},
		{[]byte{0xf0, 0x7f, 0x7f, 0x06, 0x06, 0xf7}, KindMMC, "MMC Record Strobe (device 7F: all)"},
		{[]byte{0xf0, 0x7f, 0x7f, 0x06, 0x44, 0x06, 0x01, 0x21, 0x00, 0x10, 0x00, 0x00, 0xf7}, KindMMC, "MMC Locate to 01:00:16:00 @ 25 fps (device 7F: all)"},
	}
	for _, c := range cases {
		evs := feed(t, c.raw)
		if len(evs) != 1 || evs[0].Kind != c.kind || evs[0].Text != c.text {
			t.Errorf("% X: %+v, want %s %q", c.raw, evs, c.kind, c.text)
		}
	}
	// manufacturer SysEx and truncated SysEx are not assembled events
	for _, raw := range [][]byte{{0xf0, 0x43, 0x10, 0x4c, 0xf7}, {0xf0, 0x7e, 0x7f, 0x06}} {
		a := New()
		if evs, abs := a.Feed(0, raw); len(evs) != 0 || abs {
			t.Errorf("% X: %+v", raw, evs)
		}
	}
}

func TestManufacturer(t *testing.T) {
	for _, c := range []struct{ body, id, name string }{
		{"\x41\x10", "41", "Roland"}, {"\x00\x20\x29\x02", "00 20 29", "Novation"},
		{"\x00\x21\x09", "00 21 09", "Native Instruments"}, {"\x00\x20", "00 20", ""}, {"\x45", "45", ""},
	} {
		id, name := Manufacturer([]byte(c.body))
		if id != c.id || name != c.name {
			t.Errorf("% X: %q %q", c.body, id, name)
		}
	}
}

// Each kind carries its own sub-structure in JSON, and no other.
func TestEventJSON(t *testing.T) {
	ev := one(t, feed(t, cc(1, 99, 0), cc(1, 98, 0), cc(1, 6, 0), cc(1, 38, 0)), KindNRPN)
	b, _ := json.Marshal(ev)
	s := string(b)
	if !strings.Contains(s, `"param":{"number":0,"msb":0,"lsb":0,"op":"set","value":0}`) || strings.Contains(s, "timecode") {
		t.Fatal(s)
	}
}

// Real identity replies, copied byte for byte from where they were
// published (see ../testdata/real/SOURCES for the .syx captures).
func TestIdentityRepliesReal(t *testing.T) {
	cases := []struct {
		hex, text string
	}{
		// kshoji/USB-MIDI-Driver#40: a reply received through the driver;
		// 00 01 55 is Damage Control Engineering in the MMA list
		{"F0 7E 00 06 02 00 01 55 12 00 01 00 30 31 35 38 F7",
			"Identity Reply from Damage Control Engineering: family 12 00, model 01 00, version 30 31 35 38 (device 00)"},
		// jazz-soft/JZZ-midi-Gear#8: a Waldorf Microwave XT (firmware 2.33)
		// leaves out the device byte
		{"F0 7E 06 02 3E 0E 00 0B 00 32 2E 33 33 F7",
			"Identity Reply from Waldorf: family 0E 00, model 0B 00, version 32 2E 33 33 (device none: no device byte)"},
	}
	for _, c := range cases {
		raw := unhex(t, c.hex)
		ev := one(t, feed(t, raw), KindIdentity)
		if ev.Text != c.text {
			t.Errorf("%s:\n got %q\nwant %q", c.hex, ev.Text, c.text)
		}
	}
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
