package usb

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realCase is what a listing in testdata/real says, counted by hand from
// the file (see real/SOURCES), never from the parser's output.
type realCase struct {
	file     string
	source   string
	roots    int      // controllers / buses
	devices  int      // every device, roots included
	names    []string // products that must appear (Device.Name contains it)
	midi     []string // IDs of the devices with a MIDI interface
	skipped  int      // prompt / command lines before the listing
	cutLines bool     // ioreg without -w0: lines cut with "$"
	ids      []string // VID:PID of every device in listing order, when given
}

var realCases = []realCase{
	{file: "ioreg-b-p-IOUSB-m1-cynthion.txt", source: "ioreg", roots: 1, devices: 7, skipped: 1, cutLines: true,
		names: []string{"AppleT8103USBXHCI", "USB2.0 Hub", "Cynthion Apollo Debugger", "Gateware USB Device", "USB3.0 Hub"}},
	{file: "ioreg-p-IOUSB-intel-pre-elcapitan.txt", source: "ioreg", roots: 2, devices: 9, skipped: 1, cutLines: true,
		names: []string{"EHCI Root Hub Simulation", "HubDevice", "Apple Internal Keyboard / Trackpad", "BRCM2070 Hub", "Bluetooth USB Host Controller", "FaceTime HD Camera (Built-in)", "IR Receiver"}},
	{file: "ioreg-p-IOUSB-l-m1pro-esp32c3.txt", source: "ioreg", roots: 1, devices: 1, names: []string{"USB JTAG_serial debug unit"}},
	{file: "ioreg-p-IOUSB-tree-m2-bladerf.txt", source: "ioreg", roots: 2, devices: 7,
		names: []string{"AppleT8112USBXHCI", "USB3.0 Hub", "USB3.0 Card Reader", "bladeRF 2.0", "USB2.0 Hub", "Anker USB-C Hub Device"}},
	{file: "ioreg-p-IOUSB-w0-l-arduino-micro.txt", source: "ioreg", roots: 1, devices: 1, names: []string{"Arduino Micro"}},
	{file: "lsusb-bladerf.txt", source: "lsusb", roots: 2, devices: 6, names: []string{"bladeRF 2.0 micro", "Tascam Dell Integrated Hub"}},
	{file: "lsusb-cyme-parallels.txt", source: "lsusb", roots: 4, devices: 6, names: []string{"Black Magic Debug Probe", "Linux Foundation 1.1 root hub", "PARALLELS"}},
	{file: "lsusb-cynthion.txt", source: "lsusb", roots: 2, devices: 5, skipped: 1, names: []string{"Generic pid.codes Test PID", "VIA Labs"}},
	{file: "lsusb-t-cyme-parallels.txt", source: "lsusb", roots: 4, devices: 8, names: []string{"Printer device at 1-6", "Hub device at 2-2", "Communications device at 2-2.4"}},
	{file: "lsusb-tv-cyme-parallels.txt", source: "lsusb", roots: 4, devices: 9, names: []string{"Black Magic Debug Probe", "PARALLELS device 203a:fffe", "SEGGER device 1366:1050"}},
	{file: "lsusb-v-cyme-parallels.txt", source: "lsusb", roots: 4, devices: 9, names: []string{"Parallels Virtual Mouse", "SEGGER J-Link", "EHCI Host Controller", "Parallels Virtual USB1.1 HUB"}},
	{file: "lsusb-v-djm850-midi.txt", source: "lsusb", roots: 1, devices: 2, skipped: 1, names: []string{"PIONEER CORPORATION DJM-850"}, midi: []string{"08e4:0163"}},
	{file: "lsusb-v-nonroot-pico.txt", source: "lsusb", roots: 1, devices: 2, skipped: 1, names: []string{"Raspberry Pi Pico"}},
	// the prompt before the command and the bare prompt after the listing
	{file: "lsusb-v-komplete-kontrol-s61mk2-midi.txt", source: "lsusb", roots: 1, devices: 2, skipped: 2,
		names: []string{"Native Instruments KOMPLETE KONTROL S61 MK2"}, midi: []string{"17cc:1620"}},

	// Windows: one device per USBView node / USBTreeView port section; a
	// pnputil interface instance (MI_01) is its device's interface.
	{file: "usbview-stm32-midi.txt", source: "usbview", roots: 1, devices: 1, ids: []string{"0483:572b"},
		names: []string{"LispEngineer using STM MIDI LispEngineer"}, midi: []string{"0483:572b"}},
	{file: "usbview-carelink.txt", source: "usbview", roots: 1, devices: 1, ids: []string{"0a21:8001"}},
	{file: "usbview-nxp-uac2.txt", source: "usbview", roots: 1, devices: 1, ids: []string{"1fc9:2046"}, names: []string{"Acme Co. Audio Output Demo"}},
	{file: "usbtreeview-pro-micro-flashforth.txt", source: "usbtreeview", roots: 1, devices: 1, ids: []string{"faf0:faf0"}},
	{file: "usbtreeview-cobolt-laser.txt", source: "usbtreeview", roots: 1, devices: 1, ids: []string{"25dc:0006"}, names: []string{"Cobolt AB Cobolt Laser Driver MLD"}},
	// the "C:\Drivers>pnputil …" line
	{file: "pnputil-problem-deviceids-smartcard.txt", source: "pnputil", roots: 1, devices: 1, skipped: 1, ids: []string{"0a5c:5833"}},
	{file: "pnputil-problem-deviceids-smartcard.utf16le-crlf.txt", source: "pnputil", roots: 1, devices: 1, skipped: 1, ids: []string{"0a5c:5833"}},
	// two ">pnputil" lines and the five lines /enum-interfaces printed
	{file: "pnputil-ids-zeroplus-dongle.txt", source: "pnputil", roots: 1, devices: 1, skipped: 7, ids: []string{"0c12:0f11"}},
}

