package usb

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf16"
)

// Shapes the real corpus does not have (empty ports, hubs, a saved USBView
// tree, pnputil /relations, other encodings), made by editing the real
// files in testdata/real; every edit is named where it is made.

func readReal(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/real/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustParse(t *testing.T, s string) *Tree {
	t.Helper()
	tr, err := Parse([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func treeJSON(tr *Tree) string {
	b, _ := json.Marshal(tr)
	return string(b)
}

func TestUSBTreeViewEmptyPortAndHub(t *testing.T) {
	pm := readReal(t, "usbtreeview-pro-micro-flashforth.txt")
	co := readReal(t, "usbtreeview-cobolt-laser.txt")
	// Edits: the Pro Micro's section becomes a hub's (Is Hub yes); the
	// Cobolt's port chain moves under it (1-2-3); an empty port (status
	// 0x00, as USBTreeView prints a free port) follows.
	hub := strings.Replace(pm, "0x00 (no)", "0x01 (yes)", 1)
	child := strings.Replace(co, "Port Chain               : 3-8", "Port Chain               : 1-2-3", 1)
	empty := "\n    =========================== USB Port4 ===========================\n\n" +
		"Connection Status        : 0x00 (No device is connected)\nPort Chain               : 1-4\n"
	tr := mustParse(t, hub+child+empty)
	if len(tr.Roots) != 1 || len(tr.Devices()) != 2 || !tr.Roots[0].IsHub || len(tr.Roots[0].Children) != 1 ||
		tr.Roots[0].Children[0].ID() != "25dc:0006" || tr.Note != "1 empty port(s) not shown" {
		t.Fatalf("roots %d devices %d note %q: %s", len(tr.Roots), len(tr.Devices()), tr.Note, treeJSON(tr))
	}
}

func TestUSBViewSavedTree(t *testing.T) {
	// A saved tree: a host controller (its header as USBView writes it)
	// with three ports: an external hub whose one port holds the CareLink
	// node from the corpus, the NXP node from the corpus, and a free port.
	// Made here: the controller, hub and free-port lines, and the port
	// counts; the hub is Port1, so the CareLink node (its Port1) is under it
	// and the NXP node (Port2) is the controller's again.
	controller := "USB xHCI Compliant Host Controller\n\n\nDriverKey: {36fc9e60-c465-11cf-8056-444553540000}\\0003\n" +
		"VendorID: 8086\nDeviceID: 51ED\n\nRootHub\n\n\nRoot Hub: USB#ROOT_HUB30#4&262a0829&0&0#{f18a0e88-c30c-11d0-8815-00a0c906bed8}\n" +
		"Hub Power:                    Self Power\nNumber of Ports:              3\n"
	hub := "[Port1]  :  Generic USB Hub\n\n\nExternal Hub: USB#VID_03F0&PID_0BB9#5&33c730ea&0&4#{f18a0e88-c30c-11d0-8815-00a0c906bed8}\n" +
		"Hub Power:                    Self Power\nNumber of Ports:              1\n"
	free := "[Port3] \n\n\nIs Port User Connectable:         yes\n\nConnectionStatus:      NoDeviceConnected\n"
	tr := mustParse(t, controller+hub+readReal(t, "usbview-carelink.txt")+readReal(t, "usbview-nxp-uac2.txt")+free)
	if tr.Source != "usbview" || len(tr.Roots) != 1 || len(tr.Devices()) != 4 || tr.Note != "1 empty port(s) not shown" {
		t.Fatalf("roots %d devices %d note %q: %s", len(tr.Roots), len(tr.Devices()), tr.Note, treeJSON(tr))
	}
	hc := tr.Roots[0]
	if hc.Controller != "USB xHCI Compliant Host Controller" || hc.VendorID != "" || hc.Props["PCI VendorID"] != "8086" || len(hc.Children) != 2 {
		t.Fatalf("controller %s", treeJSON(tr))
	}
	h, nxp := hc.Children[0], hc.Children[1]
	if !h.IsHub || h.Path != "1-1" || len(h.Children) != 1 || h.Children[0].Path != "1-1.1" || h.Children[0].ID() != "0a21:8001" ||
		nxp.Path != "1-2" || nxp.ID() != "1fc9:2046" {
		t.Fatalf("hub and ports %s", treeJSON(tr))
	}
}

func TestPnputilRelationsAndMIDI(t *testing.T) {
	sc := readReal(t, "pnputil-problem-deviceids-smartcard.txt")
	// Edit: the interface's compatible IDs say Audio / MIDI Streaming.
	midi := strings.NewReplacer("Class_0b&SubClass_00", "Class_01&SubClass_03").Replace(sc)
	d := mustParse(t, midi).Devices()[0]
	if !d.HasKind("midi") || d.Interfaces[0].Class != "01" || d.Interfaces[0].SubClass != "03" {
		t.Errorf("MIDI interface not flagged: %+v", d.Interfaces)
	}

	// /relations: the interface names its parent; two devices share a
	// VID:PID, so only Parent tells which one it belongs to. Records in
	// pnputil's layout; the IDs are the smartcard's.
	rel := "Microsoft PnP Utility\n\n" +
		"Instance ID:                USB\\VID_0A5C&PID_5833\\0123456789AB\nDevice Description:         USB Composite Device\nStatus:                     Started\n\n" +
		"Instance ID:                USB\\VID_0A5C&PID_5833\\6&1ff64837&0&1\nDevice Description:         USB Composite Device\nStatus:                     Started\n\n" +
		"Instance ID:                USB\\VID_0A5C&PID_5833&MI_01\\7&2a&0&0001\nStatus:                     Started\nParent:                     USB\\VID_0A5C&PID_5833\\6&1ff64837&0&1\n" +
		"Compatible IDs:             USB\\Class_0b&SubClass_00&Prot_00\n\n" +
		"Instance ID:                USB\\ROOT_HUB30\\5&371ed2de&0&0\nDevice Description:         USB Root Hub (USB 3.0)\n"
	tr := mustParse(t, rel)
	ds := tr.Devices()
	if len(ds) != 2 || ds[0].Serial != "0123456789AB" || len(ds[0].Interfaces) != 0 || ds[1].Serial != "" ||
		len(ds[1].Interfaces) != 1 || ds[1].Interfaces[0].Kind != "smartcard" || !strings.Contains(tr.Note, "1 entries that are not USB devices") {
		t.Errorf("note %q: %s", tr.Note, treeJSON(tr))
	}
}

func TestEncodings(t *testing.T) {
	src := readReal(t, "pnputil-ids-zeroplus-dongle.txt")
	want := treeJSON(mustParse(t, src))
	be := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(src)) {
		be = append(be, byte(u>>8), byte(u))
	}
	for name, b := range map[string][]byte{"UTF-8 BOM": append([]byte{0xEF, 0xBB, 0xBF}, src...), "UTF-16BE": be} {
		tr, err := Parse(b)
		if err != nil || treeJSON(tr) != want {
			t.Errorf("%s: %v %s", name, err, treeJSON(tr))
		}
	}
	if _, err := Parse(be[:len(be)-1]); err == nil || !strings.Contains(err.Error(), "odd number of bytes") {
		t.Errorf("cut UTF-16: %v", err)
	}
	if _, err := Parse(be[2:]); err == nil || !strings.Contains(err.Error(), "without a byte-order mark") {
		t.Errorf("UTF-16 without BOM: %v", err)
	}
	// The message for a file of another kind names what Benchtop reads.
	_, err := Parse([]byte("hello\n"))
	for _, f := range []string{"ioreg", "lsusb", "USBView", "USBTreeView", "pnputil", "--json"} {
		if err == nil || !strings.Contains(err.Error(), f) {
			t.Errorf("error %v does not name %s", err, f)
		}
	}
}

// Newer USBTreeView versions open each port with a Summary; the corpus's
// two reports predate it. These lines are the head of a report quoted in a
// public controller-notes file (Retro Fighters Defender, XInput mode), cut
// after the first field of its Device Information.
func TestUSBTreeViewSummary(t *testing.T) {
	const head = `
    =========================== USB Port8 ===========================

Connection Status        : 0x01 (Device is connected)
Port Chain               : 2-8

      ========================== Summary =========================
Vendor ID                : 0x045E (Microsoft Corporation)
Product ID               : 0x028E
USB Version              : 1.1
Port maximum Speed       : High-Speed
Device maximum Speed     : Full-Speed
Device Connection Speed  : Full-Speed
Self powered             : no
Demanded Current         : 500 mA
Used Endpoints           : 3

      ======================== USB Device ========================

        +++++++++++++++++ Device Information ++++++++++++++++++
Device Description       : Xbox 360 Controller for Windows
`
	tr := mustParse(t, head)
	if tr.Source != "usbtreeview" || len(tr.Devices()) != 1 {
		t.Fatalf("%s", treeJSON(tr))
	}
	d := tr.Devices()[0]
	if d.ID() != "045e:028e" || d.Path != "2-8" || d.Speed != "full (12 Mbit/s)" || d.Props["Vendor Name"] != "Microsoft Corporation" ||
		d.Props["Demanded Current"] != "500 mA" || d.Props["Device Description"] != "Xbox 360 Controller for Windows" || d.Product != "" {
		t.Errorf("%+v", d)
	}
}
