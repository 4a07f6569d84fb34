package usb

import "benchtop/devices/known"

// Card is a known device's card (see package known).
type Card = known.Card

// LookupCard returns what Benchtop knows of a VID:PID, or nil.
func LookupCard(vid, pid string) *Card { return known.Lookup(vid, pid) }

// cardFor finds what Benchtop knows of d: by its VID:PID, or, when the
// listing carries no IDs (ioreg without -l names a device and nothing
// more), by the product name it reports; such a card is marked as matched
// by name (Card.MatchedBy).
func cardFor(d *Device) *Card {
	if d.VendorID != "" || d.ProductID != "" {
		return LookupCard(d.VendorID, d.ProductID)
	}
	return known.ByProduct(d.Product)
}
