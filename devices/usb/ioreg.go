package usb

import (
	"fmt"
	"strconv"
	"strings"
)

// ioregNode is one "+-o NAME@LOCATION  <class CLASS, ...>" line and the
// property block that follows it (with -l).
type ioregNode struct {
	col       int
	name      string // before '@', padding trimmed
	location  string // after '@'
	class     string
	truncated bool // the line was cut by ioreg at the terminal width ("$")
	props     map[string]string
	dev       *Device
}

// parseIoregLines reads the text form of macOS ioreg: `ioreg -p IOUSB
// [-l] [-w0]`, `ioreg -rc CLASS` / `-Src` (several subtrees), the IOService
// plane, old (IOUSBDevice) and new (IOUSBHostDevice) class names. A node's
// depth is the column of "+-o"; "|" columns, the "|" line after every
// property block, lines cut with "$" (no -w0) and pasted indentation are
// all accepted. A line that fits none of these shapes is an error naming its
// line number; first is the file line of lines[0].
func parseIoregLines(lines []string, first int) (*Tree, error) {
	var all []*ioregNode
	var cur *ioregNode // the node whose property block we are in
	inBlock := false
	var notes []string
	lineNo := first - 1
	for _, raw := range lines {
		lineNo++
		if i := strings.Index(raw, "+-o "); i >= 0 && !inBlock {
			n := parseIoregNode(raw[i+4:])
			n.col = i
			all = append(all, n)
			cur = n
			continue
		}
		body := strings.TrimSpace(strings.TrimLeft(raw, " |"))
		switch {
		case body == "":
			// the "|" separator after a property block, or a blank line
			// between the subtrees of `ioreg -rc`
		case body == "{":
			if cur == nil {
				return nil, fmt.Errorf("ioreg line %d: property block before any +-o node", lineNo)
			}
			if inBlock {
				return nil, fmt.Errorf("ioreg line %d: '{' inside a property block", lineNo)
			}
			inBlock = true
		case body == "}":
			if !inBlock {
				return nil, fmt.Errorf("ioreg line %d: '}' without an open property block", lineNo)
			}
			inBlock = false
		case inBlock || (cur != nil && strings.HasPrefix(body, `"`)):
			// Some pastes (grep -A, hand trims) drop the braces; a
			// "key" = value line still belongs to the node above it.
			k, v, ok := parseIoregProp(body)
			if !ok {
				return nil, fmt.Errorf("ioreg line %d: not a \"key\" = value property: %s", lineNo, quoteLine(body))
			}
			if cur == nil {
				return nil, fmt.Errorf("ioreg line %d: property before any +-o node", lineNo)
			}
			cur.props[k] = v
		default:
			return nil, fmt.Errorf("ioreg line %d: expected a +-o node or a property block, got %s", lineNo, quoteLine(body))
		}
	}
	if inBlock {
		notes = append(notes, fmt.Sprintf("the listing ends inside a property block at line %d (cut short?)", lineNo))
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("ioreg: no +-o nodes: is this ioreg output?")
	}
	t := &Tree{Source: "ioreg"}
	buildIoregTree(t, all)
	if len(t.Roots) == 0 {
		notes = append(notes, "the listing has no USB controllers or devices")
	}
	for _, n := range all {
		if n.truncated {
			notes = append(notes, "lines cut at the terminal width ('$'): run ioreg with -w0 for whole lines")
			break
		}
	}
	t.Note = strings.Join(notes, "; ")
	return t, nil
}

// parseIoregNode reads what follows "+-o ".
func parseIoregNode(rest string) *ioregNode {
	n := &ioregNode{props: map[string]string{}}
	if strings.HasSuffix(rest, "$") {
		n.truncated = true
		rest = strings.TrimSuffix(rest, "$")
	}
	head, cls, hasClass := strings.Cut(rest, "<class ")
	if hasClass {
		if k := strings.IndexAny(cls, ",>"); k >= 0 {
			cls = cls[:k]
		}
		n.class = strings.TrimSpace(cls)
	}
	head = strings.TrimSpace(head)
	if at := strings.LastIndex(head, "@"); at >= 0 {
		n.name, n.location = strings.TrimSpace(head[:at]), head[at+1:]
	} else {
		n.name = head
	}
	return n
}

