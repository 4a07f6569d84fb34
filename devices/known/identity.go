package known

import (
	"encoding/hex"
	"fmt"
	"strings"

	"benchtop/devices/midi/assemble"
)

// IdentityReply is a Universal SysEx Identity Reply (F0 7E dev 06 02 …
// F7) as someone published it: the bytes as sent, in hex, as manuals
// list them.
type IdentityReply struct {
	ManufacturerID string `json:"manufacturer_id"`   // "47", or three bytes "00 20 29"
	Family         string `json:"family"`            // two bytes, LSB first: "75 00"
	Model          string `json:"model"`             // two bytes, LSB first
	Version        string `json:"version,omitempty"` // four bytes; one unit's firmware
	Source         string `json:"source"`            // where it was published
}

// String is the expectation as a person reads it.
func (r *IdentityReply) String() string {
	id, _ := hex.DecodeString(strings.Join(strings.Fields(r.ManufacturerID), ""))
	s := fmt.Sprintf("maker %s (%s), family %s, model %s", r.ManufacturerID, orHex(assemble.ManufacturerName(id)), r.Family, r.Model)
	if r.Version != "" {
		s += ", version " + r.Version
	}
	return s
}

// Verdicts of CheckIdentity.
const (
	IdentityMatch        = "match"         // maker, family and model as published
	IdentityMismatch     = "mismatch"      // the card's reply is published and this is not it
	IdentityNotPublished = "not published" // the card publishes no reply to compare with
	IdentityUnknown      = "unknown"       // no card, and no card has this reply
)

// IdentityCheck is what a reply says against the published ones.
type IdentityCheck struct {
	Verdict string
	// Card is the card compared with: the one given, or the one whose
	// published reply this is (nil: none).
	Card *Card
	Text string // one line for a person
}

// CheckIdentity compares a reply with the card of the port it came from
// (nil when the port has none), or, without one, finds the card whose
// published reply it is. Maker, family and model decide; a different
// version is another firmware, said but not a mismatch.
func CheckIdentity(c *Card, id assemble.Identity) IdentityCheck {
	got := fmt.Sprintf("maker %s (%s), family %s, model %s, version %s", id.ManufacturerID, orHex(id.Manufacturer), id.FamilyBytes, id.ModelBytes, id.Version)
	if c == nil {
		if k := Identify(id); k != nil {
			return IdentityCheck{IdentityMatch, k, "As published for the " + k.Name + ": " + got + "."}
		}
		return IdentityCheck{IdentityUnknown, nil, "No known device publishes this reply: " + got + "."}
	}
	want := c.Identity
	if want == nil {
		return IdentityCheck{IdentityNotPublished, c, fmt.Sprintf("Nothing to compare: no identity reply is published for the %s. It says %s.", c.Name, got)}
	}
	var diff []string
	for _, f := range []struct{ what, want, got string }{{"maker", want.ManufacturerID, id.ManufacturerID}, {"family", want.Family, id.FamilyBytes}, {"model", want.Model, id.ModelBytes}} {
		if !sameHex(f.want, f.got) {
			diff = append(diff, fmt.Sprintf("%s %s, published %s", f.what, orNone(f.got), f.want))
		}
	}
	if len(diff) > 0 {
		return IdentityCheck{IdentityMismatch, c, fmt.Sprintf("Mismatch: not as published for the %s (%s).", c.Name, strings.Join(diff, "; "))}
	}
	text := fmt.Sprintf("Match: as published for the %s (%s).", c.Name, got)
	if want.Version != "" && !sameHex(want.Version, id.Version) {
		text = fmt.Sprintf("Match: as published for the %s, but version %s, published %s (other firmware).", c.Name, id.Version, want.Version)
	}
	return IdentityCheck{IdentityMatch, c, text}
}

// Identify is the card whose published reply has this maker, family and
// model, or nil.
func Identify(id assemble.Identity) *Card {
	for i := range cards {
		r := cards[i].Identity
		if r != nil && sameHex(r.ManufacturerID, id.ManufacturerID) && sameHex(r.Family, id.FamilyBytes) && sameHex(r.Model, id.ModelBytes) {
			c := cards[i]
			return &c
		}
	}
	return nil
}

// sameHex compares hex bytes whatever their case and spacing.
func sameHex(a, b string) bool {
	norm := func(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }
	return norm(a) == norm(b)
}

func orHex(name string) string {
	if name == "" {
		return "not in the MMA table"
	}
	return name
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
