package usb

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Helpers shared by the readers of Windows listings: USBView, USBTreeView
// and pnputil print the same Windows identifiers and descriptor values.

var reMilliAmp = regexp.MustCompile(`(\d+)\s*mA`)

// usbID reads the instance id of a USB device or interface (parseWinID,
// winids.go); ok when it names a VID and a PID.
func usbID(s string) (winID, bool) {
	w := parseWinID(strings.TrimSpace(s))
	return w, w.Enumerator == "USB" && w.VID != "" && w.PID != "" && !w.RootHub
}

// bcd turns a binary-coded decimal version ("0x0201", "0x110", "0200") into
// lsusb's form ("2.01", "1.10", "2.00"), or "".
func bcd(s string) string {
	s = strings.TrimPrefix(strings.ToLower(firstWord(s)), "0x")
	v, err := strconv.ParseUint(s, 16, 16)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%x.%02x", v>>8, v&0xff)
}

// firstWord is the first whitespace-separated word of s ("0x01" of
// "0x01  -> Audio Interface Class").
func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// hexInt reads "0x26", "0x0B (11)" or "0x26 = 38" as a number (-1 if none).
func hexInt(s string) int {
	v, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(firstWord(s)), "0x"), 16, 16)
	if err != nil {
		return -1
	}
	return int(v)
}

// milliAmps reads "0xFA = 500 mA" or "0x32 (100 mA)" as lsusb's "500mA".
func milliAmps(s string) string {
	if m := reMilliAmp.FindStringSubmatch(s); m != nil {
		return m[1] + "mA"
	}
	return ""
}

// winSpeed names a Windows bus speed ("Full", "High-Speed", "SuperSpeed")
// as the model does.
func winSpeed(s string) string {
	k := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "-Speed"))
	switch k {
	case "low":
		return speedName("1.5")
	case "full":
		return speedName("12")
	case "high":
		return speedName("480")
	case "super", "superspeed":
		return speedName("5000")
	case "superspeedplus", "super+", "superplus":
		return "super+"
	}
	return ""
}

// parenthesised is what s says in its first parentheses: "Full-Speed" of
// "0x01 (Full-Speed)".
func parenthesised(s string) string {
	i := strings.IndexByte(s, '(')
	j := strings.LastIndexByte(s, ')')
	if i < 0 || j < i {
		return ""
	}
	return strings.TrimSpace(s[i+1 : j])
}

// nestByPath hangs every device whose path extends another's ("1-10-2"
// under "1-10", as USBTreeView's port chains do) under it, and returns the
// rest as roots, in listing order. A path deeper than maxDepth tiers stays a
// root: a file cannot make the tree arbitrarily deep.
func nestByPath(devs []*Device, sep string) []*Device {
	byPath := map[string]*Device{}
	for _, d := range devs {
		if _, dup := byPath[d.Path]; !dup {
			byPath[d.Path] = d
		}
	}
	var roots []*Device
	for _, d := range devs {
		i := strings.LastIndex(d.Path, sep)
		if i > 0 && strings.Count(d.Path, sep) <= maxDepth {
			if p := byPath[d.Path[:i]]; p != nil && p != d {
				p.Children = append(p.Children, d)
				continue
			}
		}
		roots = append(roots, d)
	}
	return roots
}

// keepProp keeps a property the listing gave a value.
func keepProp(d *Device, k, v string) {
	if v != "" {
		setProp(d, k, v)
	}
}

// descReader reads what USBView and USBTreeView both print of the standard
// descriptors (USB 2.0 §9.6): the same field names, the same values. Each
// listing reader embeds one.
type descReader struct {
	pendIf  *Interface // the interface descriptor being read
	pendAlt int
	str     *string // the field the next string line fills
}

// ifaceField reads key into the interface descriptor being read; false
// when none is (the field is the device's).
func (r *descReader) ifaceField(key, val string) bool {
	i := r.pendIf
	if i == nil {
		return false
	}
	switch key {
	case "bInterfaceNumber":
		i.Number = hexInt(val)
	case "bAlternateSetting":
		r.pendAlt = max(hexInt(val), 0)
	case "bInterfaceClass":
		i.Class = hex2(firstWord(val))
	case "bInterfaceSubClass":
		i.SubClass = hex2(firstWord(val))
	case "bInterfaceProtocol":
		i.Protocol = hex2(firstWord(val))
	case "iInterface":
		r.str = &i.Name
	}
	return true
}

// deviceField reads a device descriptor's field into d; false for other
// keys. idVendor and idProduct do not overwrite IDs already read (from a
// summary or an instance id).
func (r *descReader) deviceField(d *Device, key, val string) bool {
	switch key {
	case "bcdUSB":
		d.USBVersion = bcd(val)
	case "bDeviceClass":
		d.Class = hex2(firstWord(val))
	case "bDeviceSubClass":
		d.SubClass = hex2(firstWord(val))
	case "bDeviceProtocol":
		d.Protocol = hex2(firstWord(val))
	case "idVendor":
		d.VendorID = firstNonEmpty(d.VendorID, hex4(firstWord(val)))
	case "idProduct":
		d.ProductID = firstNonEmpty(d.ProductID, hex4(firstWord(val)))
	case "bcdDevice":
		keepProp(d, key, bcd(val))
	case "iManufacturer":
		r.str = &d.Manufacturer
	case "iProduct":
		r.str = &d.Product
	case "iSerialNumber":
		r.str = &d.Serial
	case "MaxPower":
		d.MaxPower = milliAmps(val)
	default:
		return false
	}
	return true
}

// flushIf adds the interface descriptor just read to d.
func (r *descReader) flushIf(d *Device) {
	if r.pendIf != nil && d != nil {
		addInterface(d, *r.pendIf, r.pendAlt)
	}
	r.pendIf, r.pendAlt = nil, 0
}
