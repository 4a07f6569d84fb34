// Package inventory is what the Devices tab and `benchtop devices` show:
// the USB tree and the MIDI ports at one moment, and a watcher that polls
// them and reports what arrived and what left.
package inventory
