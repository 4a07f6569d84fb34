package usb

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// The records below are Windows device nodes as public listings show them.
// Instance ids, hardware ids, compatible ids, names and problem codes are
// copied verbatim from the source named above each set (a public GitHub
// file; where the search index names no repository, its index id, which
// `read_file` opens). Parent links are another matter: only the USBTreeView
// report (set D) states them; elsewhere a listing gives nodes, not links,
// so the test assigns them, and says where. Assigned links follow Windows'
// own rules: an &MI_nn node's parent is the composite device with the same
// VID/PID, and nodes whose generated instance ids share a prefix
// ("6&32c85605&0&…") hang from the same hub.

// Set A: `Get-WmiObject Win32_PnPEntity | Where DeviceID -like 'USB*' |
// ft DeviceID, Caption` on a laptop with two EHCI root hubs (each with
// Intel's rate-matching hub) and one xHCI root hub; a README of PowerShell
// notes (search index id 53538466635). Captions only; no controllers (the
// filter kept USB\ ids). Links assigned: one 6& prefix per hub.
var winSetA = []WinDevNode{
	{InstanceID: `USB\VID_045E&PID_0745&MI_00\7&15A9BB96&0&0000`, Parent: `USB\VID_045E&PID_0745\6&16A13F70&0&4`, Description: "Microsoft Hardware USB Keyboard"},
	{InstanceID: `USB\VID_8087&PID_0024\5&324A4BC&0&1`, Parent: `USB\ROOT_HUB20\4&3551E42A&0`, Description: "Generic USB Hub"},
	{InstanceID: `USB\VID_0408&PID_2FB1&MI_00\7&39E017E4&0&0000`, Parent: `USB\VID_0408&PID_2FB1\6&252D4A22&0&4`, Description: "Integrated Webcam"},
	{InstanceID: `USB\VID_045E&PID_0745\6&16A13F70&0&4`, Parent: `USB\ROOT_HUB30\5&22C35228&0&0`, Description: "Microsoft Mouse and Keyboard Detection Driver (USB)"},
	{InstanceID: `USB\VID_045E&PID_0745&MI_01\7&15A9BB96&0&0001`, Parent: `USB\VID_045E&PID_0745\6&16A13F70&0&4`, Description: "Microsoft Hardware USB Mouse"},
	{InstanceID: `USB\VID_8086&PID_0189\6&166E8A4C&0&5`, Parent: `USB\VID_8087&PID_0024\5&3547B97D&0&1`, Description: "Intel(R) Centrino(R) Wireless Bluetooth(R) 3.0 + H..."},
	{InstanceID: `USB\ROOT_HUB30\5&22C35228&0&0`, Description: "USB Root Hub (xHCI)"},
	{InstanceID: `USB\VID_045E&PID_0745&MI_02\7&15A9BB96&0&0002`, Parent: `USB\VID_045E&PID_0745\6&16A13F70&0&4`, Description: "USB Input Device"},
	{InstanceID: `USB\ROOT_HUB20\4&3551E42A&0`, Description: "USB Root Hub"},
	{InstanceID: `USB\VID_8087&PID_0024\5&3547B97D&0&1`, Parent: `USB\ROOT_HUB20\4&304566E4&0`, Description: "Generic USB Hub"},
	{InstanceID: `USB\ROOT_HUB20\4&304566E4&0`, Description: "USB Root Hub"},
	{InstanceID: `USB\VID_0408&PID_2FB1\6&252D4A22&0&4`, Parent: `USB\VID_8087&PID_0024\5&324A4BC&0&1`, Description: "USB Composite Device"},
}

