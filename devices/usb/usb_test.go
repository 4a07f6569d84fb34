package usb

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"benchtop/internal/testenv"
)

// sysfsFixture lays out a tree like /sys/bus/usb/devices on a real Linux
// box: an xHCI root hub, a hub, an AKM322 behind it (audio control + MIDI
// streaming), a composite HID + vendor device, and a device whose serial
// cannot be read.
func sysfsFixture(t *testing.T) string {
	root := t.TempDir()
	drivers := t.TempDir()
	dev := func(name string, attrs map[string]string) {
		d := filepath.Join(root, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for k, v := range attrs {
			if err := os.WriteFile(filepath.Join(d, k), []byte(v+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	iface := func(name, num, class, sub, proto, driver string) {
		dev(name, map[string]string{"bInterfaceNumber": num, "bInterfaceClass": class, "bInterfaceSubClass": sub, "bInterfaceProtocol": proto})
		if driver != "" {
			if err := os.MkdirAll(filepath.Join(drivers, driver), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(drivers, driver), filepath.Join(root, name, "driver")); err != nil {
				t.Fatal(err)
			}
		}
	}
	dev("usb1", map[string]string{"idVendor": "1d6b", "idProduct": "0002", "manufacturer": "Linux 6.1.0-18-amd64 xhci-hcd", "product": "xHCI Host Controller",
		"speed": "480", "bDeviceClass": "09", "busnum": "1", "devnum": "1", "version": " 2.00", "maxchild": "12"})
	iface("1-0:1.0", "00", "09", "00", "00", "hub")
	dev("1-1", map[string]string{"idVendor": "05e3", "idProduct": "0608", "product": "USB2.0 Hub", "speed": "480", "bDeviceClass": "09", "busnum": "1", "devnum": "2", "bMaxPower": "100mA"})
	iface("1-1:1.0", "00", "09", "00", "00", "hub")
	dev("1-1.2", map[string]string{"idVendor": "1acc", "idProduct": "1533", "manufacturer": "MIDIPLUS", "product": "AKM322", "speed": "12",
		"bDeviceClass": "00", "busnum": "1", "devnum": "4", "bMaxPower": "100mA", "version": " 1.10"})
	iface("1-1.2:1.0", "00", "01", "01", "00", "snd-usb-audio")
	iface("1-1.2:1.1", "01", "01", "03", "00", "snd-usb-audio")
	dev("1-1.3", map[string]string{"idVendor": "046d", "idProduct": "c52b", "speed": "12", "busnum": "1", "devnum": "5"}) // no strings: names from usb.ids
	iface("1-1.3:1.0", "00", "03", "01", "01", "usbhid")
	iface("1-1.3:1.2", "02", "ff", "00", "00", "")
	dev("1-2", map[string]string{"idVendor": "abcd", "idProduct": "1234", "product": "Odd device", "speed": "1.5", "busnum": "1", "devnum": "6"})
	if err := os.MkdirAll(filepath.Join(root, "1-2", "serial"), 0o755); err != nil { // reading it fails: EISDIR
		t.Fatal(err)
	}
	return root
}

func TestSysfsTree(t *testing.T) {
	testenv.OnlyWhere(t, runtime.GOOS != "windows", "sysfs is Linux's: its fixture's names (1-1:1.0) hold ':', which Windows file names cannot")
	tr, err := ReadSysfs(sysfsFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Roots) != 1 || tr.Roots[0].Path != "usb1" {
		t.Fatalf("roots %+v", tr.Roots)
	}
	hub := tr.Roots[0].Children[0]
	if hub.Path != "1-1" || !hub.IsHub || len(hub.Children) != 2 {
		t.Fatalf("hub %+v", hub)
	}
	akm := hub.Children[0]
	if akm.ID() != "1acc:1533" || akm.Speed != "full (12 Mbit/s)" || akm.USBVersion != "1.10" || akm.MaxPower != "100mA" {
		t.Fatalf("akm %+v", akm)
	}
	if !akm.HasKind("midi") || akm.Interfaces[1].Kind != "midi" || akm.Interfaces[0].Kind != "audio" || akm.Interfaces[1].Driver != "snd-usb-audio" {
		t.Fatalf("akm interfaces %+v", akm.Interfaces)
	}
	if akm.Known == nil || akm.Known.Keys != 32 || akm.Known.LowNote != 41 || akm.Known.HighNote != 72 {
		t.Fatalf("AKM322 not recognised: %+v", akm.Known)
	}
	if !strings.Contains(akm.Known.Name, "DeepComposer") {
		t.Fatalf("card name %q", akm.Known.Name)
	}
	logi := hub.Children[1]
	if logi.VendorName != "Logitech, Inc." || logi.Name() == "" || !strings.Contains(logi.Name(), "Logitech") {
		t.Fatalf("usb.ids lookup: vendor %q name %q", logi.VendorName, logi.Name())
	}
	if len(logi.Interfaces) != 2 || logi.Interfaces[0].Kind != "hid" || logi.Interfaces[1].Kind != "vendor" {
		t.Fatalf("composite interfaces %+v", logi.Interfaces)
	}
	odd := tr.Roots[0].Children[1]
	if odd.Path != "1-2" || len(odd.Unreadable) != 1 || !strings.Contains(odd.Unreadable[0], "serial") || odd.Speed != "low (1.5 Mbit/s)" {
		t.Fatalf("odd device %+v", odd)
	}
	if tr.Roots[0].Props["maxchild"] != "12" {
		t.Fatalf("extra attributes not kept: %v", tr.Roots[0].Props)
	}
}

func TestNoUSBBusIsSaid(t *testing.T) {
	for _, root := range []string{filepath.Join(t.TempDir(), "missing"), t.TempDir()} {
		tr, err := ReadSysfs(root)
		if err != nil || len(tr.Roots) != 0 || !strings.Contains(tr.Note, "no USB bus is visible") {
			t.Fatalf("%s: %+v %v", root, tr, err)
		}
	}
}

func TestIoregDump(t *testing.T) {
	tr, err := Load("testdata/ioreg-akm322.txt")
	if err != nil {
		t.Fatal(err)
	}
	if tr.Source != "ioreg" || len(tr.Roots) != 2 || tr.Roots[0].Controller != "AppleUSBXHCILPTH" {
		t.Fatalf("roots %+v", tr.Roots)
	}
	hub := tr.Roots[0].Children[0]
	akm := hub.Children[0]
	if !hub.IsHub || akm.ID() != "1acc:1533" || akm.Manufacturer != "MIDIPLUS" || akm.Speed != "full (12 Mbit/s)" || akm.USBVersion != "1.10" {
		t.Fatalf("akm %+v", akm)
	}
	if len(akm.Interfaces) != 2 || akm.Interfaces[1].Kind != "midi" || akm.Interfaces[1].Name != "AKM322 MIDI" || akm.Known == nil {
		t.Fatalf("interfaces %+v known %v", akm.Interfaces, akm.Known)
	}
	// unknown properties are kept
	if akm.Props["sessionID"] != "4029291391823" || akm.Props["PortNum"] != "1" || tr.Roots[0].Props["IOPCIPrimaryMatch"] != "0x9c318086" {
		t.Fatalf("props %v", akm.Props)
	}
}

func TestLsusbVerbose(t *testing.T) {
	tr, err := Load("testdata/lsusb-v-akm322.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Roots) != 1 || len(tr.Roots[0].Children) != 1 {
		t.Fatalf("tree %+v", tr.Roots)
	}
	akm := tr.Roots[0].Children[0]
	if akm.ID() != "1acc:1533" || akm.Product != "AKM322" || akm.Manufacturer != "MIDIPLUS" || akm.MaxPower != "100mA" || akm.USBVersion != "1.10" {
		t.Fatalf("akm %+v", akm)
	}
	if len(akm.Interfaces) != 2 || akm.Interfaces[1].Kind != "midi" || akm.Known == nil {
		t.Fatalf("interfaces %+v", akm.Interfaces)
	}
	if akm.Props["bcdDevice"] != "1.00" {
		t.Fatalf("unmapped fields not kept: %v", akm.Props)
	}
}

func TestLsusbTree(t *testing.T) {
	tr, err := Load("testdata/lsusb-t.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Roots) != 2 || tr.Roots[0].Controller != "xhci_hcd/12p" || tr.Roots[1].Speed != "super (5 Gbit/s)" {
		t.Fatalf("roots %+v", tr.Roots)
	}
	hub := tr.Roots[0].Children[0]
	if !hub.IsHub || len(hub.Children) != 2 {
		t.Fatalf("hub %+v", hub)
	}
	audio := hub.Children[0]
	if audio.Address != 4 || len(audio.Interfaces) != 2 || audio.Interfaces[0].Driver != "snd-usb-audio" || audio.Speed != "full (12 Mbit/s)" {
		t.Fatalf("audio device %+v", audio)
	}
	if hub.Children[1].Interfaces[0].Kind != "hid" {
		t.Fatalf("hid %+v", hub.Children[1].Interfaces)
	}
}

func TestMalformedDumpsNameTheLine(t *testing.T) {
	cases := map[string]string{
		"+-o Root  <class IORegistryEntry, id 1>\n  | {\n  |   \"a\" = 1\n  |   garbage here\n  | }\n": "ioreg line 4",
		"+-o Root  <class IORegistryEntry, id 1>\n  | }\n":                                             "ioreg line 2",
		"Bus 001 Device 002: ID 1acc:1533 x\nGARBAGE LINE\n":                                           "lsusb line 2",
		"/:  Bus 001.Port 001: Dev 001, Class=root_hub, Driver=xhci_hcd/12p, 480M\n    nonsense\n":     "lsusb -t line 2",
		"{\n  \"usb\": {\"roots\": [\n    {\"path\": 7}\n  ]}\n}":                                      "JSON line 3",
		"hello world\n": "line 1",
		"":              "empty",
	}
	for in, want := range cases {
		_, err := Parse([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", in, err, want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	tr, err := ReadSysfs(sysfsFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"schema": "benchtop.devices/1", "usb": tr})
	back, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Devices()) != len(tr.Devices()) || back.Roots[0].Children[0].Children[0].Known == nil {
		t.Fatalf("round trip lost devices: %d vs %d", len(back.Devices()), len(tr.Devices()))
	}
}
