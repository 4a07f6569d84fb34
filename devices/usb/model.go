package usb

import (
	"fmt"
	"strconv"
	"strings"
)

// Tree is what a listing found.
type Tree struct {
	Source string    `json:"source"` // sysfs, ioreg, lsusb, usbview, usbtreeview, pnputil, json
	Roots  []*Device `json:"roots"`  // host controllers / root hubs
	// Note explains an empty or partial tree ("no USB bus is visible").
	Note string `json:"note,omitempty"`
}

// Device is one USB device (a root hub, a hub or a function).
type Device struct {
	Path         string            `json:"path"` // sysfs name ("1-1.2"), ioreg location, lsusb -t port path, or plain/-v lsusb "bus:device" ("003:007")
	Bus          int               `json:"bus,omitempty"`
	Address      int               `json:"address,omitempty"`
	VendorID     string            `json:"vendor_id,omitempty"` // 4 hex digits, lower case
	ProductID    string            `json:"product_id,omitempty"`
	Manufacturer string            `json:"manufacturer,omitempty"` // what the device says
	Product      string            `json:"product,omitempty"`
	Serial       string            `json:"serial,omitempty"`
	VendorName   string            `json:"vendor_name,omitempty"` // from usb.ids
	ProductName  string            `json:"product_name,omitempty"`
	Speed        string            `json:"speed,omitempty"` // "low (1.5 Mbit/s)", "full (12 Mbit/s)", ...
	MaxPower     string            `json:"max_power,omitempty"`
	Class        string            `json:"class,omitempty"` // 2 hex digits
	SubClass     string            `json:"subclass,omitempty"`
	Protocol     string            `json:"protocol,omitempty"`
	USBVersion   string            `json:"usb_version,omitempty"`
	IsHub        bool              `json:"is_hub,omitempty"`
	Controller   string            `json:"controller,omitempty"` // the host controller's driver or class, on roots
	Interfaces   []Interface       `json:"interfaces,omitempty"`
	Children     []*Device         `json:"children,omitempty"`
	Props        map[string]string `json:"props,omitempty"`      // everything else the source said
	Unreadable   []string          `json:"unreadable,omitempty"` // attributes that could not be read
	Known        *Card             `json:"known,omitempty"`      // what Benchtop knows of this model
}

// Interface is one USB interface of a device.
type Interface struct {
	Number   int    `json:"number"`
	Class    string `json:"class"`
	SubClass string `json:"subclass"`
	Protocol string `json:"protocol"`
	Driver   string `json:"driver,omitempty"`
	Name     string `json:"name,omitempty"`
	Kind     string `json:"kind,omitempty"` // midi, audio, hid, hub, ... (from the class codes)
	// Alternates are the interface's other alternate settings (1, 2, …);
	// the fields above are setting 0's.
	Alternates []AltSetting `json:"alternates,omitempty"`
}

// AltSetting is one alternate setting of an interface (USB 2.0 §9.6.5).
type AltSetting struct {
	Setting  int    `json:"setting"`
	Class    string `json:"class"`
	SubClass string `json:"subclass"`
	Protocol string `json:"protocol"`
	Name     string `json:"name,omitempty"`
}

// addInterface adds setting alt of interface i.Number to d: setting 0 is the
// interface itself, others are kept as its alternates.
func addInterface(d *Device, i Interface, alt int) {
	for k := range d.Interfaces {
		ex := &d.Interfaces[k]
		if ex.Number != i.Number || i.Number < 0 {
			continue
		}
		if alt == 0 {
			ex.Class, ex.SubClass, ex.Protocol = firstNonEmpty(ex.Class, i.Class), firstNonEmpty(ex.SubClass, i.SubClass), firstNonEmpty(ex.Protocol, i.Protocol)
			ex.Name, ex.Driver = firstNonEmpty(ex.Name, i.Name), firstNonEmpty(ex.Driver, i.Driver)
			return
		}
		ex.Alternates = append(ex.Alternates, AltSetting{Setting: alt, Class: i.Class, SubClass: i.SubClass, Protocol: i.Protocol, Name: i.Name})
		return
	}
	if alt != 0 {
		// setting 0 missing from the listing: the interface takes this
		// setting's codes, and the setting is still recorded
		i.Alternates = []AltSetting{{Setting: alt, Class: i.Class, SubClass: i.SubClass, Protocol: i.Protocol, Name: i.Name}}
	}
	d.Interfaces = append(d.Interfaces, i)
}

