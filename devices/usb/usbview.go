package usb

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	// "[Port4]  :  USB Audio Device", or "[Port3] " for an empty port.
	reUVPort = regexp.MustCompile(`^\[Port(\d+)\](?:\s+:\s+(.*?))?\s*$`)
	// "          ===>Device Descriptor<===", "       ---===>Open Pipes<===---"
	reUVHeader = regexp.MustCompile(`^\s*-*===>(.*?)<===-*\s*$`)
	// "idVendor:                        0x0483 = STMicroelectronics"
	reUVField = regexp.MustCompile(`^([A-Za-z][\w .()/-]*?):\s*(.*)$`)
	// `     English (United States)  "MIDI LispEngineer"` under an i* field.
	reUVString = regexp.MustCompile(`^\s+\S[^"]*"(.*)"\s*$`)
	reUVSpeed  = regexp.MustCompile(`Device Bus Speed:\s*(\w+)`)
	// The line that starts a host controller in a saved tree.
	reUVDriverKey = regexp.MustCompile(`(?i)^DriverKey:\s*\{36fc9e60-c465-11cf-8056-444553540000\}`)
)

// uvNode is one USBView node being read: a port ([PortN]) or a host
// controller, with what it said.
type uvNode struct {
	dev        *Device
	port       int  // 0 for a controller
	controller bool // a host controller (and its root hub)
	empty      bool // a port with no device
	ports      int  // a hub's "Number of Ports", -1 unknown
	hasDesc    bool // a device descriptor was read
}

// uvReader holds the state of one USBView listing.
type uvReader struct {
	t          *Tree
	cur        *uvNode
	descReader        // str: the field the next quoted string line fills
	prev       string // the last non-blank line that was not a field
	stack      []*uvNode
	hcs        int
	empties    int
}

// parseUSBView reads the text of Microsoft's USBView (File ▸ Save, or a
// node's text copied out of its right pane): "[PortN]  :  Name" nodes with
// the port's properties, the connection status and the descriptors, and in
// a saved tree the host controllers ("DriverKey:", "Root Hub:") and hubs
// ("External Hub:", "Number of Ports:") whose ports follow them. A port
// with no device is not a device; interfaces are the device's. USBView
// prints much prose around its fields: lines it does not know are passed
// over.
func parseUSBView(lines []string, first int) (*Tree, error) {
	r := &uvReader{t: &Tree{Source: "usbview"}}
	for _, line := range lines {
		r.line(line)
	}
	r.finish()
	if len(r.t.Roots) == 0 {
		if r.empties > 0 {
			r.t.Note = fmt.Sprintf("USBView: %d port(s), none with a device", r.empties)
			return r.t, nil
		}
		return nil, fmt.Errorf("USBView line %d: no [PortN] node with a device and no host controller", first)
	}
	if r.empties > 0 {
		r.t.Note = fmt.Sprintf("%d empty port(s) not shown", r.empties)
	}
	return r.t, nil
}

func (r *uvReader) line(line string) {
	if strings.TrimSpace(line) == "" {
		return
	}
	if m := reUVPort.FindStringSubmatch(line); m != nil {
		r.finish()
		n, _ := strconv.Atoi(m[1])
		r.cur = &uvNode{dev: &Device{}, port: n, ports: -1}
		if m[2] != "" {
			keepProp(r.cur.dev, "Device Description", m[2])
		} else {
			r.cur.empty = true
		}
		return
	}
	if reUVDriverKey.MatchString(line) {
		r.finish()
		r.hcs++
		d := &Device{Path: fmt.Sprintf("usb%d", r.hcs), IsHub: true, Controller: r.prev}
		d.Product = "root hub (" + firstNonEmpty(r.prev, "host controller") + ")"
		r.cur = &uvNode{dev: d, controller: true, ports: -1}
	}
	if r.cur == nil {
		r.prev = strings.TrimSpace(line)
		return
	}
	if m := reUVHeader.FindStringSubmatch(line); m != nil {
		r.flushIf()
		r.str = nil
		if strings.TrimSpace(m[1]) == "Interface Descriptor" {
			r.pendIf = &Interface{Number: -1}
		}
		return
	}
	if m := reUVString.FindStringSubmatch(line); m != nil && r.str != nil {
		*r.str = m[1]
		r.str = nil
		return
	}
	m := reUVField.FindStringSubmatch(line)
	if m == nil {
		r.prev = strings.TrimSpace(line)
		return
	}
	r.str = nil
	r.field(m[1], strings.TrimSpace(m[2]))
}

