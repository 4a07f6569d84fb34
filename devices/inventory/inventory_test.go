package inventory

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"gitlab.com/gomidi/midi/v2/drivers"

	"benchtop/devices/usb"
	"benchtop/internal/testenv"
)

// writeDev adds a device directory whole (made aside, then renamed in), as
// the kernel's sysfs shows a device with its attributes at once.
func writeDev(t *testing.T, root, name string, attrs map[string]string) {
	tmp, err := os.MkdirTemp(root, ".new-")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range attrs {
		if err := os.WriteFile(filepath.Join(tmp, k), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(tmp, filepath.Join(root, name)); err != nil {
		t.Fatal(err)
	}
}

func TestWatchReportsArrivalsAndDepartures(t *testing.T) {
	testenv.OnlyWhere(t, runtime.GOOS != "windows", "its sysfs fixture's names (1-1:1.1) hold ':', which Windows file names cannot; the Windows scan has its own test")
	root := t.TempDir()
	writeDev(t, root, "usb1", map[string]string{"idVendor": "1d6b", "idProduct": "0002", "bDeviceClass": "09"})
	noMIDI := errors.New("no MIDI here")
	s := &Scanner{GOOS: "linux", SysfsRoot: root, MIDI: func() (drivers.Driver, error) { return nil, noMIDI }}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var events []Event
	scans := 0
	go s.Watch(ctx, 20*time.Millisecond, func(_ Snapshot, ev []Event) {
		mu.Lock()
		events = append(events, ev...)
		scans++
		mu.Unlock()
	})
	wait := func(cond func() bool) {
		t.Helper()
		if !testenv.Eventually(10*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return cond() }) {
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("timed out; events %v", events)
		}
	}
	wait(func() bool { return scans >= 2 })
	// plug the keyboard in: its interface first, so that no scan sees the
	// device without it (an interface without its device is not listed)
	writeDev(t, root, "1-1:1.1", map[string]string{"bInterfaceNumber": "01", "bInterfaceClass": "01", "bInterfaceSubClass": "03"})
	writeDev(t, root, "1-1", map[string]string{"idVendor": "1acc", "idProduct": "1533", "product": "AKM322", "manufacturer": "MIDIPLUS"})
	wait(func() bool { return len(events) == 1 })
	if e := events[0]; e.Kind != "arrived" || e.What != "usb" || !e.IsMIDI || !strings.Contains(e.Name, "AKM322") || !strings.Contains(e.Name, "1acc:1533") {
		t.Fatalf("arrival %+v", e)
	}
	// and out
	if err := os.RemoveAll(filepath.Join(root, "1-1")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(root, "1-1:1.1")); err != nil {
		t.Fatal(err)
	}
	wait(func() bool { return len(events) == 2 })
	if e := events[1]; e.Kind != "left" || !strings.Contains(e.Name, "AKM322") {
		t.Fatalf("departure %+v", e)
	}
}

func TestScanSaysWhatIsMissing(t *testing.T) {
	s := &Scanner{GOOS: "linux", SysfsRoot: filepath.Join(t.TempDir(), "none"), MIDI: func() (drivers.Driver, error) { return nil, errors.New("no ALSA sequencer") }}
	snap := s.Scan()
	if !strings.Contains(snap.USB.Note, "no USB bus is visible") || snap.MIDI.Problem != "no ALSA sequencer" {
		t.Fatalf("snapshot %+v", snap)
	}
	s = &Scanner{GOOS: "darwin", Run: func(string, ...string) ([]byte, error) {
		b, err := os.ReadFile("../usb/testdata/ioreg-akm322.txt")
		return b, err
	}}
	snap = s.Scan()
	if len(snap.USB.Devices()) < 3 || snap.USB.Source != "ioreg" {
		t.Fatalf("darwin scan %+v", snap.USB)
	}
	s = &Scanner{GOOS: "windows", WinUSB: func() (*usb.Tree, error) { return nil, errors.New("SetupDiGetClassDevsEx: Access is denied.") }}
	if snap := s.Scan(); snap.USB.Source != "setupapi" || !strings.Contains(snap.USB.Note, "Access is denied") {
		t.Fatalf("windows scan %+v", snap.USB)
	}
}

// The macOS scanner with a fake ioreg: never two ioreg at once,
// however many scans are asked for together; the full scan (ioreg -l over
// the IOService plane) only when asked, the light one (the IOUSB plane's
// tree) otherwise; and arrivals still seen by the light scan.
func TestDarwinScannerRunsOneIoregAtATime(t *testing.T) {
	full, err := os.ReadFile("../usb/testdata/ioreg-akm322.txt")
	if err != nil {
		t.Fatal(err)
	}
	// real IOUSB-plane trees (../usb/testdata/real/SOURCES), before and after a device arrives
	before, err := os.ReadFile("../usb/testdata/real/ioreg-p-IOUSB-tree-m2-bladerf.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(before), "\n"), "\n")
	bladeRF := lines[5] // "| +-o bladeRF 2.0@01220000  <class IOUSBHostDevice, ...>"
	unplugged := []byte(strings.Join(append(lines[:5:5], lines[6:]...), "\n") + "\n")

	var mu sync.Mutex
	var calls [][]string
	plugged := false
	// while gate is set, each ioreg waits for the test: it looks at the
	// lock while one runs
	entered, gate := make(chan struct{}), make(chan struct{})
	s := &Scanner{GOOS: "darwin", Run: func(name string, args ...string) ([]byte, error) {
		mu.Lock()
		calls = append(calls, append([]string{name}, args...))
		p, g := plugged, gate
		mu.Unlock()
		if g != nil {
			entered <- struct{}{}
			<-g
		}
		if strings.Contains(strings.Join(args, " "), "-l") {
			return full, nil
		}
		if p {
			return before, nil
		}
		return unplugged, nil
	}}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); s.Scan() }()
	}
	for i := 0; i < 4; i++ {
		<-entered
		if s.ioreg.TryLock() {
			t.Fatal("ioreg runs without the scanner's lock: scans asked together would overlap")
		}
		gate <- struct{}{}
	}
	wg.Wait()
	mu.Lock()
	gate = nil
	mu.Unlock()
	if len(calls) != 4 {
		t.Fatalf("%d ioreg calls for 4 scans", len(calls))
	}
	if got := strings.Join(calls[0], " "); got != "ioreg -w0 -l -r -c AppleUSBHostController" {
		t.Fatalf("full scan ran %q", got)
	}

	s.SetLight(true)
	a := s.Scan()
	if got := strings.Join(calls[len(calls)-1], " "); got != "ioreg -w0 -p IOUSB" || !a.Light {
		t.Fatalf("light scan ran %q (light %v)", got, a.Light)
	}
	mu.Lock()
	plugged = true
	mu.Unlock()
	b := s.Scan()
	ev := Diff(a, b)
	if len(ev) != 1 || ev[0].Kind != "arrived" || ev[0].Name != "bladeRF 2.0" {
		t.Fatalf("light scans saw %+v (line %q)", ev, bladeRF)
	}
}
