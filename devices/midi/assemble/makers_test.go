package assemble

import (
	"strings"
	"testing"
)

// The maker table is the two copies of the MMA list as published (SOURCES):
// every line read, no ID twice, and names as the files give them.
func TestMakersFromTheList(t *testing.T) {
	seen := map[string]bool{}
	for name, table := range map[string]string{"makers.tsv": makersTSV, "makers-later.tsv": makersLaterTSV} {
		lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
		for _, line := range lines {
			id, _, ok := parseMaker(line)
			if !ok {
				t.Errorf("%s: not an ID and a name: %q", name, line)
				continue
			}
			k := Hex(id)
			if seen[k] {
				t.Errorf("%s: %s twice", name, k)
			}
			seen[k] = true
		}
		if want := map[string]int{"makers.tsv": 592, "makers-later.tsv": 88}[name]; len(lines) != want {
			t.Errorf("%s: %d lines, want %d", name, len(lines), want)
		}
	}
	if n := len(makers1) + len(makers3); n != 592+88+2 { // and 7E, 7F
		t.Errorf("%d makers", n)
	}
	// as the source files say (JZZ-midi-Gear data/vendors.txt, then
	// zoom-explorer src/miditools.ts for IDs the first lacks)
	for _, c := range []struct {
		id   []byte
		name string
	}{
		{[]byte{0x01}, "Sequential"}, {[]byte{0x09}, "MIDI9"}, {[]byte{0x40}, "Kawai"}, {[]byte{0x41}, "Roland"},
		{[]byte{0x43}, "Yamaha"}, {[]byte{0x47}, "Akai"}, {[]byte{0x5f}, "SD Card Association"},
		{[]byte{0x7d}, "(educational)"}, {[]byte{0x7e}, "Universal non-realtime"}, {[]byte{0x7f}, "Universal realtime"},
		{[]byte{0, 0x00, 0x0e}, "Alesis Studio Electronics"}, {[]byte{0, 0x01, 0x73}, "iConnectivity"},
		{[]byte{0, 0x20, 0x29}, "Novation"}, {[]byte{0, 0x20, 0x32}, "Behringer"}, {[]byte{0, 0x20, 0x6b}, "Arturia"},
		{[]byte{0, 0x21, 0x10}, "ROLI"}, {[]byte{0, 0x21, 0x1d}, "Ableton"}, {[]byte{0, 0x40, 0x03}, "D&M Holdings"},
		// makers-later.tsv: assigned after JZZ's copy
		{[]byte{0, 0x21, 0x4e}, "Dongguan MIDIPLUS Co., LTD"}, {[]byte{0, 0x21, 0x65}, "Raw Material Software Limited (JUCE)"},
		{[]byte{0, 0x02, 0x41}, "Caedence"}, // "Caedence " in the file: the space is trimmed
		{[]byte{0, 0x40, 0x07}, "Slik Corporation"},
	} {
		if got := ManufacturerName(c.id); got != c.name {
			t.Errorf("% X: %q, want %q", c.id, got, c.name)
		}
	}
	// IDs the list does not assign stay unnamed, and show as hex
	for _, id := range [][]byte{{0x45}, {0x60}, {0, 0x7f, 0x7f}, {0, 0x21, 0x5f}, {0, 0x00, 0x00}, {0x00}, {1, 2, 3}} {
		if got := ManufacturerName(id); got != "" {
			t.Errorf("% X: %q", id, got)
		}
	}
	if id, name := Manufacturer([]byte{0x00, 0x7f, 0x7e, 0x01}); id != "00 7F 7E" || name != "" {
		t.Errorf("%q %q", id, name)
	}
}

func TestParseMaker(t *testing.T) {
	for _, line := range []string{"", "41", "41\t", "41\t  ", "00\tID extension", "80\tx", "00 20\tx", "01 20 29\tx", "4\tx", "zz\tx", "00 20 29 01\tx"} {
		if _, _, ok := parseMaker(line); ok {
			t.Errorf("%q read as a maker", line)
		}
	}
	if id, name, ok := parseMaker("00 20 2a\tSamkyung Mechatronics\r"); !ok || Hex(id) != "00 20 2A" || name != "Samkyung Mechatronics" {
		t.Errorf("% X %q %v", id, name, ok)
	}
}