func TestWinTreeTopologyAndComposites(t *testing.T) {
	tr := WinTree(winSetA, "setupapi")
	checkWinTree(t, tr)
	if got := treeOutline(tr); got != strings.Join([]string{
		"USB\\ROOT_HUB20\\4&304566E4&0 hub",
		"  8087:0024 hub",
		"    8086:0189",
		"USB\\ROOT_HUB20\\4&3551E42A&0 hub",
		"  8087:0024 hub",
		"    0408:2fb1 if00",
		"USB\\ROOT_HUB30\\5&22C35228&0&0 hub",
		"  045e:0745 if00 if01 if02",
	}, "\n") {
		t.Errorf("tree:\n%s", got)
	}
	kbd := findPath(tr, `USB\VID_045E&PID_0745\6&16A13F70&0&4`)
	if kbd == nil || kbd.Serial != "" || kbd.Interfaces[1].Name != "Microsoft Hardware USB Mouse" {
		t.Fatalf("keyboard receiver: %+v", kbd)
	}
	// usb.ids names it, so Windows' driver name stays a property
	if kbd.Product != "" || kbd.Name() != "Microsoft Corp. Nano Transceiver v1.0 for Bluetooth" || kbd.Props["windows name"] != "Microsoft Mouse and Keyboard Detection Driver (USB)" {
		t.Errorf("keyboard receiver named %q (product %q, props %v)", kbd.Name(), kbd.Product, kbd.Props)
	}
	// usb.ids does not know 0408:2fb1: Windows' name is the one there is
	if cam := findPath(tr, `USB\VID_0408&PID_2FB1\6&252D4A22&0&4`); cam.Name() != "Quanta Computer, Inc. USB Composite Device" {
		t.Errorf("webcam named %q", cam.Name())
	}
	if r := tr.Roots[2]; r.Product != "USB Root Hub (xHCI)" || r.VendorID != "" {
		t.Errorf("root hub: %+v", r)
	}
}

// Set B: `pnputil /enum-devices /class USB /connected` on a Windows in
// Chinese with an AMD USB4 chipset: three xHCI controllers, a USB4 host
// router and its USB4\ root router, three root hubs, a Genesys hub pair;
// the output of a tool call in a public session log (search index id
// 69583188359). Links assigned: controllers and root hubs paired in the
// listing's order, both hubs (one 6&32c85605 prefix) on the first root hub.
var winSetB = []WinDevNode{
	{InstanceID: `USB\VID_05E3&PID_0620\6&32c85605&0&6`, Parent: `USB\ROOT_HUB30\5&371ed2de&0&0`, Description: "通用 SuperSpeed USB 集线器", SetupClass: "USB", Manufacturer: "(标准 USB 集线器)"},
	{InstanceID: `PCI\VEN_1022&DEV_15C1&SUBSYS_50081D05&REV_00\4&1bb4ca26&0&0443`, Description: "AMD USB 3.10 可扩展主机控制器 - 1.20 (Microsoft)", SetupClass: "USB", Manufacturer: "通用 USB xHCI 主机控制器"},
	{InstanceID: `PCI\VEN_1022&DEV_1669&SUBSYS_50081D05&REV_00&USB4_MS_CM\4&1bb4ca26&0&0643`, Description: "USB4(TM) 主机路由器 (Microsoft)", SetupClass: "USB", Manufacturer: "通用 USB4 主机路由器"},
	{InstanceID: `USB\ROOT_HUB30\5&371ed2de&0&0`, Parent: `PCI\VEN_1022&DEV_15C1&SUBSYS_50081D05&REV_00\4&1bb4ca26&0&0443`, Description: "USB 根集线器(USB 3.0)", SetupClass: "USB", Manufacturer: "(标准 USB 集线器)"},
	{InstanceID: `PCI\VEN_1022&DEV_15C0&SUBSYS_50081D05&REV_00\4&1bb4ca26&0&0343`, Description: "AMD USB 3.10 可扩展主机控制器 - 1.20 (Microsoft)", SetupClass: "USB"},
	{InstanceID: `USB\ROOT_HUB30\5&12135c79&0&0`, Parent: `PCI\VEN_1022&DEV_15C0&SUBSYS_50081D05&REV_00\4&1bb4ca26&0&0343`, Description: "USB 根集线器(USB 3.0)", SetupClass: "USB", Manufacturer: "(标准 USB 集线器)"},
	{InstanceID: `USB\ROOT_HUB30\5&32dc0252&0&0`, Parent: `PCI\VEN_1022&DEV_15BA&SUBSYS_50081D05&REV_00\4&58d6169&0&0441`, Description: "USB 根集线器(USB 3.0)", SetupClass: "USB", Manufacturer: "(标准 USB 集线器)"},
	{InstanceID: `USB\VID_05E3&PID_0610\6&32c85605&0&1`, Parent: `USB\ROOT_HUB30\5&371ed2de&0&0`, Description: "通用 USB 集线器", SetupClass: "USB", Manufacturer: "(标准 USB 集线器)"},
	{InstanceID: `PCI\VEN_1022&DEV_15BA&SUBSYS_50081D05&REV_00\4&58d6169&0&0441`, Description: "AMD USB 3.10 可扩展主机控制器 - 1.20 (Microsoft)", SetupClass: "USB", Manufacturer: "通用 USB xHCI 主机控制器"},
	{InstanceID: `USB4\ROOT_DEVICE_ROUTER&VID_1022&PID_1669\5&32e9e8fd&0&0`, Parent: `PCI\VEN_1022&DEV_1669&SUBSYS_50081D05&REV_00&USB4_MS_CM\4&1bb4ca26&0&0643`, Description: "USB4 根路由器 (1.0)", SetupClass: "USB"},
}