// Key identifies a device across listings: VID:PID plus its place.
func (d *Device) Key() string { return d.VendorID + ":" + d.ProductID + "@" + d.Path }

// ID is "vvvv:pppp".
func (d *Device) ID() string { return d.VendorID + ":" + d.ProductID }

// Name is the best human name: the device's own, else usb.ids', else the IDs.
func (d *Device) Name() string {
	p, v := d.Product, d.Manufacturer
	if p == "" {
		p = d.ProductName
	}
	if v == "" {
		v = d.VendorName
	}
	switch {
	case p != "" && v != "" && !strings.Contains(strings.ToLower(p), strings.ToLower(v)):
		return v + " " + p
	case p != "":
		return p
	case v != "" && d.VendorID != "":
		return v + " device " + d.ID()
	case d.VendorID != "":
		return "USB device " + d.ID()
	}
	// lsusb -t without -v: no IDs, only the interfaces' class names
	for _, i := range d.Interfaces {
		if i.Name != "" {
			return i.Name + " device at " + d.Path
		}
	}
	return "USB device at " + d.Path
}

// HasKind reports whether any interface is of kind k (e.g. "midi").
func (d *Device) HasKind(k string) bool {
	for _, i := range d.Interfaces {
		if i.Kind == k {
			return true
		}
	}
	return false
}

// Walk visits every device depth-first with its depth.
func (t *Tree) Walk(f func(d *Device, depth int)) {
	var walk func(d *Device, depth int)
	walk = func(d *Device, depth int) {
		f(d, depth)
		for _, c := range d.Children {
			walk(c, depth+1)
		}
	}
	for _, r := range t.Roots {
		walk(r, 0)
	}
}

// Devices lists every device.
func (t *Tree) Devices() []*Device {
	var out []*Device
	t.Walk(func(d *Device, _ int) { out = append(out, d) })
	return out
}

// interfaceKind names an interface by its class codes (USB-IF base class
// codes, https://www.usb.org/defined-class-codes).
func interfaceKind(class, sub string) string {
	switch strings.ToLower(class) {
	case "01":
		if sub == "03" {
			return "midi" // audio class, MIDIStreaming subclass
		}
		return "audio"
	case "02":
		return "comms"
	case "03":
		return "hid"
	case "05":
		return "physical"
	case "06":
		return "image"
	case "07":
		return "printer"
	case "08":
		return "storage"
	case "09":
		return "hub"
	case "0a":
		return "cdc-data"
	case "0b":
		return "smartcard"
	case "0d":
		return "security"
	case "0e":
		return "video"
	case "0f":
		return "healthcare"
	case "10":
		return "audio-video"
	case "11":
		return "billboard"
	case "12":
		return "type-c-bridge"
	case "dc":
		return "diagnostic"
	case "e0":
		return "wireless"
	case "ef":
		return "misc"
	case "fe":
		switch sub {
		case "01":
			return "dfu"
		case "02":
			return "irda"
		case "03":
			return "test"
		}
		return "application"
	case "ff":
		return "vendor"
	}
	return ""
}

// speedName turns a sysfs speed in Mbit/s into the USB name.
func speedName(mbps string) string {
	switch mbps {
	case "1.5":
		return "low (1.5 Mbit/s)"
	case "12":
		return "full (12 Mbit/s)"
	case "480":
		return "high (480 Mbit/s)"
	case "5000":
		return "super (5 Gbit/s)"
	case "10000":
		return "super+ (10 Gbit/s)"
	case "20000":
		return "super+ (20 Gbit/s)"
	case "":
		return ""
	}
	return mbps + " Mbit/s"
}

// hex2 normalises a class code to 2 lower-case hex digits; anything that
// is not one byte in hex is "" (unknown), never passed on.
func hex2(s string) string { return hexN(s, 2) }

// hex4 normalises a VID/PID to 4 lower-case hex digits, or "".
func hex4(s string) string { return hexN(s, 4) }

func hexN(s string, digits int) string {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "0x")
	v, err := strconv.ParseUint(s, 16, digits*4)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%0*x", digits, v)
}

// dec2 turns a decimal class code (as lsusb -v prints them) into 2 hex
// digits, or "".
func dec2(s string) string {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 8)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%02x", v)
}
