package assemble

// SysEx manufacturer IDs, a subset of the MIDI Manufacturers Association's
// list (midi.org, "SysEx ID table"): one byte 01–7F, or three bytes
// 00 xx yy. The table holds the makers whose gear people plug in; an ID
// not in it is shown as hex.
var makers1 = map[byte]string{
	0x01: "Sequential Circuits", 0x02: "Big Briar", 0x03: "Octave/Plateau", 0x04: "Moog", 0x05: "Passport Designs",
	0x06: "Lexicon", 0x07: "Kurzweil", 0x08: "Fender", 0x0f: "Ensoniq", 0x10: "Oberheim", 0x11: "Apple",
	0x13: "Digidesign", 0x15: "JLCooper Electronics", 0x16: "Lowrey Organ", 0x18: "E-mu",
	0x1a: "ART", 0x1b: "Baldwin", 0x1c: "Eventide", 0x24: "Hohner", 0x26: "Ketron", 0x29: "PPG",
	0x2f: "Elka", 0x30: "Dynacord", 0x31: "Viscount", 0x33: "Clavia Digital Instruments",
	0x35: "Generalmusic", 0x39: "Soundcraft", 0x3a: "Steinberg", 0x3b: "Wersi", 0x3e: "Waldorf", 0x3f: "Quasimidi",
	0x40: "Kawai", 0x41: "Roland", 0x42: "Korg", 0x43: "Yamaha", 0x44: "Casio", 0x46: "Kamiya Studio",
	0x47: "Akai", 0x48: "Victor (JVC)", 0x4b: "Fujitsu", 0x4c: "Sony", 0x4e: "Teac", 0x50: "Matsushita (Panasonic)",
	0x51: "Fostex", 0x52: "Zoom", 0x54: "Matsushita Communication", 0x55: "Suzuki", 0x56: "Fuji Sound",
	0x57: "Acoustic Technical Laboratory",
	0x7d: "non-commercial (educational)", 0x7e: "Universal non-realtime", 0x7f: "Universal realtime",
}

var makers3 = map[[2]byte]string{
	{0x00, 0x0e}: "Alesis", {0x00, 0x1b}: "Peavey", {0x00, 0x3b}: "Mark of the Unicorn (MOTU)", {0x00, 0x66}: "Mackie",
	{0x01, 0x05}: "M-Audio", {0x01, 0x06}: "PreSonus", {0x01, 0x0c}: "Line 6", {0x01, 0x21}: "Cakewalk",
	{0x01, 0x37}: "Roger Linn Design", {0x01, 0x3f}: "Numark", {0x01, 0x60}: "Stanton", {0x01, 0x73}: "iConnectivity",
	{0x01, 0x74}: "Fractal Audio", {0x01, 0x77}: "Nektar",
	{0x20, 0x1f}: "TC Electronic", {0x20, 0x29}: "Focusrite/Novation", {0x20, 0x32}: "Behringer",
	{0x20, 0x31}: "Emagic", {0x20, 0x33}: "Access Music", {0x20, 0x36}: "Terratec", {0x20, 0x3a}: "Propellerhead",
	{0x20, 0x3c}: "Elektron", {0x20, 0x4d}: "Vermona", {0x20, 0x63}: "CME", {0x20, 0x66}: "Waves", {0x20, 0x6b}: "Arturia", {0x20, 0x76}: "Teenage Engineering",
	{0x21, 0x02}: "Mutable Instruments", {0x21, 0x09}: "Native Instruments", {0x21, 0x0b}: "MFB", {0x21, 0x4e}: "MIDIPLUS",
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