func TestWinTreeControllersAndLocalisedNames(t *testing.T) {
	tr := WinTree(winSetB, "setupapi")
	checkWinTree(t, tr)
	if len(tr.Roots) != 3 {
		t.Fatalf("%d roots, want the 3 root hubs (the USB4 router is not a USB host controller):\n%s", len(tr.Roots), treeOutline(tr))
	}
	r := findPath(tr, `USB\ROOT_HUB30\5&371ed2de&0&0`)
	if r.Controller != "AMD USB 3.10 可扩展主机控制器 - 1.20 (Microsoft)" || r.Props["controller"] != `PCI\VEN_1022&DEV_15C1&SUBSYS_50081D05&REV_00\4&1bb4ca26&0&0443` {
		t.Errorf("root hub's controller: %q %v", r.Controller, r.Props)
	}
	if len(r.Children) != 2 || r.Children[0].ProductID != "0610" || r.Children[1].ProductID != "0620" {
		t.Fatalf("hubs under the root hub:\n%s", treeOutline(tr))
	}
	for _, h := range r.Children {
		// "(标准 USB 集线器)" is Windows' placeholder, not a maker
		if !h.IsHub || h.Manufacturer != "" || h.VendorName != "Genesys Logic, Inc." {
			t.Errorf("hub %s: hub %v, manufacturer %q, vendor %q", h.Path, h.IsHub, h.Manufacturer, h.VendorName)
		}
	}
}

// Set C: a script's log of the Valeton GP-180 guitar pedal on Windows 11,
// with its MIDI function (search index id 60177040814, "Example log —
// Valeton GP-180"); the source redacted the serial as XXXXXXXX and elided
// some compatible ids as "...". The pedal (84ef:0188) is composite, its
// MIDI Streaming function is MI_03; in its bootloader (84ef:0189) it is
// one MIDI function. No hubs in the log: the devices are orphans here.
var winSetC = []WinDevNode{
	{InstanceID: `USB\VID_84EF&PID_0188\XXXXXXXX`, FriendlyName: "Valeton GP-180",
		HardwareIDs:   []string{`USB\VID_84EF&PID_0188&REV_0101`, `USB\VID_84EF&PID_0188`},
		CompatibleIDs: []string{`USB\COMPAT_VID_84EF&DevClass_00&SubClass_00&Prot00`, `USB\COMPOSITE`}},
	{InstanceID: `USB\VID_84EF&PID_0188&REV_0101&MI_03\XXXXXXXX`, Parent: `USB\VID_84EF&PID_0188\XXXXXXXX`, FriendlyName: "Valeton GP-180 Subdevice",
		HardwareIDs:   []string{`USB\VID_84EF&PID_0188&REV_0101&MI_03`, `USB\VID_84EF&PID_0188&MI_03`},
		CompatibleIDs: []string{`USB\CLASS_01&SUBCLASS_03&PROT_00`, `USB\CLASS_01&SUBCLASS_03`, `USB\CLASS_01`}},
	{InstanceID: `USB\VID_84EF&PID_0189\V1.0.0`, FriendlyName: "GP-180",
		HardwareIDs:   []string{`USB\VID_84EF&PID_0189&REV_0100`, `USB\VID_84EF&PID_0189`},
		CompatibleIDs: []string{`USB\COMPAT_VID_84EF&Class_01&SubClass_03&Prot_00`, `USB\Class_01&SubClass_03`, `USB\Class_01`}},
}

