package usb

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"regexp"
	"strings"
	"sync"

	"benchtop/assets"
)

// The usb.ids names, parsed once on first use (about 20,000 vendors and
// products).
var (
	idsOnce  sync.Once
	vendors  map[string]string
	products map[string]string // "vvvv:pppp"
	classes  map[string]string // "cc" and "cc:ss"
)

func loadIDs() {
	vendors, products, classes = map[string]string{}, map[string]string{}, map[string]string{}
	zr, err := gzip.NewReader(bytes.NewReader(assets.USBIDsGz))
	if err != nil {
		return
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	// The file is: vendors (with their products indented), then classes
	// ("C xx", subclasses indented), then other tables we do not need.
	section := "vendors"
	var vendor, class string
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "C ") && len(line) > 4 {
			section, class = "classes", strings.ToLower(line[2:4])
			classes[class] = strings.TrimSpace(line[4:])
			continue
		}
		if line[0] != '\t' {
			switch {
			case section == "vendors" && len(line) > 5 && isHex(line[:4]) && line[4] == ' ':
				vendor = strings.ToLower(line[:4])
				vendors[vendor] = strings.TrimSpace(line[4:])
			case section == "classes":
				section = "other"
			}
			continue
		}
		if strings.HasPrefix(line, "\t\t") {
			continue
		}
		switch {
		case section == "vendors" && vendor != "" && len(line) > 6 && isHex(line[1:5]):
			products[vendor+":"+strings.ToLower(line[1:5])] = strings.TrimSpace(line[5:])
		case section == "classes" && len(line) > 4 && isHex(line[1:3]):
			classes[class+":"+strings.ToLower(line[1:3])] = strings.TrimSpace(line[3:])
		}
	}
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

var reHubName = regexp.MustCompile(`(?i)\bhub\b`)

// LookupVendor and LookupProduct return usb.ids names ("" when unknown).
func LookupVendor(vid string) string {
	idsOnce.Do(loadIDs)
	return vendors[hex4(vid)]
}

func LookupProduct(vid, pid string) string {
	idsOnce.Do(loadIDs)
	return products[hex4(vid)+":"+hex4(pid)]
}

// ClassName names a class ("01" → "Audio") or subclass ("01","03" → "MIDI Streaming").
func ClassName(class, sub string) string {
	idsOnce.Do(loadIDs)
	if sub != "" {
		if n := classes[hex2(class)+":"+hex2(sub)]; n != "" {
			return n
		}
	}
	return classes[hex2(class)]
}

// classByName finds a base class code by its usb.ids name (case-insensitive).
func classByName(name string) string {
	idsOnce.Do(loadIDs)
	for code, n := range classes {
		if len(code) == 2 && strings.EqualFold(n, name) {
			return code
		}
	}
	return ""
}

// annotate fills in usb.ids names, interface kinds and known-device cards.
func annotate(t *Tree) {
	t.Walk(func(d *Device, _ int) {
		if d.VendorID != "" {
			d.VendorName = LookupVendor(d.VendorID)
			d.ProductName = LookupProduct(d.VendorID, d.ProductID)
		}
		for i := range d.Interfaces {
			if d.Interfaces[i].Kind == "" {
				d.Interfaces[i].Kind = interfaceKind(d.Interfaces[i].Class, d.Interfaces[i].SubClass)
			}
		}
		if d.Class == "09" || d.HasKind("hub") {
			d.IsHub = true
		}
		// Tree-only ioreg and plain lsusb give no class codes: a device
		// that calls itself a hub is taken at its word.
		if d.Class == "" && len(d.Interfaces) == 0 && reHubName.MatchString(d.Name()) {
			d.IsHub = true
		}
		d.Known = LookupCard(d.VendorID, d.ProductID)
	})
}
