package usb

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var (
	reBusLine  = regexp.MustCompile(`^Bus (\d+) Device (\d+): ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4}) ?(.*)$`)
	reTreeBus  = regexp.MustCompile(`^/:\s+Bus (\d+)\.Port (\d+): Dev (\d+), Class=([^,]*), Driver=([^,]*), ?(\S*)`)
	reTreePort = regexp.MustCompile(`^(\s*)\|__ Port (\d+): Dev (\d+), If (\d+), Class=([^,]*), Driver=([^,]*), ?(\S*)`)
	reTreeID   = regexp.MustCompile(`^\s*ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4}) ?(.*)$`)
	reTreePath = regexp.MustCompile(`^\s*(/sys/\S+)\s+(/dev/\S+)\s*$`)
	reTreeStrs = regexp.MustCompile(`^\s*(Manufactuer|Manufacturer)=(.*?)(?: Product=(.*?))?(?: Serial=(.*))?$`)
	reField    = regexp.MustCompile(`^(\s+)(\w+)\s+(\S+)(?:\s+(.*))?$`)
	// Descriptor fields are named bLength, bcdUSB, idVendor, wTotalLength…
	reDescField = regexp.MustCompile(`^[a-z]+[A-Z0-9]\w*$`)
)

// parseLsusbVerbose reads `lsusb -v` and plain `lsusb` output: devices by
// bus, with their descriptors when -v was given. Class codes, which lsusb -v
// prints in decimal, become two hex digits; alternate settings stay with
// their interface; section headers ("Configuration Descriptor:") are not
// fields; lsusb's own warnings ("Couldn't open device…") are skipped.
func parseLsusbVerbose(lines []string, first int) (*Tree, error) {
	t := &Tree{Source: "lsusb"}
	buses := map[int]*Device{}
	var dev *Device
	var pend *Interface // the interface descriptor being read
	pendAlt := 0
	inDevice := false // in the device descriptor, before its configurations
	unopened := 0     // devices lsusb said it could not open
	flush := func() {
		if pend != nil && dev != nil {
			addInterface(dev, *pend, pendAlt)
		}
		pend, pendAlt = nil, 0
	}
	lineNo := first - 1
	for _, line := range lines {
		lineNo++
		if strings.TrimSpace(line) == "" {
			continue
		}
		if m := reBusLine.FindStringSubmatch(line); m != nil {
			flush()
			bus, _ := strconv.Atoi(m[1])
			addr, _ := strconv.Atoi(m[2])
			root := buses[bus]
			if root == nil {
				root = &Device{Path: fmt.Sprintf("Bus %03d", bus), Bus: bus, IsHub: true, Controller: "bus " + m[1], Product: fmt.Sprintf("USB bus %03d", bus)}
				buses[bus] = root
				t.Roots = append(t.Roots, root)
			}
			desc := strings.TrimSpace(m[5])
			vid, pid := strings.ToLower(m[3]), strings.ToLower(m[4])
			inDevice = false
			if addr == 1 && vid == "1d6b" { // Linux Foundation root hub: the bus itself
				root.Product, root.VendorID, root.ProductID, root.Address = desc, vid, pid, 1
				dev = root
				continue
			}
			// lsusb's own "bus:device" (as in lsusb -s 003:007): "3-7" would read
			// as sysfs's bus 3 port 7, and plain lsusb does not give the port
			dev = &Device{Path: fmt.Sprintf("%03d:%03d", bus, addr), Bus: bus, Address: addr, VendorID: vid, ProductID: pid}
			if desc != "" {
				dev.Props = map[string]string{"lsusb name": desc}
			}
			root.Children = append(root.Children, dev)
			continue
		}
		if dev == nil {
			return nil, fmt.Errorf("lsusb line %d: expected \"Bus NNN Device NNN: ID vvvv:pppp ...\", got %s", lineNo, quoteLine(strings.TrimSpace(line)))
		}
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "Couldn't open device") && !slices.Contains(dev.Unreadable, lsusbUnopened) {
			dev.Unreadable = append(dev.Unreadable, lsusbUnopened)
			unopened++
		}
		if line[0] != ' ' {
			if strings.Contains(trimmed, ":") || strings.HasPrefix(trimmed, "Couldn't") || strings.HasPrefix(trimmed, "can't") || strings.HasPrefix(trimmed, "cannot") {
				if trimmed == "Device Descriptor:" {
					inDevice = true
				} else {
					flush()
					inDevice = false
				}
				continue // section headers and lsusb's own warnings
			}
			return nil, fmt.Errorf("lsusb line %d: unexpected %s", lineNo, quoteLine(trimmed))
		}
		if strings.HasSuffix(trimmed, ":") { // a section header
			switch trimmed {
			case "Interface Descriptor:":
				flush()
				pend = &Interface{Number: -1}
			case "Configuration Descriptor:":
				flush()
				inDevice = false
			}
			continue
		}
		m := reField.FindStringSubmatch(line)
		if m == nil {
			continue // descriptor prose (report descriptors, hex dumps)
		}
		key, val, rest := m[2], m[3], strings.TrimSpace(m[4])
		if pend != nil {
			switch key {
			case "bInterfaceNumber":
				pend.Number, _ = strconv.Atoi(val)
			case "bAlternateSetting":
				pendAlt, _ = strconv.Atoi(val)
			case "bInterfaceClass":
				pend.Class = dec2(val)
			case "bInterfaceSubClass":
				pend.SubClass = dec2(val)
			case "bInterfaceProtocol":
				pend.Protocol = dec2(val)
			case "iInterface":
				pend.Name = rest
			}
			continue
		}
		switch key {
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
			dev.Class = dec2(val)
		case "bDeviceSubClass":
			dev.SubClass = dec2(val)
		case "bDeviceProtocol":
			dev.Protocol = dec2(val)
		case "MaxPower":
			dev.MaxPower = val
		default:
			if inDevice && reDescField.MatchString(key) { // device fields we do not map: keep them
				if dev.Props == nil {
					dev.Props = map[string]string{}
				}
				dev.Props[key] = strings.TrimSpace(val + " " + rest)
			}
		}
	}
	flush()
	if len(t.Roots) == 0 {
		return nil, fmt.Errorf("lsusb: no \"Bus NNN Device NNN: ID ...\" lines: is this lsusb output?")
	}
	if unopened > 0 {
		t.Note = fmt.Sprintf("lsusb could not open %d device(s), so their strings and status may be missing: run it as root (sudo lsusb -v) for all of it", unopened)
	}
	return t, nil
}