func TestWinTreeFlagsMIDI(t *testing.T) {
	tr := WinTree(winSetC, "setupapi")
	checkWinTree(t, tr)
	if len(tr.Roots) != 2 {
		t.Fatalf("want the two devices as roots:\n%s", treeOutline(tr))
	}
	pedal := findPath(tr, `USB\VID_84EF&PID_0188\XXXXXXXX`)
	if pedal.Class != "00" || pedal.SubClass != "00" || pedal.Protocol != "00" {
		t.Errorf("composite's class codes from USB\\COMPAT_VID_…&Prot00: %q/%q/%q", pedal.Class, pedal.SubClass, pedal.Protocol)
	}
	if len(pedal.Interfaces) != 1 || pedal.Interfaces[0].Number != 3 || pedal.Interfaces[0].Kind != "midi" || !pedal.HasKind("midi") {
		t.Errorf("pedal's MIDI function: %+v", pedal.Interfaces)
	}
	if pedal.Serial != "XXXXXXXX" || pedal.Props["bcdDevice"] != "0101" || pedal.Product != "Valeton GP-180" {
		t.Errorf("pedal: serial %q, bcdDevice %q, product %q", pedal.Serial, pedal.Props["bcdDevice"], pedal.Product)
	}
	boot := findPath(tr, `USB\VID_84EF&PID_0189\V1.0.0`)
	if !boot.HasKind("midi") || boot.Serial != "V1.0.0" || boot.Class != "" {
		t.Errorf("bootloader (one function, codes on interface 0): serial %q class %q %+v", boot.Serial, boot.Class, boot.Interfaces)
	}
}

// Set D: Uwe Sieber's USBTreeView on a Logitech StreamCam (Windows 10
// 19041), espressif/esp-usb @ 7cedb0f :
// host/class/uvc/usb_host_uvc/host_test/main/parsing/descriptors/logitech_streamcam.hpp
// (Apache-2.0). The report states the composite device and its four
// functions (MI_00 camera, MI_02 audio, MI_04 without a driver: problem 28,
// MI_05 HID) with their setup classes and services; it shows no compatible
// ids, so the functions' kinds come from their setup classes.
var winSetD = []WinDevNode{
	{InstanceID: `USB\VID_046D&PID_0893\5079EB25`, Description: "USB Composite Device", SetupClass: "USB", Service: "usbccgp",
		HardwareIDs: []string{`USB\VID_046D&PID_0893&REV_0017`, `USB\VID_046D&PID_0893`},
		Location:    "Port_#0004.Hub_#0009", Manufacturer: "(Standard USB Host Controller)", Status: 0x0180600A},
	{InstanceID: `USB\VID_046D&PID_0893&MI_00\8&35E311C5&0&0000`, Parent: `USB\VID_046D&PID_0893\5079EB25`, FriendlyName: "Logitech StreamCam", SetupClass: "Image", Service: "usbvideo"},
	{InstanceID: `USB\VID_046D&PID_0893&MI_02\8&35E311C5&0&0002`, Parent: `USB\VID_046D&PID_0893\5079EB25`, FriendlyName: "Logitech StreamCam (USB Audio Device)", SetupClass: "MEDIA", Service: "usbaudio"},
	{InstanceID: `USB\VID_046D&PID_0893&MI_04\8&35E311C5&0&0004`, Parent: `USB\VID_046D&PID_0893\5079EB25`, FriendlyName: "Logitech StreamCam", Status: dnHasProblem, Problem: 28},
	{InstanceID: `USB\VID_046D&PID_0893&MI_05\8&35E311C5&0&0005`, Parent: `USB\VID_046D&PID_0893\5079EB25`, FriendlyName: "USB Input Device", SetupClass: "HIDClass", Service: "HidUsb"},
	{InstanceID: `HID\VID_046D&PID_0893&MI_05\9&3B5EB197&0&0000`, Parent: `USB\VID_046D&PID_0893&MI_05\8&35E311C5&0&0005`, FriendlyName: "HID-compliant vendor-defined device", SetupClass: "HIDClass"},
}