// Class names, old and new. An IOUSBHostDevice also shows, in the IOService
// plane, an AppleUSBDevice/IOUSBDevice twin under it (the legacy nub) with
// the same name and location: that twin is not a second device.
var (
	ioregDeviceClasses    = map[string]bool{"IOUSBHostDevice": true, "IOUSBDevice": true, "IOUSBHubDevice": true, "AppleUSBDevice": true}
	ioregRootHubClasses   = map[string]bool{"IOUSBRootHubDevice": true}
	ioregInterfaceClasses = map[string]bool{"IOUSBHostInterface": true, "IOUSBInterface": true, "AppleUSBInterface": true}
)

func buildIoregTree(t *Tree, all []*ioregNode) {
	var stack []*ioregNode
	seen := map[string]*Device{} // name@location → device, to fold legacy twins
	for _, n := range all {
		for len(stack) > 0 && stack[len(stack)-1].col >= n.col {
			stack = stack[:len(stack)-1]
		}
		var parentDev *Device
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].dev != nil {
				parentDev = stack[i].dev
				break
			}
		}
		key := n.name + "@" + n.location
		isInterface := ioregInterfaceClasses[n.class] || n.props["bInterfaceNumber"] != ""
		switch {
		case n.class == "IORegistryEntry":
			// Root
		case isIoregController(n.class, n.props) || ioregRootHubClasses[n.class]:
			d := &Device{Path: key, Controller: n.class, Props: n.props, IsHub: true}
			d.Product = firstNonEmpty(n.props["USB Product Name"], n.name)
			if ioregRootHubClasses[n.class] {
				fillIoregDevice(d, n)
			}
			n.dev = d
			addChild(t, parentDev, d)
		case isInterface:
			if parentDev != nil {
				addIoregInterface(parentDev, n)
				n.dev = nil
			}
		case ioregDeviceClasses[n.class] || (n.props["idVendor"] != "" && n.props["idProduct"] != ""):
			if twin := seen[key]; twin != nil && n.location != "" && (n.class == "AppleUSBDevice" || n.class == "IOUSBDevice") && isAncestor(stack, twin) {
				n.dev = twin // the legacy nub of a device already listed
				continue
			}
			d := &Device{}
			fillIoregDevice(d, n)
			n.dev = d
			seen[key] = d
			addChild(t, parentDev, d)
		}
		stack = append(stack, n)
	}
}

func isAncestor(stack []*ioregNode, d *Device) bool {
	for _, s := range stack {
		if s.dev == d {
			return true
		}
	}
	return false
}

func addChild(t *Tree, parent, d *Device) {
	if parent != nil {
		parent.Children = append(parent.Children, d)
	} else {
		t.Roots = append(t.Roots, d)
	}
}

func isIoregController(class string, props map[string]string) bool {
	c := strings.ToLower(class)
	if strings.Contains(c, "port") || strings.Contains(c, "hub") || strings.Contains(c, "device") || strings.Contains(c, "interface") {
		return false // AppleUSB20XHCIPort, AppleUSB20InternalHub…: parts of a controller, not one
	}
	return strings.Contains(c, "xhci") || strings.Contains(c, "ehci") || strings.Contains(c, "ohci") || strings.Contains(c, "uhci") ||
		strings.Contains(c, "usbhostcontroller") || strings.HasSuffix(c, "usbvhcibcm") || props["IOClass"] == "AppleUSBXHCI"
}

// parseIoregProp splits `"key" = value`, unquoting string values. A value
// cut by ioreg ("$" at the end, no -w0) is kept as far as it goes.
func parseIoregProp(s string) (string, string, bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", "", false
	}
	end := strings.Index(s[1:], `"`)
	if end < 0 {
		return "", "", false
	}
	key := s[1 : end+1]
	rest := strings.TrimSpace(s[end+2:])
	val, ok := strings.CutPrefix(rest, "=")
	if !ok {
		if strings.HasSuffix(rest, "$") || rest == "" {
			return key, "", true // cut before the value
		}
		return "", "", false
	}
	val = strings.TrimSpace(val)
	val = strings.TrimSuffix(val, "$")
	if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
		val = val[1 : len(val)-1]
	} else if strings.HasPrefix(val, `"`) && !strings.Contains(val[1:], `"`) {
		val = val[1:] // a string cut short
	}
	return key, val, true
}