func TestRealListings(t *testing.T) {
	files, _ := filepath.Glob("testdata/real/*.txt")
	if len(files) != len(realCases) {
		t.Errorf("%d files in testdata/real, %d cases: every real listing needs its hand-counted case", len(files), len(realCases))
	}
	for _, c := range realCases {
		t.Run(c.file, func(t *testing.T) {
			tr, err := Load(filepath.Join("testdata/real", c.file))
			if err != nil {
				t.Fatal(err)
			}
			if tr.Source != c.source || len(tr.Roots) != c.roots || len(tr.Devices()) != c.devices {
				t.Fatalf("source %s roots %d devices %d, want %s %d %d", tr.Source, len(tr.Roots), len(tr.Devices()), c.source, c.roots, c.devices)
			}
			var names, midi, ids []string
			for _, d := range tr.Devices() {
				names = append(names, d.Name())
				ids = append(ids, d.ID())
				if d.HasKind("midi") {
					midi = append(midi, d.ID())
				}
			}
			if c.ids != nil && strings.Join(ids, ",") != strings.Join(c.ids, ",") {
				t.Errorf("devices %v, want %v", ids, c.ids)
			}
			all := strings.Join(names, "\n")
			for _, n := range c.names {
				if !strings.Contains(all, n) {
					t.Errorf("no device named like %q in:\n%s", n, all)
				}
			}
			if strings.Join(midi, ",") != strings.Join(c.midi, ",") {
				t.Errorf("MIDI devices %v, want %v", midi, c.midi)
			}
			if got := strings.Contains(tr.Note, "skipped"); got != (c.skipped > 0) {
				t.Errorf("note %q: skipped lines said %v, want %v", tr.Note, got, c.skipped > 0)
			}
			if c.skipped > 0 && !strings.Contains(tr.Note, fmt.Sprintf("skipped %d line", c.skipped)) {
				t.Errorf("note %q does not count the skipped line", tr.Note)
			}
			if got := strings.Contains(tr.Note, "-w0"); got != c.cutLines {
				t.Errorf("note %q: cut lines said %v, want %v", tr.Note, got, c.cutLines)
			}
		})
	}
}