func TestWinTreeFunctionsAndProblems(t *testing.T) {
	tr := WinTree(winSetD, "setupapi")
	checkWinTree(t, tr)
	if len(tr.Roots) != 1 {
		t.Fatalf("the HID collection is not a USB device:\n%s", treeOutline(tr))
	}
	cam := tr.Roots[0]
	var kinds []string
	for _, i := range cam.Interfaces {
		kinds = append(kinds, fmt.Sprintf("%d:%s:%s", i.Number, i.Kind, i.Driver))
	}
	if got := strings.Join(kinds, " "); got != "0:video:usbvideo 2:audio:usbaudio 4:: 5:hid:HidUsb" {
		t.Errorf("functions: %s", got)
	}
	if cam.Serial != "5079EB25" || cam.Props["bcdDevice"] != "0017" || cam.Name() != "Logitech, Inc. StreamCam" || cam.Manufacturer != "" {
		t.Errorf("camera: serial %q bcdDevice %q name %q manufacturer %q", cam.Serial, cam.Props["bcdDevice"], cam.Name(), cam.Manufacturer)
	}
	if cam.Props["interface 04 problem"] != "code 28 (CM_PROB_FAILED_INSTALL)" || cam.Props["problem"] != "" {
		t.Errorf("problem: %v", cam.Props)
	}
	if !strings.Contains(tr.Note, "1 USB device(s) or interface(s) report a problem") {
		t.Errorf("note %q", tr.Note)
	}
}

// Set E: Microsoft's "USB device registry entries" page
// (MicrosoftDocs/windows-driver-docs, search index id 22287740951):
// `pnputil /enum-interfaces` and `pnputil /enum-devices /ids` on a
// Surface-era machine, with Windows 11's COMPAT_VID compatible ids.
var winSetE = []WinDevNode{
	{InstanceID: `USB\VID_1395&PID_005A\0000000000`},
	{InstanceID: `USB\VID_045E&PID_0840\0C33CG9212501N0`, Description: "USB Composite Device", SetupClass: "USB",
		Manufacturer: "(Standard USB Host Controller)", HardwareIDs: []string{`USB\VID_045E&PID_0840&REV_0215`, `USB\VID_045E&PID_0840`},
		CompatibleIDs: []string{`USB\COMPAT_VID_045E&DevClass_00&SubClass_00&Prot00`, `USB\COMPAT_VID_045E&DevClass_00&SubClass_00`,
			`USB\COMPAT_VID_045E&DevClass_00`, `USB\DevClass_00&SubClass_00&Prot_00`, `USB\DevClass_00&SubClass_00`, `USB\DevClass_00`, `USB\COMPOSITE`}},
	{InstanceID: `USB\VID_045E&PID_07A5\5&109d12e&0&1`},
}

