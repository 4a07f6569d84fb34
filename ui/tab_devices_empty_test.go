package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"gitlab.com/gomidi/midi/v2/drivers"

	"benchtop/devices/inventory"
)

// On a machine without USB (a container) the tree says how to look at
// another machine's listing; the seed's Mac dump, `ioreg -w0 -rc
// AppleUSBHostController` without -l, then shows the AKM322 with its card,
// matched by name, and no field the listing does not carry.
func TestDevicesWithoutUSBTeachImportAndShowAListingWithoutIDs(t *testing.T) {
	sc := &inventory.Scanner{GOOS: "linux", SysfsRoot: t.TempDir(), MIDI: func() (drivers.Driver, error) { return nil, errors.New("no ALSA sequencer here") }}
	a := test.NewTempApp(t)
	w := build(a, Options{Scanner: sc, StartTab: TabDevices})
	defer w.Win.Close()
	tab := w.tab.devices
	if !eventually(t, 5*time.Second, func() bool { return tab.empty.Visible() }) {
		t.Fatal("an empty tree says nothing")
	}
	if md := tab.empty.String(); !strings.Contains(md, "another machine's devices") || !strings.Contains(md, "Import dump…") {
		t.Fatalf("empty state %q", md)
	}
	if err := tab.importFile("../devices/usb/testdata/ioreg-rc-tree-akm322.txt"); err != nil {
		t.Fatal(err)
	}
	pumpUI()
	if tab.empty.Visible() {
		t.Fatal("the import help stays over an imported tree")
	}
	if !hasLabel(tab, "AKM322", "★ by name") {
		t.Fatalf("no card by name: %v", labels(tab))
	}
	for _, l := range labels(tab) {
		if strings.Contains(l, "[") || strings.HasSuffix(l, "class") || strings.HasSuffix(l, ": ") {
			t.Errorf("label with an empty field: %q", l)
		}
	}
	if !hasLabel(tab, "interface 0") || !hasLabel(tab, "interface 1") {
		t.Fatalf("interfaces: %v", labels(tab))
	}
	tab.showDetail("dev::@AKM322 (location 14100000)")
	md := tab.detailMD
	if !strings.Contains(md, "DeepComposer") || !strings.Contains(md, "Matched by name") || strings.Contains(md, "**VID:PID**") {
		t.Fatalf("detail %q", md)
	}
	// a filter that matches nothing says so, not how to import
	tab.filter.SetText("no such device")
	if !tab.empty.Visible() || !strings.Contains(tab.empty.String(), "Nothing matches") {
		t.Fatalf("filtered out: %q", tab.empty.String())
	}
}
