package usb

import "benchtop/devices/known"

// Card is a known device's card (see package known).
type Card = known.Card

// LookupCard returns what Benchtop knows of a VID:PID, or nil.
func LookupCard(vid, pid string) *Card { return known.Lookup(vid, pid) }
