package usb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"benchtop/internal/files"
)

// DefaultSysfsRoot is where Linux lists USB devices.
const DefaultSysfsRoot = "/sys/bus/usb/devices"

// ReadSysfs lists the USB devices under root (a sysfs tree, or a fixture
// laid out like one). Attributes that cannot be read are listed on the
// device, not fatal; a missing or empty root gives an empty tree with a note.
func ReadSysfs(root string) (*Tree, error) {
	t := &Tree{Source: "sysfs"}
	ents, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(ents) == 0) {
		t.Note = "no USB bus is visible: " + root + " is missing or empty (a container or VM without USB passthrough?)"
		return t, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", root, err)
	}
	byName := map[string]*Device{}
	var ifaces []string
	for _, e := range ents {
		name := e.Name()
		if strings.Contains(name, ":") {
			ifaces = append(ifaces, name)
			continue
		}
		if !strings.HasPrefix(name, "usb") && !isPortPath(name) {
			continue
		}
		byName[name] = readSysfsDevice(filepath.Join(root, name), name)
	}
	for _, name := range ifaces {
		dev, _, _ := strings.Cut(name, ":")
		d := byName[dev]
		if d == nil {
			continue
		}
		d.Interfaces = append(d.Interfaces, readSysfsInterface(filepath.Join(root, name)))
	}
	// Parents: "1-1.2" → "1-1"; "1-1" → "usb1".
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return lessPath(names[i], names[j]) })
	for _, n := range names {
		d := byName[n]
		sort.Slice(d.Interfaces, func(i, j int) bool { return d.Interfaces[i].Number < d.Interfaces[j].Number })
		if strings.HasPrefix(n, "usb") {
			t.Roots = append(t.Roots, d)
			continue
		}
		parent := parentPath(n)
		if p := byName[parent]; p != nil {
			p.Children = append(p.Children, d)
		} else {
			t.Roots = append(t.Roots, d) // orphan: show it rather than lose it
		}
	}
	if len(t.Roots) == 0 {
		t.Note = "no USB devices under " + root
	}
	annotate(t)
	return t, nil
}

// isPortPath reports whether name looks like "1-1" or "3-2.4.1".
func isPortPath(name string) bool {
	bus, ports, ok := strings.Cut(name, "-")
	if !ok || bus == "" || ports == "" {
		return false
	}
	if _, err := strconv.Atoi(bus); err != nil {
		return false
	}
	for _, p := range strings.Split(ports, ".") {
		if _, err := strconv.Atoi(p); err != nil {
			return false
		}
	}
	return true
}

func parentPath(name string) string {
	if i := strings.LastIndex(name, "."); i > 0 {
		return name[:i]
	}
	bus, _, _ := strings.Cut(name, "-")
	return "usb" + bus
}

// lessPath orders usb1 < usb2 < 1-1 < 1-1.2 < 1-2 numerically.
func lessPath(a, b string) bool {
	ka, kb := pathKey(a), pathKey(b)
	for i := 0; i < len(ka) && i < len(kb); i++ {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	return len(ka) < len(kb)
}

func pathKey(s string) []int {
	if n, ok := strings.CutPrefix(s, "usb"); ok {
		v, _ := strconv.Atoi(n)
		return []int{-1, v}
	}
	var out []int
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '.' }) {
		v, _ := strconv.Atoi(p)
		out = append(out, v)
	}
	return out
}

// maxAttr bounds one sysfs attribute (the kernel's own limit is a page).
const maxAttr = 4096

// attr reads one sysfs attribute; a missing one is "" (not every device has
// a serial), an unreadable one is recorded. Only regular files are read,
// and only maxAttr bytes of them: a FIFO or a device planted in a fixture
// tree cannot block or flood the scan.
func attr(dir, name string, unreadable *[]string) string {
	p := filepath.Join(dir, name)
	b, err := files.Read(p, maxAttr)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			*unreadable = append(*unreadable, name+": "+strings.TrimPrefix(err.Error(), p+": "))
		}
		return ""
	}
	return strings.TrimSpace(string(b))
}

// extraAttrs are kept in Props when present (the rest of sysfs is noise).
var extraAttrs = []string{"bcdDevice", "bNumConfigurations", "bConfigurationValue", "maxchild", "removable", "authorized", "rx_lanes", "tx_lanes", "quirks"}

func readSysfsDevice(dir, name string) *Device {
	d := &Device{Path: name}
	u := &d.Unreadable
	d.VendorID = hex4(attr(dir, "idVendor", u))
	d.ProductID = hex4(attr(dir, "idProduct", u))
	d.Manufacturer = attr(dir, "manufacturer", u)
	d.Product = attr(dir, "product", u)
	d.Serial = attr(dir, "serial", u)
	d.Speed = speedName(attr(dir, "speed", u))
	d.MaxPower = attr(dir, "bMaxPower", u)
	d.Class = hex2(attr(dir, "bDeviceClass", u))
	d.SubClass = hex2(attr(dir, "bDeviceSubClass", u))
	d.Protocol = hex2(attr(dir, "bDeviceProtocol", u))
	d.USBVersion = strings.TrimSpace(attr(dir, "version", u))
	d.Bus, _ = strconv.Atoi(attr(dir, "busnum", u))
	d.Address, _ = strconv.Atoi(attr(dir, "devnum", u))
	for _, k := range extraAttrs {
		if v := attr(dir, k, u); v != "" {
			if d.Props == nil {
				d.Props = map[string]string{}
			}
			d.Props[k] = v
		}
	}
	if strings.HasPrefix(name, "usb") {
		if l, err := os.Readlink(filepath.Join(dir, "..", "driver")); err == nil {
			d.Controller = filepath.Base(l)
		}
		if d.Controller == "" {
			d.Controller = d.Manufacturer // "Linux 6.1.0 xhci-hcd"
		}
	}
	return d
}

func readSysfsInterface(dir string) Interface {
	var u []string
	i := Interface{
		Class:    hex2(attr(dir, "bInterfaceClass", &u)),
		SubClass: hex2(attr(dir, "bInterfaceSubClass", &u)),
		Protocol: hex2(attr(dir, "bInterfaceProtocol", &u)),
		Name:     attr(dir, "interface", &u),
	}
	n, _ := strconv.ParseInt(attr(dir, "bInterfaceNumber", &u), 16, 32)
	i.Number = int(n)
	if l, err := os.Readlink(filepath.Join(dir, "driver")); err == nil {
		i.Driver = filepath.Base(l)
	}
	return i
}
