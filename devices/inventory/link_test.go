package inventory

import (
	"testing"

	"benchtop/devices/midi"
	"benchtop/devices/usb"
)

// WinMM and CoreMIDI name ports after the device's product string; the
// port is linked to the one MIDI device of that name, not to a non-MIDI
// device of the same name, and not when two devices share it.
func TestPortsLinkedByProductName(t *testing.T) {
	akm := &usb.Device{Path: "a", VendorID: "1acc", ProductID: "1533", Product: "AKM322",
		Interfaces: []usb.Interface{{Number: 1, Class: "01", SubClass: "03", Kind: "midi"}}}
	hid := &usb.Device{Path: "b", VendorID: "046d", ProductID: "c52b", Product: "Receiver",
		Interfaces: []usb.Interface{{Number: 0, Class: "03", Kind: "hid"}}}
	twinA := &usb.Device{Path: "c", VendorID: "0582", ProductID: "0000", Product: "UM-ONE",
		Interfaces: []usb.Interface{{Number: 0, Class: "01", SubClass: "03", Kind: "midi"}}}
	twinB := &usb.Device{Path: "d", VendorID: "0582", ProductID: "0000", Product: "UM-ONE",
		Interfaces: []usb.Interface{{Number: 0, Class: "01", SubClass: "03", Kind: "midi"}}}
	snap := Snapshot{USB: &usb.Tree{Roots: []*usb.Device{{Path: "root", Controller: "xhci", Children: []*usb.Device{akm, hid, twinA, twinB}}}},
		MIDI: midi.Ports{
			Ins:  []midi.Port{{BaseName: "AKM322"}, {BaseName: "2- AKM322"}, {BaseName: "Receiver"}, {BaseName: "UM-ONE"}},
			Outs: []midi.Port{{BaseName: "AKM322 MIDI 1"}, {BaseName: "AKM3220"}},
		}}
	linkPortsByName(&snap)
	want := []string{"1acc:1533", "1acc:1533", "", ""}
	for i, p := range snap.MIDI.Ins {
		if p.USBID != want[i] {
			t.Errorf("in %q linked to %q, want %q", p.BaseName, p.USBID, want[i])
		}
	}
	if p := snap.MIDI.Ins[0]; p.Known == nil || p.Known.Keys != 32 {
		t.Errorf("AKM322 port has no card: %+v", p)
	}
	if o := snap.MIDI.Outs; o[0].USBID != "1acc:1533" || o[1].USBID != "" {
		t.Errorf("outs %+v", o)
	}
}
