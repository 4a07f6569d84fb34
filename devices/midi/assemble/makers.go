package assemble

import (
	_ "embed"
	"strconv"
	"strings"
)

// SysEx manufacturer IDs, from the MIDI Manufacturers Association's list
// (midi.org/SysExIDtable): one byte 01–7F, or three bytes 00 xx yy. Two
// public copies of it, as their authors published them (SOURCES says
// where from): makers.tsv is JZZ-midi-Gear's vendors.txt, byte for byte
// (592 IDs, the short names people know: "Roland", "Novation", "ROLI");
// makers-later.tsv the IDs it lacks (assigned after it was made, 88 of
// them: MIDIPLUS's 00 21 4E among them), named as zoom-explorer's copy of
// the list names them. An ID in neither is shown as hex.
//
//go:embed makers.tsv
var makersTSV string

//go:embed makers-later.tsv
var makersLaterTSV string

// universal are the IDs the MIDI 1.0 specification keeps for Universal
// System Exclusive; they are not makers, and not in the list's copies.
var universal = map[byte]string{0x7e: "Universal non-realtime", 0x7f: "Universal realtime"}

var makers1, makers3 = loadMakers(makersTSV, makersLaterTSV)

// loadMakers reads lines of "ID<tab>name" (ID "41" or "00 20 29", hex in
// either case); a line that is not one is skipped, and the first name of
// an ID is kept (makers.tsv comes first).
func loadMakers(tables ...string) (map[byte]string, map[[2]byte]string) {
	one, three := map[byte]string{}, map[[2]byte]string{}
	for _, t := range tables {
		for _, line := range strings.Split(t, "\n") {
			id, name, ok := parseMaker(line)
			switch {
			case !ok:
			case len(id) == 1 && one[id[0]] == "":
				one[id[0]] = name
			case len(id) == 3 && three[[2]byte{id[1], id[2]}] == "":
				three[[2]byte{id[1], id[2]}] = name
			}
		}
	}
	for b, name := range universal {
		one[b] = name
	}
	return one, three
}

// parseMaker reads one line of a table: a one-byte ID 01–7F, or 00 xx yy.
func parseMaker(line string) (id []byte, name string, ok bool) {
	hexID, name, found := strings.Cut(strings.TrimRight(line, "\r"), "\t")
	name = strings.TrimSpace(name)
	if !found || name == "" {
		return nil, "", false
	}
	for _, f := range strings.Fields(hexID) {
		b, err := strconv.ParseUint(f, 16, 8)
		if err != nil || len(f) != 2 || b > 0x7f {
			return nil, "", false
		}
		id = append(id, byte(b))
	}
	if (len(id) == 1 && id[0] != 0) || (len(id) == 3 && id[0] == 0) {
		return id, name, true
	}
	return nil, "", false
}

// ManufacturerName names a manufacturer ID (one byte, or 00 xx yy), or "".
func ManufacturerName(id []byte) string {
	switch {
	case len(id) == 1:
		return makers1[id[0]]
	case len(id) == 3 && id[0] == 0:
		return makers3[[2]byte{id[1], id[2]}]
	}
	return ""
}

// Manufacturer reads the ID at the start of a SysEx body (the bytes after
// F0): its hex ("41", "00 20 29") and name ("" when unknown).
func Manufacturer(body []byte) (id, name string) {
	switch {
	case len(body) == 0:
		return "", ""
	case body[0] != 0:
		return Hex(body[:1]), ManufacturerName(body[:1])
	case len(body) >= 3:
		return Hex(body[:3]), ManufacturerName(body[:3])
	}
	return Hex(body), ""
}