func TestWinTreeSerials(t *testing.T) {
	tr := WinTree(winSetE, "setupapi")
	checkWinTree(t, tr)
	want := map[string]string{`USB\VID_1395&PID_005A\0000000000`: "0000000000", `USB\VID_045E&PID_0840\0C33CG9212501N0`: "0C33CG9212501N0", `USB\VID_045E&PID_07A5\5&109d12e&0&1`: ""}
	for path, serial := range want {
		if d := findPath(tr, path); d == nil || d.Serial != serial {
			t.Errorf("%s: %+v, want serial %q", path, d, serial)
		}
	}
	if d := findPath(tr, `USB\VID_045E&PID_0840\0C33CG9212501N0`); d.Class != "00" || d.Props["bcdDevice"] != "0215" || len(d.Interfaces) != 0 {
		t.Errorf("composite: %+v", d)
	}
}

// Set F: `pnputil /enum-devices /problem /deviceids` on a Dell laptop
// under Windows Server 2022, a Spanish home-lab write-up (search index id
// 43698233992): a smart card function that failed to load (code 31), its
// device not in the listing.
var winSetF = []WinDevNode{
	{InstanceID: `USB\VID_0A5C&PID_5833&MI_01\6&1ff64837&0&0001`, Description: "Microsoft Usbccid Smartcard Reader (UMDF2)", SetupClass: "SmartCardReader", Manufacturer: "Microsoft",
		Status: dnHasProblem, Problem: 31,
		HardwareIDs:   []string{`USB\VID_0A5C&PID_5833&REV_0101&MI_01`, `USB\VID_0A5C&PID_5833&MI_01`},
		CompatibleIDs: []string{`USB\Class_0b&SubClass_00&Prot_00`, `USB\Class_0b&SubClass_00`, `USB\Class_0b`}},
}

func TestWinTreeInterfaceWithoutItsDevice(t *testing.T) {
	tr := WinTree(winSetF, "setupapi")
	checkWinTree(t, tr)
	if len(tr.Roots) != 1 {
		t.Fatalf("roots:\n%s", treeOutline(tr))
	}
	d := tr.Roots[0]
	if d.ID() != "0a5c:5833" || len(d.Interfaces) != 1 || d.Interfaces[0].Kind != "smartcard" || d.Interfaces[0].Class != "0b" {
		t.Errorf("stand-in device: %+v", d)
	}
	if d.Props["interface 01 problem"] != "code 31 (CM_PROB_FAILED_ADD)" || len(d.Unreadable) != 1 {
		t.Errorf("stand-in's props %v, unreadable %v", d.Props, d.Unreadable)
	}
}

func TestWinTreeEmptyAndJSON(t *testing.T) {
	if tr := WinTree(nil, "setupapi"); len(tr.Roots) != 0 || tr.Note == "" || tr.Source != "setupapi" {
		t.Errorf("empty: %+v", tr)
	}
	// a Windows tree survives Benchtop's own JSON format
	b, err := json.Marshal(WinTree(append(append([]WinDevNode{}, winSetA...), winSetC...), "setupapi"))
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(b)
	if err != nil || !back.Roots[0].IsHub || len(back.Devices()) != 10 {
		t.Fatalf("JSON round trip: %v, %+v", err, back)
	}
}

func FuzzWinTree(f *testing.F) {
	for _, set := range [][]WinDevNode{winSetA, winSetB, winSetC, winSetD, winSetF} {
		for _, n := range set {
			f.Add(n.InstanceID, n.Parent, strings.Join(n.CompatibleIDs, "|"), strings.Join(n.HardwareIDs, "|"))
		}
	}
	f.Fuzz(func(t *testing.T, id, parent, compat, hw string) {
		nodes := []WinDevNode{
			{InstanceID: id, Parent: parent, CompatibleIDs: strings.Split(compat, "|"), HardwareIDs: strings.Split(hw, "|")},
			{InstanceID: parent, Parent: id}, // a loop, if id and parent are both devices
		}
		nodes = append(nodes, winSetD...)
		checkWinTree(t, WinTree(nodes, "setupapi"))
	})
}

