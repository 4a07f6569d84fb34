//go:build windows

package usb

import (
	"encoding/json"
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

// On Windows (and under Wine), one live listing: it must succeed and give
// a consistent tree. What it found is logged, since a test machine may
// have no USB device at all (Wine emulates no USB bus of its own).
func TestReadSetupAPI(t *testing.T) {
	if set, err := windows.SetupDiGetClassDevsEx(nil, "USB", 0, windows.DIGCF_ALLCLASSES|windows.DIGCF_PRESENT, 0, ""); err != nil {
		t.Logf("the USB enumerator: %v", err)
	} else {
		_, err := set.EnumDeviceInfo(0)
		t.Logf("the USB enumerator's first node: %v", err)
		set.Close()
	}
	nodes, err := gatherWinNodes()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		t.Logf("node %+v", n)
	}
	start := time.Now()
	tr, err := ReadSetupAPI()
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Source != "setupapi" {
		t.Errorf("source %q", tr.Source)
	}
	checkWinTree(t, tr)
	if len(tr.Roots) == 0 && tr.Note == "" {
		t.Error("an empty tree without a note")
	}
	b, _ := json.MarshalIndent(tr, "", "  ")
	t.Logf("one scan took %v: %d node(s), %d root(s), %d device(s), note %q\n%s", took, len(nodes), len(tr.Roots), len(tr.Devices()), tr.Note, b)
}

// One scan's cost: Scanner.Watch polls at 2 Hz, so it must stay far below
// half a second.
func BenchmarkReadSetupAPI(b *testing.B) {
	for b.Loop() {
		if _, err := ReadSetupAPI(); err != nil {
			b.Fatal(err)
		}
	}
}

// Every present node of any class goes through the same property readers
// (a machine, or Wine, with no USB bus still has some): each must have its
// instance id, and each failure is named.
func TestSetupAPIReadsEveryNode(t *testing.T) {
	set, err := windows.SetupDiGetClassDevsEx(nil, "", 0, windows.DIGCF_ALLCLASSES|windows.DIGCF_PRESENT, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	nodes, err := appendWinNodes(nil, set, map[string]bool{})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) == 0 {
		t.Fatal("no device nodes at all")
	}
	for _, n := range nodes {
		t.Logf("%s parent=%q class=%q service=%q name=%q bus=%q hw=%q compat=%q status=%#x problem=%d statusErr=%q unreadable=%q",
			n.InstanceID, n.Parent, n.SetupClass, n.Service, winName(&n), n.BusDescription, n.HardwareIDs, n.CompatibleIDs, n.Status, n.Problem, n.StatusErr, n.Unreadable)
	}
	checkWinTree(t, WinTree(nodes, "setupapi"))
}

// The cost of reading nodes, whatever their bus: every present node of
// every class read as ReadSetupAPI reads USB ones (per node: divide by
// the count TestSetupAPIReadsEveryNode logs).
func BenchmarkSetupAPIEveryNode(b *testing.B) {
	for b.Loop() {
		set, err := windows.SetupDiGetClassDevsEx(nil, "", 0, windows.DIGCF_ALLCLASSES|windows.DIGCF_PRESENT, 0, "")
		if err != nil {
			b.Fatal(err)
		}
		nodes, err := appendWinNodes(nil, set, map[string]bool{})
		set.Close()
		if err != nil || len(nodes) == 0 {
			b.Fatal(len(nodes), err)
		}
		WinTree(nodes, "setupapi")
	}
}
