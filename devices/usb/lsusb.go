package usb

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

var (
	reBusLine  = regexp.MustCompile(`^Bus (\d+) Device (\d+): ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4}) ?(.*)$`)
	reTreeBus  = regexp.MustCompile(`^/:\s+Bus (\d+)\.Port (\d+): Dev (\d+), Class=([^,]*), Driver=([^,]*), ?(\S*)`)
	reTreePort = regexp.MustCompile(`^(\s*)\|__ Port (\d+): Dev (\d+), If (\d+), Class=([^,]*), Driver=([^,]*), ?(\S*)`)
	reTreeID   = regexp.MustCompile(`^\s*ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4}) ?(.*)$`)
	reField    = regexp.MustCompile(`^(\s+)(\w+)\s+(\S+)(?:\s+(.*))?$`)
)

// ParseLsusb reads saved `lsusb -v` (or plain `lsusb`) output, or `lsusb
// -t`'s tree. -v gives descriptors per device, grouped by bus; -t gives the
// port topology and drivers.
func ParseLsusb(r io.Reader) (*Tree, error) {
	b, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, err
	}
	text := string(b)
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "/:") {
			return parseLsusbTree(text)
		}
		break
	}
	return parseLsusbVerbose(text)
}

func parseLsusbVerbose(text string) (*Tree, error) {
	t := &Tree{Source: "lsusb"}
	buses := map[int]*Device{}
	var dev *Device
	var iface *Interface
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), " \r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if m := reBusLine.FindStringSubmatch(line); m != nil {
			bus, _ := strconv.Atoi(m[1])
			addr, _ := strconv.Atoi(m[2])
			root := buses[bus]
			if root == nil {
				root = &Device{Path: fmt.Sprintf("Bus %03d", bus), Bus: bus, IsHub: true, Controller: "bus " + m[1]}
				buses[bus] = root
				t.Roots = append(t.Roots, root)
			}
			dev = &Device{Path: fmt.Sprintf("%d-%d", bus, addr), Bus: bus, Address: addr, VendorID: strings.ToLower(m[3]), ProductID: strings.ToLower(m[4])}
			if desc := strings.TrimSpace(m[5]); desc != "" {
				dev.Props = map[string]string{"lsusb name": desc}
			}
			iface = nil
			if addr == 1 && (dev.VendorID == "1d6b") { // Linux Foundation root hub: the bus itself
				root.Product, root.VendorID, root.ProductID = desc(m[5]), dev.VendorID, dev.ProductID
				dev = root
				continue
			}
			root.Children = append(root.Children, dev)
			continue
		}
		if dev == nil {
			return nil, fmt.Errorf("lsusb line %d: expected \"Bus NNN Device NNN: ID vvvv:pppp ...\", got %q", lineNo, strings.TrimSpace(line))
		}
		if line[0] != ' ' && line[0] != '\t' {
			l := strings.TrimSpace(line)
			if strings.Contains(l, ":") || strings.HasPrefix(l, "Couldn't") || strings.HasPrefix(l, "can't") || strings.HasPrefix(l, "cannot") {
				continue // section headers and lsusb's own warnings
			}
			return nil, fmt.Errorf("lsusb line %d: unexpected %q", lineNo, l)
		}
		m := reField.FindStringSubmatch(line)
		if m == nil {
			continue // descriptor prose (Report Descriptors, hex dumps)
		}
		key, val, rest := m[2], m[3], strings.TrimSpace(m[4])
		switch key {
		case "bInterfaceNumber":
			n, _ := strconv.Atoi(val)
			dev.Interfaces = append(dev.Interfaces, Interface{Number: n})
			iface = &dev.Interfaces[len(dev.Interfaces)-1]
		case "bInterfaceClass", "bInterfaceSubClass", "bInterfaceProtocol":
			if iface == nil {
				return nil, fmt.Errorf("lsusb line %d: %s outside an Interface Descriptor", lineNo, key)
			}
			switch key {
			case "bInterfaceClass":
				iface.Class = hex2(val)
			case "bInterfaceSubClass":
				iface.SubClass = hex2(val)
			default:
				iface.Protocol = hex2(val)
			}
		case "iInterface":
			if iface != nil {
				iface.Name = rest
			}
		case "idVendor":
			dev.VendorID = hex4(val)
		case "idProduct":
			dev.ProductID = hex4(val)
		case "iManufacturer":
			dev.Manufacturer = rest
		case "iProduct":
			dev.Product = rest
		case "iSerial":
			dev.Serial = rest
		case "bcdUSB":
			dev.USBVersion = val
		case "bDeviceClass":
			dev.Class = hex2(val)
		case "bDeviceSubClass":
			dev.SubClass = hex2(val)
		case "bDeviceProtocol":
			dev.Protocol = hex2(val)
		case "MaxPower":
			dev.MaxPower = val
		default:
			if iface == nil && len(m[1]) <= 2 { // device-level fields we do not map: keep them
				if dev.Props == nil {
					dev.Props = map[string]string{}
				}
				dev.Props[key] = strings.TrimSpace(val + " " + rest)
			}
		}
	}
	if len(t.Roots) == 0 {
		return nil, fmt.Errorf("lsusb: no \"Bus NNN Device NNN: ID ...\" lines: is this lsusb output?")
	}
	annotate(t)
	return t, nil
}