// ioregHex reads a decimal or 0x number property as width hex digits.
func ioregHex(v string, width int) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	n, err := strconv.ParseUint(v, 0, 64)
	if err != nil || (width < 16 && n >= 1<<(4*width)) {
		return "" // not a number of that size: unknown, not passed on
	}
	return fmt.Sprintf("%0*x", width, n)
}

var ioregSpeeds = map[string]string{"0": "low (1.5 Mbit/s)", "1": "full (12 Mbit/s)", "2": "high (480 Mbit/s)", "3": "super (5 Gbit/s)", "4": "super+ (10 Gbit/s)"}

// fillIoregDevice maps a node's properties to the device; with no
// properties (a tree-only listing) the node's name is the product.
func fillIoregDevice(d *Device, n *ioregNode) {
	p := n.props
	d.Path = n.name + "@" + n.location
	if loc := p["locationID"]; loc != "" {
		d.Path = n.name + " (location " + ioregHex(loc, 8) + ")"
	} else if n.location != "" {
		d.Path = n.name + " (location " + n.location + ")"
	}
	d.VendorID = ioregHex(p["idVendor"], 4)
	d.ProductID = ioregHex(p["idProduct"], 4)
	d.Manufacturer = firstNonEmpty(p["USB Vendor Name"], p["kUSBVendorString"])
	d.Product = firstNonEmpty(p["USB Product Name"], p["kUSBProductString"], n.name)
	d.Serial = firstNonEmpty(p["USB Serial Number"], p["kUSBSerialNumberString"])
	d.Class = ioregHex(p["bDeviceClass"], 2)
	d.SubClass = ioregHex(p["bDeviceSubClass"], 2)
	d.Protocol = ioregHex(p["bDeviceProtocol"], 2)
	// "USBSpeed" on macOS 11+ counts from 1 (full) in some builds and
	// "Device Speed" from 0 (low) in all: prefer the latter.
	d.Speed = firstNonEmpty(ioregSpeeds[p["Device Speed"]], ioregSpeeds[p["USBSpeed"]])
	if v := firstNonEmpty(p["USB Address"], p["kUSBAddress"]); v != "" {
		d.Address, _ = strconv.Atoi(v)
	}
	if v := firstNonEmpty(p["UsbPowerSinkAllocation"], p["Requested Power"]); v != "" {
		d.MaxPower = v + "mA"
	}
	if v := p["bcdUSB"]; v != "" {
		if n, err := strconv.ParseInt(v, 0, 32); err == nil {
			d.USBVersion = fmt.Sprintf("%x.%02x", n>>8, n&0xff)
		}
	}
	if strings.Contains(n.class, "Hub") || d.Class == "09" {
		d.IsHub = true
	}
	for _, k := range []string{"idVendor", "idProduct", "USB Vendor Name", "kUSBVendorString", "USB Product Name", "kUSBProductString",
		"USB Serial Number", "kUSBSerialNumberString", "bDeviceClass", "bDeviceSubClass", "bDeviceProtocol"} {
		delete(p, k)
	}
	d.Props = p
	if len(p) == 0 {
		d.Props = nil
	}
}

// addIoregInterface records an interface node, folding alternate settings
// of one interface number into that interface.
func addIoregInterface(d *Device, n *ioregNode) {
	p := n.props
	num := -1
	if v, err := strconv.ParseInt(p["bInterfaceNumber"], 0, 32); err == nil {
		num = int(v)
	} else if v, err := strconv.Atoi(n.location); err == nil {
		num = v // "Audio In 0@1": the location is the interface number
	}
	alt, _ := strconv.ParseInt(p["bAlternateSetting"], 0, 32)
	name := firstNonEmpty(p["kUSBString"], p["USB Interface Name"], n.name)
	addInterface(d, Interface{Number: num, Class: ioregHex(p["bInterfaceClass"], 2), SubClass: ioregHex(p["bInterfaceSubClass"], 2),
		Protocol: ioregHex(p["bInterfaceProtocol"], 2), Name: name, Driver: p["IOClass"]}, int(alt))
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}
