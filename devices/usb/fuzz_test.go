package usb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every reader has a fuzz target seeded with the real corpus (testdata/real)
// and the hand-made fixtures. `make fuzz` runs each for FUZZTIME; crashers
// land in testdata/fuzz/<target> and are kept as regression seeds.

func seed(f *testing.F, pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
}

// checkTree asserts what every successful parse must give.
func checkParsed(t *testing.T, tr *Tree, err error) {
	if err != nil {
		if tr != nil {
			t.Fatal("a tree and an error")
		}
		return
	}
	if tr == nil {
		t.Fatal("nil tree without an error")
	}
	tr.Walk(func(d *Device, depth int) {
		if d == nil {
			t.Fatal("nil device in the tree")
		}
		if depth > 200 {
			t.Fatal("tree deeper than 200")
		}
		_ = d.Name()
		codes := []string{d.Class, d.SubClass, d.Protocol}
		for _, i := range d.Interfaces {
			codes = append(codes, i.Class, i.SubClass, i.Protocol)
		}
		for _, c := range codes {
			if c != "" && (len(c) != 2 || !isHex(c)) {
				t.Fatalf("class code %q is not two hex digits", c)
			}
		}
		for _, id := range []string{d.VendorID, d.ProductID} {
			if id != "" && (len(id) != 4 || !isHex(id)) {
				t.Fatalf("ID %q is not four hex digits", id)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	seed(f, "testdata/*.txt")
	seed(f, "testdata/real/*.txt")
	f.Add([]byte(`{"usb":{"roots":[{"path":"usb1","children":[{"path":"1-1"}]}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := Parse(b)
		checkParsed(t, tr, err)
	})
}

// fuzzLines fuzzes one line-based parser over its seeds.
func fuzzLines(f *testing.F, parse func([]string, int) (*Tree, error), patterns ...string) {
	for _, p := range patterns {
		seed(f, p)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := parse(normalise(string(b)), 1)
		if err == nil {
			annotate(tr)
		}
		checkParsed(t, tr, err)
	})
}

func FuzzIoreg(f *testing.F) {
	fuzzLines(f, parseIoregLines, "testdata/ioreg-*.txt", "testdata/real/ioreg-*.txt")
}

func FuzzLsusbVerbose(f *testing.F) {
	fuzzLines(f, parseLsusbVerbose, "testdata/lsusb-v-*.txt", "testdata/real/lsusb-v-*.txt", "testdata/real/lsusb-[bc]*.txt")
}

func FuzzLsusbTree(f *testing.F) {
	fuzzLines(f, parseLsusbTree, "testdata/lsusb-t.txt", "testdata/real/lsusb-t*.txt")
}

func FuzzUSBView(f *testing.F) {
	fuzzLines(f, parseUSBView, "testdata/real/usbview-*.txt")
}

func FuzzUSBTreeView(f *testing.F) {
	fuzzLines(f, parseUSBTreeView, "testdata/real/usbtreeview-*.txt")
}

func FuzzPnputil(f *testing.F) {
	fuzzLines(f, parsePnputil, "testdata/real/pnputil-*.txt")
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"schema":"benchtop.devices/1","usb":{"source":"sysfs","roots":[{"path":"usb1","vendor_id":"1d6b","interfaces":[{"number":0,"class":"09","subclass":"00","protocol":"00","alternates":[{"setting":1,"class":"ff","subclass":"00","protocol":"00"}]}],"children":[{"path":"1-1","vendor_id":"1acc","product_id":"1533"}]}]}}`))
	f.Add([]byte(`{"roots":[null]}`))
	f.Add([]byte(`{"usb":{"roots":[{"children":[{"children":[{"children":[]}]}]}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !strings.HasPrefix(strings.TrimSpace(string(b)), "{") {
			return
		}
		tr, err := parseJSON(b)
		checkParsed(t, tr, err)
	})
}

// FuzzSysfsAttr puts fuzzed bytes in every attribute of a one-device tree.
func FuzzSysfsAttr(f *testing.F) {
	f.Add([]byte("1acc\n"), []byte("12"), []byte("01"))
	f.Add([]byte("\xff\xfe"), []byte("480\n"), []byte("0x1"))
	f.Add([]byte(strings.Repeat("9", 5000)), []byte("-1"), []byte("zz"))
	f.Fuzz(func(t *testing.T, id, speed, class []byte) {
		root := t.TempDir()
		dev := filepath.Join(root, "1-1")
		ifc := filepath.Join(root, "1-1:1.0")
		if err := os.MkdirAll(dev, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(ifc, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, v := range map[string][]byte{"idVendor": id, "idProduct": id, "product": id, "speed": speed, "bDeviceClass": class, "busnum": speed, "devnum": class} {
			if err := os.WriteFile(filepath.Join(dev, name), v, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for name, v := range map[string][]byte{"bInterfaceNumber": class, "bInterfaceClass": class, "bInterfaceSubClass": id} {
			if err := os.WriteFile(filepath.Join(ifc, name), v, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		tr, err := ReadSysfs(root)
		checkParsed(t, tr, err)
		if err == nil && len(tr.Devices()) != 1 {
			t.Fatalf("%d devices", len(tr.Devices()))
		}
		for _, d := range tr.Devices() {
			if len(d.Product) > maxAttr {
				t.Fatalf("attribute over the %d-byte bound", maxAttr)
			}
		}
	})
}