func desc(s string) string { return strings.TrimSpace(s) }

var treeSpeeds = map[string]string{"1.5M": "low (1.5 Mbit/s)", "12M": "full (12 Mbit/s)", "480M": "high (480 Mbit/s)", "5000M": "super (5 Gbit/s)", "10000M": "super+ (10 Gbit/s)", "20000M": "super+ (20 Gbit/s)"}

func parseLsusbTree(text string) (*Tree, error) {
	t := &Tree{Source: "lsusb"}
	type level struct {
		indent int
		dev    *Device
	}
	var stack []level
	var bus int
	var last *Device
	lineNo := 0
	for _, line := range strings.Split(text, "\n") {
		lineNo++
		line = strings.TrimRight(line, " \r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if m := reTreeBus.FindStringSubmatch(line); m != nil {
			bus, _ = strconv.Atoi(m[1])
			root := &Device{Path: fmt.Sprintf("usb%d", bus), Bus: bus, Address: 1, IsHub: true, Controller: strings.TrimSpace(m[5]), Speed: treeSpeeds[m[6]]}
			root.Product = "root hub (" + root.Controller + ")"
			t.Roots = append(t.Roots, root)
			stack = []level{{-1, root}}
			last = root
			continue
		}
		if m := reTreePort.FindStringSubmatch(line); m != nil {
			if len(stack) == 0 {
				return nil, fmt.Errorf("lsusb -t line %d: a port before any \"/:  Bus\" line", lineNo)
			}
			indent := len(m[1])
			port, addr, ifn := m[2], m[3], m[4]
			for len(stack) > 1 && stack[len(stack)-1].indent >= indent {
				stack = stack[:len(stack)-1]
			}
			parent := stack[len(stack)-1].dev
			a, _ := strconv.Atoi(addr)
			var d *Device
			for _, c := range parent.Children { // further interfaces of the same device
				if c.Address == a {
					d = c
				}
			}
			if d == nil {
				path := fmt.Sprintf("%d-%s", bus, strings.TrimLeft(port, "0"))
				if parent.Address != 1 || len(stack) > 1 {
					path = parent.Path + "." + strings.TrimLeft(port, "0")
				}
				d = &Device{Path: path, Bus: bus, Address: a, Speed: treeSpeeds[m[7]]}
				parent.Children = append(parent.Children, d)
				stack = append(stack, level{indent, d})
			}
			n, _ := strconv.Atoi(ifn)
			class := treeClass(m[5])
			d.Interfaces = append(d.Interfaces, Interface{Number: n, Class: class, Driver: strings.TrimSpace(m[6]), Name: strings.TrimSpace(m[5])})
			if class == "09" {
				d.IsHub = true
			}
			last = d
			continue
		}
		if m := reTreeID.FindStringSubmatch(line); m != nil && last != nil {
			last.VendorID, last.ProductID = strings.ToLower(m[1]), strings.ToLower(m[2])
			if s := strings.TrimSpace(m[3]); s != "" {
				last.Props = map[string]string{"lsusb name": s}
			}
			continue
		}
		return nil, fmt.Errorf("lsusb -t line %d: unexpected %q", lineNo, strings.TrimSpace(line))
	}
	annotate(t)
	// lsusb -t names classes, not subclasses: an Audio interface driven by
	// snd-usb-audio may be MIDI; only the descriptors (lsusb -v) can tell.
	return t, nil
}

// treeClass maps lsusb -t's class names to codes.
func treeClass(name string) string {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "audio":
		return "01"
	case "communications", "comm.":
		return "02"
	case "human interface device", "hid":
		return "03"
	case "mass storage":
		return "08"
	case "hub", "root_hub":
		return "09"
	case "cdc data":
		return "0a"
	case "video":
		return "0e"
	case "wireless":
		return "e0"
	case "vendor specific class", "vendor specific":
		return "ff"
	}
	return ""
}