// lsusbUnopened marks a device lsusb -v could not open (not run as root):
// descriptors it reads from sysfs are there, strings it asks the device
// for may not be.
const lsusbUnopened = "lsusb could not open it (not root?): strings and status may be missing"

var treeSpeeds = map[string]string{"1.5M": "low (1.5 Mbit/s)", "12M": "full (12 Mbit/s)", "480M": "high (480 Mbit/s)", "5000M": "super (5 Gbit/s)", "10000M": "super+ (10 Gbit/s)", "20000M": "super+ (20 Gbit/s)"}

// parseLsusbTree reads `lsusb -t` and `lsusb -tv`: the port topology with
// one line per interface, and with -v the ID, sysfs/devfs path and string
// lines under each.
func parseLsusbTree(lines []string, first int) (*Tree, error) {
	t := &Tree{Source: "lsusb"}
	type level struct {
		indent int
		dev    *Device
	}
	var stack []level
	var bus int
	var last *Device
	lineNo := first - 1
	for _, line := range lines {
		lineNo++
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
				path := fmt.Sprintf("%d-%s", bus, trimZeros(port))
				if len(stack) > 1 {
					path = parent.Path + "." + trimZeros(port)
				}
				d = &Device{Path: path, Bus: bus, Address: a, Speed: treeSpeeds[m[7]]}
				parent.Children = append(parent.Children, d)
				stack = append(stack, level{indent, d})
			}
			n, _ := strconv.Atoi(ifn)
			className := strings.TrimSpace(m[5])
			class := treeClass(className)
			drv := strings.TrimSpace(m[6])
			if drv == "[none]" {
				drv = ""
			}
			addInterface(d, Interface{Number: n, Class: class, Driver: drv, Name: className}, 0)
			if class == "09" {
				d.IsHub = true
			}
			last = d
			continue
		}
		if last == nil {
			return nil, fmt.Errorf("lsusb -t line %d: unexpected %s", lineNo, quoteLine(strings.TrimSpace(line)))
		}
		if m := reTreeID.FindStringSubmatch(line); m != nil {
			last.VendorID, last.ProductID = strings.ToLower(m[1]), strings.ToLower(m[2])
			if s := strings.TrimSpace(m[3]); s != "" && s != "[unknown]" {
				setProp(last, "lsusb name", s)
			}
			continue
		}
		if m := reTreePath.FindStringSubmatch(line); m != nil {
			setProp(last, "sysfs", m[1])
			setProp(last, "devfs", m[2])
			continue
		}
		if m := reTreeStrs.FindStringSubmatch(line); m != nil {
			// -tvv strings; some usbutils spell it "Manufactuer"
			last.Manufacturer, last.Product, last.Serial = strings.TrimSpace(m[2]), strings.TrimSpace(m[3]), strings.TrimSpace(m[4])
			continue
		}
		return nil, fmt.Errorf("lsusb -t line %d: unexpected %s", lineNo, quoteLine(strings.TrimSpace(line)))
	}
	// lsusb -t names classes, not subclasses: an Audio interface driven by
	// snd-usb-audio may be MIDI; only the descriptors (lsusb -v) can tell.
	return t, nil
}

func trimZeros(s string) string {
	if v, err := strconv.Atoi(s); err == nil {
		return strconv.Itoa(v)
	}
	return s
}

func setProp(d *Device, k, v string) {
	if d.Props == nil {
		d.Props = map[string]string{}
	}
	d.Props[k] = v
}

// lsusb -t's own class names (usbutils' lsusb-t.c); newer usbutils use
// usb.ids' names, looked up after these.
var treeClassNames = map[string]string{
	">ifc": "00", "audio": "01", "communications": "02", "comm.": "02", "human interface device": "03", "hid": "03",
	"physical interface device": "05", "pid": "05", "image": "06", "still image": "06", "printer": "07", "mass storage": "08",
	"hub": "09", "root_hub": "09", "cdc data": "0a", "chip/smartcard": "0b", "smart card": "0b", "content security": "0d",
	"video": "0e", "personal healthcare": "0f", "audio/video": "10", "billboard": "11", "type-c bridge": "12",
	"diagnostic": "dc", "diagnostic device": "dc", "wireless": "e0", "miscellaneous device": "ef", "miscellaneous": "ef",
	"application specific interface": "fe", "application specific": "fe", "vendor specific class": "ff", "vendor specific": "ff",
}

// treeClass maps lsusb -t's class names to codes.
func treeClass(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if c, ok := treeClassNames[n]; ok {
		return c
	}
	return classByName(n)
}
