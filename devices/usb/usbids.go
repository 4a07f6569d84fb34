package usb

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"regexp"
	"strings"
	"sync"

	"benchtop/assets"
	"benchtop/internal/files"
)

// The usb.ids names, parsed once on first use (about 20,000 vendors and
// products).
var (
	idsOnce  sync.Once
	vendors  map[string]string
	products map[string]string // "vvvv:pppp"
	classes  map[string]string // "cc" and "cc:ss"
	idsFrom  IDsSource
)

// SystemUSBIDs are where distributions install usb.ids (hwdata on Fedora
// and Arch, usb.ids or usbutils on Debian). A copy newer than the embedded
// one is used instead: devices released since get their names.
var SystemUSBIDs = []string{"/usr/share/hwdata/usb.ids", "/usr/share/misc/usb.ids", "/usr/share/usb.ids", "/var/lib/usbutils/usb.ids"}

// IDsSource says which usb.ids the names come from.
type IDsSource struct {
	Path    string // "" for the copy embedded in Benchtop
	Version string // the file's "# Version:" line, e.g. 2025.07.26
}

func (s IDsSource) String() string {
	where := "embedded copy"
	if s.Path != "" {
		where = s.Path
	}
	if s.Version == "" {
		return where
	}
	return where + ", version " + s.Version
}

// USBIDsSource reports the usb.ids in use (reading it if not yet read).
func USBIDsSource() IDsSource {
	idsOnce.Do(loadIDs)
	return idsFrom
}

func loadIDs() {
	vendors, products, classes = map[string]string{}, map[string]string{}, map[string]string{}
	src, r := openIDs(SystemUSBIDs)
	if r == nil {
		return
	}
	defer r.Close()
	idsFrom = src
	parseIDs(r)
}

// openIDs opens the newest of the system copies and the embedded one; an
// equal version keeps the embedded copy.
func openIDs(paths []string) (IDsSource, io.ReadCloser) {
	best := IDsSource{Version: idsVersion(embeddedIDs())}
	for _, p := range paths {
		f, err := files.Open(p) // a regular file only: never wait on a FIFO
		if err != nil {
			continue
		}
		v := idsVersion(f)
		f.Close()
		if v > best.Version { // YYYY.MM.DD sorts as text
			best = IDsSource{Path: p, Version: v}
		}
	}
	if best.Path != "" {
		if f, err := files.Open(best.Path); err == nil {
			return best, struct {
				io.Reader
				io.Closer
			}{io.LimitReader(f, maxIDsSize), f}
		}
		best = IDsSource{Version: idsVersion(embeddedIDs())}
	}
	r := embeddedIDs()
	if r == nil {
		return IDsSource{}, nil
	}
	return best, r
}

// embeddedIDs reads the copy in the binary; nil if it is damaged.
func embeddedIDs() io.ReadCloser {
	zr, err := gzip.NewReader(bytes.NewReader(assets.USBIDsGz))
	if err != nil {
		return nil
	}
	return zr
}

// idsVersion finds "# Version: 2025.07.26" in a usb.ids header (its first
// lines); "" when absent or not a date.
func idsVersion(r io.Reader) string {
	if r == nil {
		return ""
	}
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	sc := bufio.NewScanner(io.LimitReader(r, 4096))
	for i := 0; i < 40 && sc.Scan(); i++ {
		if v, ok := strings.CutPrefix(sc.Text(), "# Version:"); ok {
			v = strings.TrimSpace(v)
			if reIDsVersion.MatchString(v) {
				return v
			}
		}
	}
	return ""
}

// maxIDsSize bounds a system usb.ids (today's is under 1 MB).
const maxIDsSize = 32 << 20

var reIDsVersion = regexp.MustCompile(`^\d{4}\.\d{2}\.\d{2}$`)

func parseIDs(r io.Reader) {
	sc := bufio.NewScanner(r)
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
		d.Known = cardFor(d)
	})
}