func (r *uvReader) field(key, val string) {
	n, d := r.cur, r.cur.dev
	if r.ifaceField(key, val) {
		return
	}
	if r.deviceField(d, key, val) {
		n.hasDesc = n.hasDesc || key == "bcdUSB" || key == "idVendor"
		return
	}
	switch key {
	case "ConnectionStatus":
		if strings.Contains(val, "NoDeviceConnected") {
			n.empty = true
		}
	case "English product name":
		keepProp(d, key, strings.Trim(val, `"`))
	case "Current Config Value":
		if m := reUVSpeed.FindStringSubmatch(val); m != nil {
			d.Speed = winSpeed(m[1])
		}
	case "Device Address":
		if a := hexInt(val); a > 0 {
			d.Address = a
		}
	case "External Hub", "Root Hub":
		d.IsHub = true
		keepProp(d, key, val)
	case "Number of Ports":
		if p, err := strconv.Atoi(firstWord(val)); err == nil && p >= 0 {
			n.ports = p
		}
		keepProp(d, key, val)
	case "VendorID", "DeviceID", "SubSysID", "Revision":
		keepProp(d, "PCI "+key, val) // the controller's PCI IDs, not USB ones
	case "DriverKey", "Is Port User Connectable", "Is Port Debug Capable", "Companion Port Number",
		"Companion Hub Symbolic Link Name", "Device Power State", "Hub Power", "Hub type", "Open Pipes",
		"Bus.Device.Function (in decimal)":
		keepProp(d, key, val)
	}
}

// flushIf adds the interface descriptor just read to the device.
func (r *uvReader) flushIf() {
	if r.cur != nil {
		r.descReader.flushIf(r.cur.dev)
	} else {
		r.descReader.flushIf(nil)
	}
}

// finish places the node just read. A saved tree lists each hub's ports
// right after it, depth first: a port belongs to the innermost hub that
// still has ports to account for.
func (r *uvReader) finish() {
	r.flushIf()
	n := r.cur
	r.cur, r.str = nil, nil
	if n == nil {
		return
	}
	if n.controller {
		r.t.Roots = append(r.t.Roots, n.dev)
		r.stack = []*uvNode{n}
		return
	}
	for len(r.stack) > 0 && r.stack[len(r.stack)-1].ports == 0 {
		r.stack = r.stack[:len(r.stack)-1]
	}
	var parent *uvNode
	if len(r.stack) > 0 {
		parent = r.stack[len(r.stack)-1]
		if parent.ports > 0 {
			parent.ports--
		}
	}
	if n.empty && !n.hasDesc {
		r.empties++
		return
	}
	d := n.dev
	d.Product = firstNonEmpty(d.Product, d.Props["English product name"])
	if parent == nil {
		d.Path = fmt.Sprintf("Port%d", n.port)
		r.t.Roots = append(r.t.Roots, d)
	} else {
		d.Path = fmt.Sprintf("%s.%d", parent.dev.Path, n.port)
		if parent.controller {
			d.Path = fmt.Sprintf("%s-%d", strings.TrimPrefix(parent.dev.Path, "usb"), n.port)
		}
		parent.dev.Children = append(parent.dev.Children, d)
	}
	if d.IsHub && n.ports > 0 && len(r.stack) < maxDepth {
		r.stack = append(r.stack, n)
	}
}
