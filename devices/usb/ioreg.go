package usb

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ParseIoreg reads the text form of macOS `ioreg -w0 -l -r -c
// AppleUSBHostController` or `ioreg -p IOUSB -l -w0`: a tree of
//
//	+-o NAME@LOCATION  <class CLASS, id 0x..., ...>
//
// lines whose depth is the column of "+-o", each optionally followed by a
// property block "{ "key" = value ... }" at the same indent. Controllers,
// IOUSBHostDevice/IOUSBDevice nodes and IOUSBHostInterface nodes become the
// tree; every other property is kept in Props. A line that fits none of
// these shapes is an error naming its line number.
func ParseIoreg(r io.Reader) (*Tree, error) {
	type node struct {
		col   int
		name  string
		class string
		props map[string]string
		dev   *Device
	}
	var all []*node
	var cur *node // the node whose property block we are in
	inBlock := false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		raw := strings.TrimRight(sc.Text(), " \r")
		if strings.TrimSpace(raw) == "" {
			continue
		}
		if i := strings.Index(raw, "+-o "); i >= 0 && !inBlock {
			rest := raw[i+4:]
			name, class := rest, ""
			if j := strings.Index(rest, "  <class "); j >= 0 {
				name = rest[:j]
				cls := rest[j+len("  <class "):]
				if k := strings.IndexAny(cls, ",>"); k >= 0 {
					class = cls[:k]
				} else {
					return nil, fmt.Errorf("ioreg line %d: unterminated <class ...>", lineNo)
				}
			} else if j := strings.Index(rest, " <class "); j >= 0 {
				name = rest[:j]
				cls := rest[j+len(" <class "):]
				if k := strings.IndexAny(cls, ",>"); k >= 0 {
					class = cls[:k]
				}
			}
			n := &node{col: i, name: strings.TrimSpace(name), class: class, props: map[string]string{}}
			all = append(all, n)
			cur = n
			continue
		}
		body := strings.TrimSpace(strings.TrimLeft(raw, " |"))
		switch {
		case body == "{":
			if cur == nil {
				return nil, fmt.Errorf("ioreg line %d: property block before any +-o node", lineNo)
			}
			if inBlock {
				return nil, fmt.Errorf("ioreg line %d: nested '{' outside a property value", lineNo)
			}
			inBlock = true
		case body == "}":
			if !inBlock {
				return nil, fmt.Errorf("ioreg line %d: '}' without an open property block", lineNo)
			}
			inBlock = false
		case inBlock:
			k, v, ok := parseIoregProp(body)
			if !ok {
				return nil, fmt.Errorf("ioreg line %d: not a \"key\" = value property: %q", lineNo, body)
			}
			cur.props[k] = v
		default:
			return nil, fmt.Errorf("ioreg line %d: expected a +-o node or a property block, got %q", lineNo, body)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ioreg: %w", err)
	}
	if inBlock {
		return nil, fmt.Errorf("ioreg line %d: property block not closed", lineNo)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("ioreg: no +-o nodes: is this `ioreg -w0 -l` output?")
	}

	// Second pass: build devices, with each node's parent device found by
	// walking the columns again.
	t := &Tree{Source: "ioreg"}
	var parents []*node
	for _, n := range all {
		for len(parents) > 0 && parents[len(parents)-1].col >= n.col {
			parents = parents[:len(parents)-1]
		}
		var parentDev *Device
		for i := len(parents) - 1; i >= 0; i-- {
			if parents[i].dev != nil {
				parentDev = parents[i].dev
				break
			}
		}
		switch {
		case isIoregController(n.class, n.props):
			d := &Device{Path: n.name, Controller: n.class, Props: n.props, IsHub: true}
			d.Product = firstNonEmpty(n.props["USB Product Name"], n.class)
			n.dev = d
			t.Roots = append(t.Roots, d)
		case n.class == "IOUSBHostDevice" || n.class == "IOUSBDevice" || (n.props["idVendor"] != "" && n.props["idProduct"] != "" && n.props["bInterfaceNumber"] == ""):
			d := ioregDevice(n.name, n.props)
			n.dev = d
			if parentDev != nil {
				parentDev.Children = append(parentDev.Children, d)
			} else {
				t.Roots = append(t.Roots, d)
			}
		case n.class == "IOUSBHostInterface" || n.class == "IOUSBInterface" || n.props["bInterfaceNumber"] != "":
			if parentDev != nil {
				parentDev.Interfaces = append(parentDev.Interfaces, ioregInterface(n.props))
			}
		}
		parents = append(parents, n)
	}
	if len(t.Roots) == 0 {
		t.Note = "the dump has no USB controllers or devices"
	}
	annotate(t)
	return t, nil
}