// checkWinTree checks what every tree built from Windows nodes must be: a
// forest (each device once), devices named by their instance ids, no
// &MI_ node among devices, IDs and class codes in the model's forms,
// interface numbers unique per device.
func checkWinTree(t *testing.T, tr *Tree) {
	t.Helper()
	if tr.Source == "" {
		t.Error("no source")
	}
	seen := map[*Device]bool{}
	tr.Walk(func(d *Device, depth int) {
		if seen[d] {
			t.Fatalf("%s appears twice", d.Path)
		}
		seen[d] = true
		if d.Path == "" {
			t.Errorf("a device without a path: %+v", d)
		}
		if parseWinID(d.Path).Interface >= 0 {
			t.Errorf("an interface node became a device: %s", d.Path)
		}
		if err := checkCodes(d, d.Path); err != nil {
			t.Error(err)
		}
		nums := map[int]bool{}
		for _, i := range d.Interfaces {
			if nums[i.Number] {
				t.Errorf("%s: interface %d twice", d.Path, i.Number)
			}
			nums[i.Number] = true
		}
	})
}

func treeOutline(tr *Tree) string {
	var lines []string
	tr.Walk(func(d *Device, depth int) {
		s := strings.Repeat("  ", depth)
		if d.VendorID != "" {
			s += d.ID()
		} else {
			s += d.Path
		}
		if d.IsHub {
			s += " hub"
		}
		for _, i := range d.Interfaces {
			s += fmt.Sprintf(" if%02x", i.Number)
		}
		lines = append(lines, s)
	})
	return strings.Join(lines, "\n")
}

func findPath(tr *Tree, path string) *Device {
	for _, d := range tr.Devices() {
		if d.Path == path {
			return d
		}
	}
	return nil
}

// Without parents (Wine's CfgMgr32 gives none), a function still joins its
// device when one device of its VID:PID is listed.
func TestWinTreeFunctionsFindTheirDeviceWithoutParents(t *testing.T) {
	var nodes []WinDevNode
	for _, n := range append(append([]WinDevNode{}, winSetD...), winSetC...) {
		n.Parent = ""
		nodes = append(nodes, n)
	}
	tr := WinTree(nodes, "setupapi")
	checkWinTree(t, tr)
	if got := treeOutline(tr); got != "046d:0893 if00 if02 if04 if05\n84ef:0188 if03\n84ef:0189 if00" {
		t.Errorf("tree:\n%s", got)
	}
}

// A host controller with no root hub shows only when it reports a problem
// (set B, with one root hub left out and a problem code assigned to its
// controller; its PCI class id added as Windows lists it).
func TestWinTreeControllerWithAProblem(t *testing.T) {
	var nodes []WinDevNode
	for _, n := range winSetB {
		switch {
		case n.InstanceID == `USB\ROOT_HUB30\5&32dc0252&0&0`:
			continue
		case strings.HasPrefix(n.InstanceID, `PCI\VEN_1022&DEV_15BA`):
			n.Status, n.Problem = dnHasProblem, 10
			n.CompatibleIDs = []string{`PCI\VEN_1022&DEV_15BA&REV_00`, `PCI\VEN_1022&DEV_15BA`, `PCI\VEN_1022&CC_0C0330`, `PCI\VEN_1022&CC_0C03`, `PCI\VEN_1022`, `PCI\CC_0C0330`, `PCI\CC_0C03`}
		}
		nodes = append(nodes, n)
	}
	tr := WinTree(nodes, "setupapi")
	checkWinTree(t, tr)
	d := findPath(tr, `PCI\VEN_1022&DEV_15BA&SUBSYS_50081D05&REV_00\4&58d6169&0&0441`)
	if len(tr.Roots) != 3 || d == nil || d.Props["problem"] != "code 10 (CM_PROB_FAILED_START)" || d.Controller == "" {
		t.Fatalf("controller with a problem: %+v\n%s", d, treeOutline(tr))
	}
}
