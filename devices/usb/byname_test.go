package usb

import (
	"strings"
	"testing"

	"benchtop/devices/known"
)

// `ioreg -w0 -rc AppleUSBHostController` without -l prints the properties
// of the controller (the class asked for) and only the names of what is
// under it: the AKM322 is "AKM322@14100000", with no idVendor/idProduct and
// interfaces without class codes. Its card is found by that name, marked so,
// and no ID or class code is made up.
func TestTreeOnlyIoregFindsTheCardByName(t *testing.T) {
	tr, err := Load("testdata/ioreg-rc-tree-akm322.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Roots) != 1 || tr.Roots[0].Controller != "AppleUSBXHCILPTH" || len(tr.Roots[0].Children) != 1 {
		t.Fatalf("roots %+v", tr.Roots)
	}
	akm := tr.Roots[0].Children[0]
	if akm.Name() != "AKM322" || akm.Path != "AKM322 (location 14100000)" {
		t.Fatalf("device %q at %q", akm.Name(), akm.Path)
	}
	if akm.VendorID != "" || akm.ProductID != "" || akm.Class != "" || akm.Speed != "" || akm.VendorName != "" {
		t.Fatalf("fields the listing does not carry were filled in: %+v", akm)
	}
	if len(akm.Interfaces) != 2 || akm.Interfaces[0].Class != "" || akm.Interfaces[1].Number != 1 || akm.Interfaces[1].Kind != "" {
		t.Fatalf("interfaces %+v", akm.Interfaces)
	}
	c := akm.Known
	if c == nil || c.MatchedBy != known.MatchedByName || !strings.Contains(c.Name, "DeepComposer") || c.Keys != 32 {
		t.Fatalf("card %+v", c)
	}
	// with IDs the card comes from them, unmarked
	full, err := Load("testdata/ioreg-akm322.txt")
	if err != nil {
		t.Fatal(err)
	}
	if k := full.Roots[0].Children[0].Children[0].Known; k == nil || k.MatchedBy != "" {
		t.Fatalf("card by VID:PID: %+v", k)
	}
}

// A name is only asked when there are no IDs: another model that calls
// itself AKM322 gets no card, and neither does a name that only contains it.
func TestCardByNameOnlyWithoutIDs(t *testing.T) {
	other := &Device{VendorID: "abcd", ProductID: "0001", Product: "AKM322"}
	if c := cardFor(other); c != nil {
		t.Fatalf("abcd:0001 named AKM322 got %q", c.Name)
	}
	for name, want := range map[string]bool{"AKM322": true, "akm322 ": true, "AKM322 MIDI": false, "": false, "AKM320": false} {
		if got := cardFor(&Device{Product: name}) != nil; got != want {
			t.Errorf("name %q: card %v, want %v", name, got, want)
		}
	}
}