func isIoregController(class string, props map[string]string) bool {
	c := strings.ToLower(class)
	return strings.Contains(c, "xhci") || strings.Contains(c, "ehci") || strings.Contains(c, "ohci") ||
		strings.Contains(c, "usbhostcontroller") || strings.HasSuffix(c, "usbvhcibcm") || props["IOClass"] == "AppleUSBXHCI"
}

// parseIoregProp splits `"key" = value`, unquoting string values.
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
		return "", "", false
	}
	val = strings.TrimSpace(val)
	if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
		val = val[1 : len(val)-1]
	}
	return key, val, true
}

// ioregNumber reads a decimal or 0x number property as 4 hex digits.
func ioregHex(v string, width int) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	n, err := strconv.ParseInt(v, 0, 64)
	if err != nil {
		return v
	}
	return fmt.Sprintf("%0*x", width, n)
}

var ioregSpeeds = map[string]string{"0": "low (1.5 Mbit/s)", "1": "full (12 Mbit/s)", "2": "high (480 Mbit/s)", "3": "super (5 Gbit/s)", "4": "super+ (10 Gbit/s)"}

func ioregDevice(name string, p map[string]string) *Device {
	d := &Device{Path: name, Props: p}
	d.VendorID = ioregHex(p["idVendor"], 4)
	d.ProductID = ioregHex(p["idProduct"], 4)
	d.Manufacturer = firstNonEmpty(p["USB Vendor Name"], p["kUSBVendorString"])
	d.Product = firstNonEmpty(p["USB Product Name"], p["kUSBProductString"])
	d.Serial = firstNonEmpty(p["USB Serial Number"], p["kUSBSerialNumberString"])
	d.Class = ioregHex(p["bDeviceClass"], 2)
	d.SubClass = ioregHex(p["bDeviceSubClass"], 2)
	d.Protocol = ioregHex(p["bDeviceProtocol"], 2)
	d.Speed = firstNonEmpty(ioregSpeeds[p["Device Speed"]], ioregSpeeds[p["USBSpeed"]])
	if v := p["USB Address"]; v != "" {
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
	if loc := p["locationID"]; loc != "" {
		d.Path = name + " (location " + ioregHex(loc, 8) + ")"
	}
	// what we mapped leaves Props; the rest stays
	for _, k := range []string{"idVendor", "idProduct", "USB Vendor Name", "kUSBVendorString", "USB Product Name", "kUSBProductString",
		"USB Serial Number", "kUSBSerialNumberString", "bDeviceClass", "bDeviceSubClass", "bDeviceProtocol"} {
		delete(p, k)
	}
	return d
}

func ioregInterface(p map[string]string) Interface {
	n, _ := strconv.ParseInt(p["bInterfaceNumber"], 0, 32)
	return Interface{Number: int(n), Class: ioregHex(p["bInterfaceClass"], 2), SubClass: ioregHex(p["bInterfaceSubClass"], 2),
		Protocol: ioregHex(p["bInterfaceProtocol"], 2), Name: p["USB Interface Name"], Driver: p["IOClass"]}
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}
