package known

import "strings"

// Card describes one device model.
type Card struct {
	VendorID  string `json:"vendor_id"`
	ProductID string `json:"product_id"`
	Name      string `json:"name"` // what a person calls it
	Maker     string `json:"maker"`
	Summary   string `json:"summary"`
	Keys      int    `json:"keys,omitempty"`
	// LowNote and HighNote bound the keys at the default octave (MIDI
	// note numbers; 60 is middle C).
	LowNote   int `json:"low_note,omitempty"`
	HighNote  int `json:"high_note,omitempty"`
	MIDIPorts int `json:"midi_ports,omitempty"`
	Channel   int `json:"channel,omitempty"` // 1-based
	// PortName is how the MIDI port is named (ALSA adds " MIDI 1" and a
	// client:port suffix).
	PortName string    `json:"port_name,omitempty"`
	Controls []Control `json:"controls,omitempty"`
	USBSpeed string    `json:"usb_speed,omitempty"`
	Notes    []string  `json:"notes,omitempty"`
	// Product is the product string the device reports ("AKM322"): a
	// listing that carries no VID:PID (ioreg without -l) is matched by it.
	Product string `json:"product,omitempty"`
	// MatchedBy says how a device got this card: "" by its VID:PID,
	// MatchedByName by its product name alone (ByProduct).
	MatchedBy string `json:"matched_by,omitempty"`
	// Identity is the Identity Reply the device sends, as published
	// (nil: none published; IdentityNote says so).
	Identity     *IdentityReply `json:"identity_reply,omitempty"`
	IdentityNote string         `json:"identity_note,omitempty"`
}

// MatchedByName marks a card found by a device's product name, for a
// listing without IDs.
const MatchedByName = "name"

// Control is one physical control and what it sends.
type Control struct {
	Name string `json:"name"`
	// Kind is "cc" (with CC), "pitchbend", "aftertouch".
	Kind string `json:"kind"`
	CC   int    `json:"cc,omitempty"`
}

// AKM322 is the reference device: the MIDIPLUS AKM322, sold as the AWS
// DeepComposer keyboard.
var AKM322 = Card{
	VendorID: "1acc", ProductID: "1533",
	Name:    "AWS DeepComposer / MIDIPLUS AKM322, 32 keys",
	Maker:   "MIDIPLUS",
	Summary: "32-key USB MIDI keyboard with pitch bend, modulation, volume, an encoder, three knobs and transport buttons.",
	Keys:    32, LowNote: 41, HighNote: 72, MIDIPorts: 1, Channel: 1,
	PortName: "AKM322 MIDI 1",
	USBSpeed: "full (12 Mbit/s)",
	Controls: []Control{
		{"Pitch bend", "pitchbend", 0},
		{"Modulation", "cc", 1},
		{"Volume", "cc", 7},
		{"Encoder", "cc", 10},
		{"Knob 1", "cc", 21},
		{"Knob 2", "cc", 22},
		{"Knob 3", "cc", 23},
		{"Effect", "cc", 91},
		{"Play", "cc", 105},
		{"Stop", "cc", 106},
		{"Record", "cc", 107},
	},
	Notes:   []string{"Keys are notes 41–72 (F2–C5) at the default octave; the octave buttons shift them by 12."},
	Product: "AKM322",
	IdentityNote: "Identity reply not published: MIDIPLUS documents no SysEx for the AKM322 and no capture of its reply is public " +
		"(MIDIPLUS's ID in the MMA list is 00 21 4E). Send an Identity Request (Live input ▸ Send SysEx) to see whether it answers.",
}

// Cards of devices whose identity replies are published; where the
// VID:PID or the port name has no public source it is left out, and the
// card is found by the reply alone (Identify).
var (
	akaiLPK25 = Card{VendorID: "09e8", ProductID: "0076", Name: "Akai LPK25", Maker: "Akai Professional",
		Summary: "25-key USB MIDI keyboard (mini keys), arpeggiator, sustain.",
		Identity: &IdentityReply{ManufacturerID: "47", Family: "76 00", Model: "19 00", Version: "00 00 65 00",
			Source: "amidi capture in mungewell/mpd-utils, sysex/sysex_lpk25.md (devices/midi/testdata/real/akai-lpk25-identity.syx)"}}
	akaiLPD8 = Card{VendorID: "09e8", ProductID: "0075", Name: "Akai LPD8", Maker: "Akai Professional",
		Summary: "8 velocity-sensitive pads and 8 knobs, USB MIDI.", PortName: "LPD8 MIDI 1",
		Identity: &IdentityReply{ManufacturerID: "47", Family: "75 00", Model: "19 00", Version: "00 00 66 7F",
			Source: "amidi capture in mungewell/mpd-utils, sysex/sysex_lpd8.md (devices/midi/testdata/real/akai-lpd8-identity.syx)"}}
	akaiMPKMini2 = Card{Name: "Akai MPK mini mk2", Maker: "Akai Professional",
		Summary: "25-key USB MIDI keyboard (mini keys) with 8 pads, 8 knobs and a joystick.", PortName: "MPK Mini Mk II MIDI 1",
		Identity: &IdentityReply{ManufacturerID: "47", Family: "26 00", Model: "19 00", Version: "22 00 22 00",
			Source: "amidi capture in mungewell/mpd-utils, sysex/sysex_mk2.md (devices/midi/testdata/real/akai-mpkmini2-identity.syx)"}}
	yamahaPSSA50 = Card{Name: "Yamaha PSS-A50", Maker: "Yamaha",
		Summary: "37-key portable keyboard (mini keys) with USB MIDI.",
		Identity: &IdentityReply{ManufacturerID: "43", Family: "00 44", Model: "27 1F", Version: "00 00 00 7F",
			Source: "amidi capture in jazz-soft/JZZ-midi-Gear issue #11 (2022-10-03)"}}
)

var cards = []Card{AKM322, akaiLPK25, akaiLPD8, akaiMPKMini2, yamahaPSSA50}

// Lookup returns the card for a VID:PID, or nil.
func Lookup(vid, pid string) *Card {
	for i := range cards {
		if strings.EqualFold(cards[i].VendorID, vid) && strings.EqualFold(cards[i].ProductID, pid) {
			c := cards[i]
			return &c
		}
	}
	return nil
}

// ByProduct returns the card of a device known only by the product name it
// reports (the whole name, any case: "AKM322"), marked as matched by name,
// or nil. Use it only when a listing carries no VID:PID; with IDs, Lookup
// decides.
func ByProduct(name string) *Card {
	name = strings.TrimSpace(name)
	for i := range cards {
		if cards[i].Product != "" && strings.EqualFold(cards[i].Product, name) {
			c := cards[i]
			c.MatchedBy = MatchedByName
			return &c
		}
	}
	return nil
}

// ByPortName returns the card whose MIDI port a port name belongs to
// ("AKM322:AKM322 MIDI 1 24:0" → AKM322), or nil.
func ByPortName(port string) *Card {
	for i := range cards {
		base := strings.TrimSuffix(cards[i].PortName, " MIDI 1")
		if cards[i].PortName != "" && strings.Contains(port, base) {
			c := cards[i]
			return &c
		}
	}
	return nil
}

// ControlName names a CC on this card, or "".
func (c *Card) ControlName(cc int) string {
	if c == nil {
		return ""
	}
	for _, k := range c.Controls {
		if k.Kind == "cc" && k.CC == cc {
			return k.Name
		}
	}
	return ""
}
