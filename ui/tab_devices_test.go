package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"gitlab.com/gomidi/midi/v2/drivers"

	"benchtop/devices/inventory"
	"benchtop/devices/usb"
)

func fixtureSysfs(t *testing.T) string {
	root := t.TempDir()
	w := func(dir, k, v string) {
		os.MkdirAll(filepath.Join(root, dir), 0o755)
		os.WriteFile(filepath.Join(root, dir, k), []byte(v), 0o644)
	}
	w("usb1", "idVendor", "1d6b")
	w("usb1", "idProduct", "0002")
	w("usb1", "bDeviceClass", "09")
	w("1-1", "idVendor", "1acc")
	w("1-1", "idProduct", "1533")
	w("1-1", "product", "AKM322")
	w("1-1:1.1", "bInterfaceClass", "01")
	w("1-1:1.1", "bInterfaceSubClass", "03")
	w("1-1:1.1", "bInterfaceNumber", "01")
	w("1-2", "idVendor", "046d")
	w("1-2", "idProduct", "c52b")
	w("1-2:1.0", "bInterfaceClass", "03")
	return root
}

func labels(tab *devicesTab) []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	var out []string
	for _, n := range tab.nodes {
		out = append(out, n.label)
	}
	return out
}

func hasLabel(tab *devicesTab, parts ...string) bool {
	for _, l := range labels(tab) {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(l, p)
		}
		if ok {
			return true
		}
	}
	return false
}

func TestDevicesTabTreeFilterHotplugImport(t *testing.T) {
	root := fixtureSysfs(t)
	sc := &inventory.Scanner{GOOS: "linux", SysfsRoot: root, MIDI: func() (drivers.Driver, error) { return nil, errors.New("no ALSA sequencer here") }}
	a := test.NewTempApp(t)
	w := build(a, Options{Scanner: sc, StartTab: TabDevices})
	defer w.Win.Close()
	tab := w.tab.devices
	pumpUI()
	if !hasLabel(tab, "AKM322", "1acc:1533", "MIDI", "★") || !hasLabel(tab, "Logitech") {
		t.Fatalf("tree labels %v", labels(tab))
	}
	if !strings.Contains(tab.ports.Text, "no ALSA sequencer") {
		t.Fatalf("ports text %q", tab.ports.Text)
	}
	// filter and MIDI-only
	tab.filter.SetText("logitech")
	if hasLabel(tab, "AKM322") || !hasLabel(tab, "Logitech") {
		t.Fatalf("filter logitech: %v", labels(tab))
	}
	tab.filter.SetText("")
	tab.midiOnly.SetChecked(true)
	if hasLabel(tab, "Logitech") || !hasLabel(tab, "AKM322") {
		t.Fatalf("MIDI only: %v", labels(tab))
	}
	tab.midiOnly.SetChecked(false)
	// detail of the AKM322 shows its card
	tab.showDetail("dev:1acc:1533@1-1")
	if md := tab.detailMD; !strings.Contains(md, "DeepComposer") || !strings.Contains(md, "Knob 1 = CC21") || !strings.Contains(md, "notes 41–72") || !strings.Contains(md, "Identity reply not published") {
		t.Fatalf("detail %q", md)
	}
	// unplug: the watcher reports it within a second
	os.RemoveAll(filepath.Join(root, "1-1"))
	os.RemoveAll(filepath.Join(root, "1-1:1.1"))
	if !eventually(t, 5*time.Second, func() bool { return strings.Contains(tab.history.Text, "- usb") && !hasLabel(tab, "AKM322") }) {
		t.Fatalf("departure not shown: history %q labels %v", tab.history.Text, labels(tab))
	}
	// import a dump: the watcher leaves it alone
	if err := tab.importFile("../devices/usb/testdata/ioreg-akm322.txt"); err != nil {
		t.Fatal(err)
	}
	if err := tab.importFile("../README.md"); err == nil {
		t.Fatal("importing a file that is no dump must fail")
	}
	pumpUI()
	if !strings.Contains(tab.source.Text, "Imported") || !hasLabel(tab, "AKM322") {
		t.Fatalf("import: source %q labels %v", tab.source.Text, labels(tab))
	}
	scans := tab.scans.Load()
	if !eventually(t, 10*hotplugInterval, func() bool { return tab.scans.Load() >= scans+2 }) {
		t.Fatal("the watcher stopped scanning")
	}
	pumpUI()
	if !hasLabel(tab, "AKM322") {
		t.Fatal("the watcher replaced the imported dump")
	}
	if !strings.Contains(string(tab.json()), `"source": "ioreg"`) {
		t.Fatal("Copy JSON does not give the dump shown")
	}
}

// A device read only in part says so in the tree, not only in its details:
// a real non-root lsusb -v (devices/usb/testdata/real/SOURCES).
func TestPartlyUnreadableDeviceIsMarked(t *testing.T) {
	tr, err := usb.Load("../devices/usb/testdata/real/lsusb-v-nonroot-pico.txt")
	if err != nil {
		t.Fatal(err)
	}
	pico := tr.Roots[0].Children[0]
	if l := deviceLabel(pico, time.Time{}); l != "Raspberry Pi Pico  [2e8a:000a]  ⚠ partly unreadable" {
		t.Errorf("label %q", l)
	}
	kk, err := usb.Load("../devices/usb/testdata/real/lsusb-v-komplete-kontrol-s61mk2-midi.txt")
	if err != nil {
		t.Fatal(err)
	}
	if l := deviceLabel(kk.Roots[0].Children[0], time.Time{}); strings.Contains(l, "unreadable") || !strings.Contains(l, "♪ MIDI") {
		t.Errorf("label %q", l)
	}
}

// A device card says which identity reply its device should send, as
// published, or that none is (the AKM322's is not).
func TestDeviceCardIdentityReply(t *testing.T) {
	md := cardMarkdown(usb.LookupCard("09e8", "0076"))
	if !strings.Contains(md, "**★ Akai LPK25**") || strings.Contains(md, "Controls:") ||
		!strings.Contains(md, "- **Identity reply** (Live input ▸ Send SysEx ▸ Identity Request compares): maker 47 (Akai), family 76 00, model 19 00, version 00 00 65 00 — amidi capture in mungewell/mpd-utils, sysex/sysex\\_lpk25.md") {
		t.Fatalf("%s", md)
	}
	md = cardMarkdown(usb.LookupCard("1acc", "1533"))
	if !strings.Contains(md, "- Identity reply not published: MIDIPLUS documents no SysEx for the AKM322") || strings.Contains(md, "**Identity reply**") {
		t.Fatalf("%s", md)
	}
}
