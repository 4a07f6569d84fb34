package usb

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	// "    =========================== USB Port8 ==========================="
	reTVPort = regexp.MustCompile(`^\s*={3,}\s+USB Port(\d+)\s+={3,}\s*$`)
	// Section rulers inside a port: "===== Summary =====", "+++++ Device
	// Information +++++", "----- Interface Descriptor -----".
	reTVHeader = regexp.MustCompile(`^\s*(?:={3,}|\+{3,}|-{3,})\s+(.+?)\s+(?:={3,}|\+{3,}|-{3,})\s*$`)
	// "Vendor ID                : 0x045E (Microsoft Corporation)"
	reTVField = regexp.MustCompile(`^\s*([^:\s][^:]*?)\s*:(?:\s(.*))?$`)
	reTVLang  = regexp.MustCompile(`^Language 0x[0-9A-Fa-f]{4}$`)
)

// tvReader holds the state of one USBTreeView listing.
type tvReader struct {
	devs       []*Device
	cur        *Device
	port       int
	empty      bool
	section    string
	inStrings  bool // in the String Descriptors, which only repeat the strings
	empties    int
	descReader // str: the field the next "Language 0x0409 : "..."" line fills
}

// parseUSBTreeView reads the text reports of Uwe Sieber's USB Device Tree
// Viewer (USBTreeView): one section per port between
// "=== USB PortN ===" rulers, with a Summary ("Vendor ID : 0x045E
// (Microsoft Corporation)"), the device information Windows keeps, the
// connection information and the descriptors with their hex dumps. A port
// with no device is not a device; a device's "Port Chain" (1-10-2) is its
// path, and devices on a hub's ports hang under the hub.
func parseUSBTreeView(lines []string, first int) (*Tree, error) {
	r := &tvReader{}
	for _, line := range lines {
		r.line(line)
	}
	r.finish()
	t := &Tree{Source: "usbtreeview", Roots: nestByPath(r.devs, "-")}
	if r.empties > 0 {
		t.Note = fmt.Sprintf("%d empty port(s) not shown", r.empties)
	}
	if len(r.devs) == 0 && r.empties == 0 {
		return nil, fmt.Errorf("USBTreeView line %d: no \"=== USB PortN ===\" section", first)
	}
	return t, nil
}

func (r *tvReader) line(line string) {
	if strings.TrimSpace(line) == "" {
		return
	}
	if m := reTVPort.FindStringSubmatch(line); m != nil {
		r.finish()
		r.port, _ = strconv.Atoi(m[1])
		r.cur, r.empty, r.section, r.inStrings = &Device{}, false, "", false
		return
	}
	if r.cur == nil {
		return
	}
	if m := reTVHeader.FindStringSubmatch(line); m != nil {
		r.flushIf()
		r.section, r.str = m[1], nil
		r.inStrings = r.inStrings || r.section == "String Descriptors"
		if r.section == "Interface Descriptor" {
			r.pendIf = &Interface{Number: -1}
		}
		return
	}
	m := reTVField.FindStringSubmatch(line)
	if m == nil {
		return // hex dump continuations, "*!*ERROR" remarks, prose
	}
	key, val := m[1], strings.TrimSpace(m[2])
	if reTVLang.MatchString(key) {
		if r.str != nil {
			*r.str = strings.Trim(val, `"`)
			r.str = nil
		}
		return
	}
	r.str = nil
	if !r.inStrings {
		r.field(key, val)
	}
}

func (r *tvReader) field(key, val string) {
	d := r.cur
	if r.ifaceField(key, val) {
		return
	}
	if r.deviceField(d, key, val) {
		return
	}
	switch key {
	case "Connection Status":
		if strings.HasPrefix(val, "0x00") {
			r.empty = true
		}
	case "Port Chain":
		d.Path = val
	case "Vendor ID":
		d.VendorID = hex4(firstWord(val))
		if name := parenthesised(val); name != "" {
			keepProp(d, "Vendor Name", name)
		}
	case "Product ID":
		d.ProductID = hex4(firstWord(val))
	case "Device Connection Speed":
		d.Speed = winSpeed(val)
	case "Device Bus Speed":
		d.Speed = firstNonEmpty(d.Speed, winSpeed(parenthesised(val)))
	case "Device Address":
		if a := hexInt(val); a > 0 {
			d.Address = a
		}
	case "Is Hub":
		d.IsHub = strings.Contains(val, "(yes)")
	case "Device ID":
		keepProp(d, key, val)
		if id, ok := usbID(val); ok && id.Interface < 0 {
			d.VendorID, d.ProductID = firstNonEmpty(d.VendorID, id.VID), firstNonEmpty(d.ProductID, id.PID)
		}
	case "Device Description", "Friendly Name", "Service", "Driver", "Location Info", "Problem Code",
		"Manufacturer Info", "Status", "Self powered", "Demanded Current", "Port maximum Speed",
		"Device maximum Speed":
		keepProp(d, key, val)
	}
}

func (r *tvReader) flushIf() { r.descReader.flushIf(r.cur) }

// finish keeps the port just read if a device is on it.
func (r *tvReader) finish() {
	r.flushIf()
	d := r.cur
	r.cur, r.str = nil, nil
	if d == nil {
		return
	}
	if r.empty && d.VendorID == "" {
		r.empties++
		return
	}
	if d.Path == "" {
		d.Path = fmt.Sprintf("Port%d", r.port)
	}
	r.devs = append(r.devs, d)
}
