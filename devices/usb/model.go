// Package usb enumerates USB devices (Linux sysfs, macOS ioreg) and reads
// saved dumps (ioreg text, lsusb -v and -t, Benchtop's JSON) into one tree:
// controller → hub → device → interface. It never imports Fyne.
package usb

import (
	"fmt"
	"strings"
)

// Tree is what a listing found.
type Tree struct {
	Source string    `json:"source"` // sysfs, ioreg, lsusb, json
	Roots  []*Device `json:"roots"`  // host controllers / root hubs
	// Note explains an empty or partial tree ("no USB bus is visible").
	Note string `json:"note,omitempty"`
}

// Device is one USB device (a root hub, a hub or a function).
type Device struct {
	Path         string            `json:"path"` // sysfs name ("1-1.2"), ioreg location, or lsusb bus/port
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
	case v != "":
		return v + " device " + d.ID()
	}
	return "USB device " + d.ID()
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

// interfaceKind names an interface by its class codes (USB-IF class codes).
func interfaceKind(class, sub string) string {
	switch strings.ToLower(class) {
	case "01":
		switch sub {
		case "03":
			return "midi" // audio class, MIDIStreaming subclass
		default:
			return "audio"
		}
	case "03":
		return "hid"
	case "09":
		return "hub"
	case "08":
		return "storage"
	case "02", "0a":
		return "comms"
	case "0e":
		return "video"
	case "e0":
		return "wireless"
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

// hex2 normalises a class code to 2 lower-case hex digits.
func hex2(s string) string {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	var v int
	if _, err := fmt.Sscanf(s, "%x", &v); err != nil {
		return s
	}
	return fmt.Sprintf("%02x", v)
}

// hex4 normalises a VID/PID to 4 lower-case hex digits.
func hex4(s string) string {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	var v int
	if _, err := fmt.Sscanf(s, "%x", &v); err != nil {
		return s
	}
	return fmt.Sprintf("%04x", v)
}
