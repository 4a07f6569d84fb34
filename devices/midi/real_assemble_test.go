package midi

import (
	"fmt"
	"strings"
	"testing"
)

// Real .syx files (testdata/real/SOURCES): read by content, split into
// messages, makers named, identity replies assembled. The expected values
// were counted by hand from the bytes (xxd).
func TestRealSyx(t *testing.T) {
	cases := []struct {
		file  string
		sizes []int
		text  string // every row's text (manufacturer SysEx: Decode's), or the one assembled event's
	}{
		{"behringer-wave-initpatch.syx", []int{134}, "134 bytes, Behringer"},
		{"elektron-analogrytm-909kicks.syx", []int{207, 207, 207, 207, 207, 207, 207}, "207 bytes, Elektron"},
		{"roland-jdxi-atmo-pad.syx", []int{78, 75, 75, 75, 51}, "Roland"},
		{"yamaha-refacedx-piano1.syx", []int{13, 51, 41, 41, 41, 41, 13}, "Yamaha"},
		{"waldorf-pulse-test.syx", []int{77}, "77 bytes, Waldorf"},
		{"akai-mpkmini2-identity.syx", []int{34},
			"Identity Reply from Akai: family 26 00, model 19 00, version 22 00 22 00 (device 00), 19 more bytes"},
		{"akai-lpd8-identity.syx", []int{35},
			"Identity Reply from Akai: family 75 00, model 19 00, version 00 00 66 7F (device 00), 20 more bytes"},
		{"akai-lpk25-identity.syx", []int{35},
			"Identity Reply from Akai: family 76 00, model 19 00, version 00 00 65 00 (device 00), 20 more bytes"},
	}
	for _, c := range cases {
		ev, format, err := ReadMIDIFile("testdata/real/" + c.file)
		if err != nil || format != FormatSyx {
			t.Fatalf("%s: %v %s", c.file, err, format)
		}
		var sizes []int
		for _, e := range ev {
			sizes = append(sizes, len(e.Raw))
		}
		if fmt.Sprint(sizes) != fmt.Sprint(c.sizes) {
			t.Errorf("%s: sizes %v, want %v", c.file, sizes, c.sizes)
		}
		d := AssembleAll(format, ev, AssembleOptions{})
		if len(d.Rows) != len(c.sizes) {
			t.Fatalf("%s: %d rows", c.file, len(d.Rows))
		}
		for _, r := range d.Rows {
			if !strings.Contains(r.Text, c.text) {
				t.Errorf("%s: %q, want %q", c.file, r.Text, c.text)
			}
		}
	}
	// the identity's parts in JSON: the trailing bytes Akai adds are kept
	ev, _, _ := ReadMIDIFile("testdata/real/akai-mpkmini2-identity.syx")
	id := AssembleAll(FormatSyx, ev, AssembleOptions{}).Rows[0].Event.Identity
	if id.Manufacturer != "Akai" || id.ManufacturerID != "47" || id.Family != 0x26 || id.Model != 0x19 ||
		id.Extra != "00 00 00 00 00 00 04 00 04 00 03 00 78 00 2C 2D 2E 2F 30" {
		t.Fatalf("%+v", id)
	}
}