// Details read off the files by hand.
func TestRealListingDetails(t *testing.T) {
	load := func(f string) *Tree {
		tr, err := Load(filepath.Join("testdata/real", f))
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	find := func(tr *Tree, name string) *Device {
		for _, d := range tr.Devices() {
			if strings.Contains(d.Name(), name) {
				return d
			}
		}
		t.Fatalf("no %q", name)
		return nil
	}

	// ioreg: decimal properties become hex; "Device Speed" 1 is full speed.
	esp := load("ioreg-p-IOUSB-l-m1pro-esp32c3.txt").Roots[0]
	if esp.ID() != "303a:1001" || esp.Class != "ef" || esp.SubClass != "02" || esp.Protocol != "01" || esp.Serial != "84:F7:03:A0:EF:84" ||
		esp.Speed != "full (12 Mbit/s)" || esp.Address != 10 || esp.USBVersion != "2.00" || esp.Manufacturer != "Espressif" {
		t.Errorf("esp32c3 %+v", esp)
	}
	ard := load("ioreg-p-IOUSB-w0-l-arduino-micro.txt").Roots[0]
	if ard.ID() != "2341:8037" || ard.Class != "ef" || ard.Manufacturer != "Arduino LLC" || ard.Serial != "WUART" || ard.Address != 21 || ard.USBVersion != "2.10" {
		t.Errorf("arduino %+v", ard)
	}

	// ioreg tree: the Cynthion sits under the second USB2.0 Hub, which sits under the first.
	cy := load("ioreg-b-p-IOUSB-m1-cynthion.txt")
	hub1 := cy.Roots[0].Children[0]
	if len(cy.Roots[0].Children) != 2 || len(hub1.Children) != 2 || !strings.Contains(hub1.Children[0].Children[0].Name(), "Cynthion") || !hub1.IsHub {
		t.Errorf("cynthion tree wrong: %+v", hub1)
	}
	// pre-El Capitan: root hubs are the roots; BRCM2070 Hub holds the Bluetooth controller.
	old := load("ioreg-p-IOUSB-intel-pre-elcapitan.txt")
	if bt := find(old, "BRCM2070 Hub"); !bt.IsHub || len(bt.Children) != 1 || bt.Children[0].Name() != "Bluetooth USB Host Controller" {
		t.Errorf("BRCM2070 %+v", bt)
	}
	// Names padded before '@' are trimmed.
	bl := load("ioreg-p-IOUSB-tree-m2-bladerf.txt")
	if len(bl.Roots[0].Children) != 0 || find(bl, "USB3.0 Hub").Product != "USB3.0 Hub" || len(find(bl, "USB3.0 Hub").Children) != 2 {
		t.Errorf("bladeRF tree %+v", bl.Roots)
	}

	// lsusb -v: class codes printed in decimal (239, 254) are hex here.
	v := load("lsusb-v-cyme-parallels.txt")
	jl := find(v, "SEGGER J-Link")
	if jl.Class != "ef" || jl.SubClass != "02" || jl.Protocol != "01" || len(jl.Interfaces) != 5 || jl.Interfaces[4].Class != "ff" {
		t.Errorf("J-Link %+v", jl)
	}
	bmp := find(v, "Black Magic Debug")
	if len(bmp.Interfaces) != 6 || bmp.Interfaces[4].Class != "fe" || bmp.Interfaces[4].SubClass != "01" || bmp.Interfaces[4].Kind != "dfu" ||
		bmp.Interfaces[1].Kind != "cdc-data" {
		t.Errorf("BMP interfaces %+v", bmp.Interfaces)
	}
	if p := find(v, "Virtual Printer"); p.Interfaces[0].Kind != "printer" {
		t.Errorf("printer %+v", p.Interfaces)
	}
	for _, d := range v.Devices() {
		for k := range d.Props {
			if k == "Configuration" || k == "Self" || k == "Device" {
				t.Errorf("%s: a section header became a property: %q", d.Name(), k)
			}
		}
	}

	// lsusb -v: alternate settings stay with their interface.
	djm := find(load("lsusb-v-djm850-midi.txt"), "DJM-850")
	if len(djm.Interfaces) != 3 || len(djm.Interfaces[0].Alternates) != 1 || djm.Interfaces[0].Alternates[0].Setting != 1 ||
		djm.Interfaces[2].Kind != "midi" || djm.Interfaces[2].Name != "DJM-850 USB MIDI" || djm.MaxPower != "0mA" {
		t.Errorf("DJM-850 %+v", djm.Interfaces)
	}

	// lsusb -v of a MIDI keyboard: interface association, MIDI, HID, vendor
	// and DFU interfaces; the HID report descriptor "** UNAVAILABLE **".
	kk := find(load("lsusb-v-komplete-kontrol-s61mk2-midi.txt"), "S61 MK2")
	if kk.ID() != "17cc:1620" || kk.Class != "ef" || kk.SubClass != "02" || kk.Protocol != "01" || kk.Serial != "7BD76471" ||
		kk.Manufacturer != "Native Instruments" || kk.MaxPower != "480mA" || kk.USBVersion != "2.00" || len(kk.Interfaces) != 5 {
		t.Errorf("S61 MK2 %+v", kk)
	} else if in := kk.Interfaces; in[1].Kind != "midi" || in[1].Name != "KOMPLETE KONTROL S61 MK2 MIDI" || in[2].Class != "03" ||
		in[3].Class != "ff" || in[4].Kind != "dfu" || in[4].Name != "KOMPLETE KONTROL S61 MK2 DFU" {
		t.Errorf("S61 MK2 interfaces %+v", in)
	}

	// lsusb -v without root: "Couldn't open device" is said on the device
	// and in the note; the strings that did come through are kept.
	pt := load("lsusb-v-nonroot-pico.txt")
	pico := find(pt, "Pico")
	if pico.Path != "001:037" || pico.ID() != "2e8a:000a" || pico.Serial != "E66118604B49B426" || pico.Manufacturer != "Raspberry Pi" ||
		len(pico.Interfaces) != 3 || pico.Interfaces[1].Kind != "cdc-data" || len(pico.Unreadable) != 1 || !strings.Contains(pico.Unreadable[0], "not root") {
		t.Errorf("Pico %+v", pico)
	}
	if !strings.Contains(pt.Note, "could not open 1 device(s)") || !strings.Contains(pt.Note, "sudo lsusb -v") {
		t.Errorf("note %q", pt.Note)
	}
	if kk.Unreadable != nil || strings.Contains(load("lsusb-v-djm850-midi.txt").Note, "could not open") {
		t.Errorf("a listing lsusb read whole is said to be unreadable")
	}

	// lsusb -tv: IDs and paths under each interface line; "Driver=" empty.
	tv := load("lsusb-tv-cyme-parallels.txt")
	bm := find(tv, "Black Magic Debug")
	if bm.ID() != "1d50:6018" || bm.Props["sysfs"] != "/sys/bus/usb/devices/2-2.4" || bm.Props["devfs"] != "/dev/bus/usb/002/003" ||
		bm.Path != "2-2.4" || len(bm.Interfaces) != 6 || bm.Interfaces[0].Driver != "" || bm.Interfaces[4].Kind != "application" {
		t.Errorf("lsusb -tv %+v %+v", bm, bm.Interfaces)
	}
	// lsusb -t (old format): the hub on bus 2 holds the probe.
	tt := load("lsusb-t-cyme-parallels.txt")
	if hub := find(tt, "Hub device at 2-2"); !hub.IsHub || len(hub.Children) != 1 || hub.Children[0].Path != "2-2.4" || hub.Speed != "full (12 Mbit/s)" {
		t.Errorf("lsusb -t hub %+v", hub)
	}
}

// Several listings in one file, with their prompts: both are read.
func TestSeveralListingsInOneFile(t *testing.T) {
	a, _ := os.ReadFile("testdata/real/lsusb-cynthion.txt")
	b, _ := os.ReadFile("testdata/real/ioreg-b-p-IOUSB-m1-cynthion.txt")
	tr, err := Parse(append(append(a, '\n'), b...))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Roots) != 3 || len(tr.Devices()) != 12 || tr.Source != "mixed" || !strings.Contains(tr.Note, "2 listings") || !strings.Contains(tr.Note, "skipped 2 line") {
		t.Fatalf("roots %d devices %d source %s note %q", len(tr.Roots), len(tr.Devices()), tr.Source, tr.Note)
	}
}

// CRLF line ends and tabs, as a listing pasted from a Windows editor.
func TestCRLFAndTabs(t *testing.T) {
	b, _ := os.ReadFile("testdata/real/lsusb-v-djm850-midi.txt")
	crlf := strings.ReplaceAll(string(b), "\n", "\r\n")
	crlf = strings.ReplaceAll(crlf, "        ", "\t")
	tr, err := Parse([]byte(crlf))
	if err != nil {
		t.Fatal(err)
	}
	if d := tr.Devices()[1]; !d.HasKind("midi") || d.Product != "DJM-850" {
		t.Fatalf("%+v", d)
	}
}
