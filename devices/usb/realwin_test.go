package usb

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Details of the Windows listings in testdata/real, read off the files by
// hand (see real/SOURCES).

func loadOne(t *testing.T, file string) (*Tree, *Device) {
	t.Helper()
	tr, err := Load(filepath.Join("testdata/real", file))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Devices()) != 1 {
		t.Fatalf("%s: %d devices, want 1", file, len(tr.Devices()))
	}
	return tr, tr.Devices()[0]
}

// ifaceCodes lists a device's interfaces as "number:class/subclass/protocol
// kind" with their alternate settings.
func ifaceCodes(d *Device) []string {
	var out []string
	for _, i := range d.Interfaces {
		s := strings.Join([]string{itoa(i.Number) + ":" + i.Class, i.SubClass, i.Protocol + " " + i.Kind}, "/")
		for _, a := range i.Alternates {
			s += " alt" + itoa(a.Setting) + ":" + a.Class + "/" + a.SubClass + "/" + a.Protocol
		}
		out = append(out, s)
	}
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func wantIfaces(t *testing.T, d *Device, want ...string) {
	t.Helper()
	if got := ifaceCodes(d); !reflect.DeepEqual(got, want) {
		t.Errorf("%s interfaces %q, want %q", d.ID(), got, want)
	}
}

func TestRealUSBView(t *testing.T) {
	_, midi := loadOne(t, "usbview-stm32-midi.txt")
	if midi.Path != "Port4" || midi.Address != 0x26 || midi.Speed != "full (12 Mbit/s)" || midi.USBVersion != "2.01" ||
		midi.Manufacturer != "LispEngineer using STM" || midi.Product != "MIDI LispEngineer" || midi.Serial != "3864355A3233" ||
		midi.MaxPower != "500mA" || midi.Class != "00" || midi.Props["Device Description"] != "USB Audio Device" || midi.Props["bcdDevice"] != "2.00" || midi.IsHub {
		t.Errorf("STM32 MIDI %+v", midi)
	}
	wantIfaces(t, midi, "0:01/03/00 midi")

	_, nxp := loadOne(t, "usbview-nxp-uac2.txt")
	if nxp.Path != "Port2" || nxp.Address != 0x1C || nxp.Speed != "high (480 Mbit/s)" || nxp.USBVersion != "2.00" ||
		nxp.Class != "ef" || nxp.SubClass != "02" || nxp.Protocol != "01" || nxp.Manufacturer != "Acme Co." ||
		nxp.Serial != "000001" || nxp.MaxPower != "100mA" || nxp.HasKind("midi") {
		t.Errorf("NXP UAC2 %+v", nxp)
	}
	// Audio Control, and Audio Streaming with its alternate setting 1
	wantIfaces(t, nxp, "0:01/01/20 audio", "1:01/02/20 audio alt1:01/02/20")

	// No string descriptors: the fields stay empty; Windows' own name for
	// the device is a property, not its product string.
	_, cl := loadOne(t, "usbview-carelink.txt")
	if cl.Path != "Port1" || cl.Address != 5 || cl.Manufacturer != "" || cl.Product != "" || cl.Serial != "" ||
		cl.USBVersion != "2.00" || cl.Props["Device Description"] != "Medtronic CareLink USB" || cl.Props["Is Port User Connectable"] != "yes" {
		t.Errorf("CareLink %+v", cl)
	}
	wantIfaces(t, cl, "0:ff/ff/ff vendor")
}

func TestRealUSBTreeView(t *testing.T) {
	_, pm := loadOne(t, "usbtreeview-pro-micro-flashforth.txt")
	// "iProduct : 0x01 (String Descriptor 1)" with no string under it
	if pm.Path != "1-2" || pm.Address != 12 || pm.Speed != "full (12 Mbit/s)" || pm.USBVersion != "1.10" || pm.Class != "02" ||
		pm.Product != "" || pm.Manufacturer != "" || pm.Serial != "" || pm.MaxPower != "100mA" ||
		pm.Props["Problem Code"] != "10 (CM_PROB_FAILED_START)" || pm.Props["Friendly Name"] != "USB Serial Device (COM13)" || pm.IsHub {
		t.Errorf("Pro Micro %+v", pm)
	}
	wantIfaces(t, pm, "0:02/02/01 comms", "1:0a/00/00 cdc-data")

	_, co := loadOne(t, "usbtreeview-cobolt-laser.txt")
	if co.Path != "3-8" || co.Address != 11 || co.Speed != "full (12 Mbit/s)" || co.USBVersion != "2.00" || co.Class != "02" ||
		co.Manufacturer != "Cobolt AB" || co.Product != "Cobolt Laser Driver MLD" || co.Serial != "000013245678" ||
		co.MaxPower != "100mA" || co.Props["Friendly Name"] != "Cobolt Laser (COM7)" || co.Props["Service"] != "usbser" || co.IsHub {
		t.Errorf("Cobolt %+v", co)
	}
	wantIfaces(t, co, "0:02/02/01 comms", "1:0a/00/00 cdc-data")
}

func TestRealPnputil(t *testing.T) {
	// Only the interface instance is listed (/problem): it is an interface
	// of its device, which the listing names by VID:PID alone.
	tr, sc := loadOne(t, "pnputil-problem-deviceids-smartcard.txt")
	if sc.Path != `USB\VID_0A5C&PID_5833` || sc.Serial != "" || sc.Product != "" || len(sc.Interfaces) != 1 {
		t.Fatalf("smartcard %+v", sc)
	}
	if i := sc.Interfaces[0]; i.Name != "Microsoft Usbccid Smartcard Reader (UMDF2)" || i.Driver != "UsbccidDriver.inf" {
		t.Errorf("smartcard interface %+v", i)
	}
	wantIfaces(t, sc, "1:0b/00/00 smartcard")

	// The same listing saved by PowerShell (UTF-16LE, BOM, CRLF) reads the same.
	u16, _ := loadOne(t, "pnputil-problem-deviceids-smartcard.utf16le-crlf.txt")
	a, _ := json.Marshal(tr)
	b, _ := json.Marshal(u16)
	if string(a) != string(b) {
		t.Errorf("UTF-16 copy differs:\n%s\n%s", a, b)
	}

	tr, zp := loadOne(t, "pnputil-ids-zeroplus-dongle.txt")
	// the instance ID's tail "5&2108ad5d&0&8" is Windows' key, not a serial
	if zp.Path != `USB\VID_0C12&PID_0F11\5&2108ad5d&0&8` || zp.Serial != "" || zp.Props["Status"] != "Disconnected" ||
		zp.Props["Device Description"] != "USB Input Device" || zp.Props["bcdDevice"] != "1.00" || zp.Props["Class Name"] != "HIDClass" {
		t.Errorf("ZEROPLUS %+v", zp)
	}
	// a single-function device's USB\Class_03 is its (one) interface
	wantIfaces(t, zp, "0:03/00/00 hid")
	if !strings.Contains(tr.Note, "1 device(s) Windows remembers but were not plugged in") {
		t.Errorf("note %q", tr.Note)
	}
}
