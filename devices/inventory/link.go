package inventory

import (
	"regexp"
	"strings"

	"benchtop/devices/known"
	"benchtop/devices/midi"
	"benchtop/devices/usb"
)

// winDup is the prefix WinMM puts before the second and later ports of one
// name ("2- AKM322"), so that two identical keyboards can be told apart.
var winDup = regexp.MustCompile(`^\d+- `)

// linkPortsByName links MIDI ports to the USB device they belong to where
// the OS gave no direct link (ALSA gives one through /proc/asound; WinMM
// and CoreMIDI name a port after the device's product string): a port
// whose name is a MIDI device's product name, alone or followed by a port
// suffix ("AKM322", "2- AKM322", "AKM322 MIDI 1"), gets that device's
// VID:PID, when exactly one MIDI device fits.
func linkPortsByName(snap *Snapshot) {
	if snap.USB == nil {
		return
	}
	var devs []*usb.Device
	snap.USB.Walk(func(d *usb.Device, _ int) {
		if d.VendorID != "" && d.HasKind("midi") && d.Product != "" {
			devs = append(devs, d)
		}
	})
	link := func(ps []midi.Port) {
		for i := range ps {
			p := &ps[i]
			if p.USBID != "" {
				continue
			}
			name := winDup.ReplaceAllString(p.BaseName, "")
			var match *usb.Device
			n := 0
			for _, d := range devs {
				if name == d.Product || strings.HasPrefix(name, d.Product+" ") {
					match, n = d, n+1
				}
			}
			if n != 1 {
				continue // none, or two devices of one name: do not guess
			}
			p.USBID = match.ID()
			if k := known.Lookup(match.VendorID, match.ProductID); k != nil {
				p.Known = k
			}
		}
	}
	link(snap.MIDI.Ins)
	link(snap.MIDI.Outs)
}
