package inventory

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"gitlab.com/gomidi/midi/v2/drivers"

	"benchtop/devices/midi"
	"benchtop/devices/usb"
	"benchtop/internal/helper"
)

// Schema names the JSON of a snapshot.
const Schema = "benchtop.devices/1"

// Snapshot is everything attached at one moment.
type Snapshot struct {
	Schema string     `json:"schema"`
	Taken  time.Time  `json:"taken"`
	USB    *usb.Tree  `json:"usb"`
	MIDI   midi.Ports `json:"midi"`
	// Light marks a background scan (macOS: the IOUSB plane without
	// properties: names and places, no IDs or interfaces).
	Light bool `json:"light,omitempty"`
}

// Scanner reads the system. Its fields are the seams tests replace.
type Scanner struct {
	GOOS      string
	SysfsRoot string // Linux: /sys/bus/usb/devices
	ProcRoot  string // Linux: /proc/asound
	// Run runs a command (macOS: ioreg) and returns its stdout.
	Run func(name string, args ...string) ([]byte, error)
	// WinUSB reads USB on Windows (SetupAPI).
	WinUSB func() (*usb.Tree, error)
	// MIDI returns the MIDI driver, or the reason there is none. It is
	// called on every scan: ports come and go.
	MIDI func() (drivers.Driver, error)

	light atomic.Bool // SetLight
	ioreg sync.Mutex  // never two ioreg at once
}

// SetLight chooses the light scan (on) or the full one (off, the default).
// On macOS a full scan is `ioreg -l` over the IOService plane (every
// property of every USB object: heavy), a light one the IOUSB plane
// without properties, enough for arrivals and departures; the window asks
// for the full one only while the Devices tab is shown. Elsewhere a scan is
// cheap and always full.
func (s *Scanner) SetLight(on bool) { s.light.Store(on) }

// Light says whether scans are light (SetLight).
func (s *Scanner) Light() bool { return s.light.Load() }

// System is the scanner for this machine; its MIDI ports come from the
// program's one MIDI backend.
func System(backend *midi.Backend) *Scanner {
	return &Scanner{
		GOOS: runtime.GOOS, SysfsRoot: usb.DefaultSysfsRoot, ProcRoot: "/proc/asound",
		// ioreg: a deadline, and it dies with Benchtop
		Run: func(name string, args ...string) ([]byte, error) {
			return helper.Output(context.Background(), helper.Quick, exec.Command(name, args...))
		},
		WinUSB: usb.ReadSetupAPI,
		MIDI:   backend.Driver,
	}
}

// Scan takes a snapshot.
func (s *Scanner) Scan() Snapshot {
	snap := Snapshot{Schema: Schema, Taken: time.Now()}
	switch s.GOOS {
	case "windows":
		t, err := s.WinUSB()
		if err != nil {
			t = &usb.Tree{Source: "setupapi", Note: "SetupAPI: " + err.Error()}
		}
		snap.USB = t
	case "linux":
		t, err := usb.ReadSysfs(s.SysfsRoot)
		if err != nil {
			t = &usb.Tree{Source: "sysfs", Note: err.Error()}
		}
		snap.USB = t
	case "darwin":
		snap.Light = s.light.Load()
		out, err := s.runIoreg(snap.Light)
		if err != nil {
			snap.USB = &usb.Tree{Source: "ioreg", Note: "ioreg failed: " + err.Error()}
			break
		}
		t, err := usb.Parse(out)
		if err != nil {
			t = &usb.Tree{Source: "ioreg", Note: err.Error()}
		}
		snap.USB = t
	default:
		snap.USB = &usb.Tree{Source: "none", Note: "USB listing is not supported on " + s.GOOS + " yet; MIDI ports are listed below"}
	}
	var drv drivers.Driver
	var err error
	if s.MIDI != nil {
		drv, err = s.MIDI()
	}
	snap.MIDI = midi.List(drv, s.ProcRoot, err)
	linkPortsByName(&snap)
	return snap
}

// runIoreg runs one ioreg at a time. Full: the IOService plane under each
// controller, devices with their interfaces (the IOUSB plane has none, so
// no MIDI flag). Light: the IOUSB plane's tree, without properties.
func (s *Scanner) runIoreg(light bool) ([]byte, error) {
	s.ioreg.Lock()
	defer s.ioreg.Unlock()
	if light {
		return s.Run("ioreg", "-w0", "-p", "IOUSB")
	}
	return s.Run("ioreg", "-w0", "-l", "-r", "-c", "AppleUSBHostController")
}

// WriteJSON writes the snapshot as indented JSON.
func (s Snapshot) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// Event is one arrival or departure.
type Event struct {
	Time time.Time `json:"time"`
	Kind string    `json:"kind"` // "arrived" or "left"
	What string    `json:"what"` // "usb", "midi-in", "midi-out"
	Name string    `json:"name"`
	Key  string    `json:"key"`
	// IsMIDI is true for MIDI ports and for USB devices with a MIDI interface.
	IsMIDI bool `json:"is_midi"`
}

func (e Event) String() string {
	sign := "+"
	if e.Kind == "left" {
		sign = "-"
	}
	return fmt.Sprintf("%s %s %-8s %s", e.Time.Format("15:04:05.000"), sign, e.What, e.Name)
}

type item struct {
	what, name string
	midi       bool
}

func index(s Snapshot) map[string]item {
	m := map[string]item{}
	if s.USB != nil {
		s.USB.Walk(func(d *usb.Device, _ int) {
			if d.Controller != "" || (d.VendorID == "" && d.Product == "") {
				return // controllers, and what has neither IDs nor a name
			}
			name := d.Name()
			if d.VendorID != "" {
				name += " (" + d.ID() + ")"
			}
			m["usb:"+d.Key()] = item{"usb", name, d.HasKind("midi")}
		})
	}
	for _, p := range s.MIDI.Ins {
		m["midi-in:"+p.BaseName] = item{"midi-in", p.BaseName, true}
	}
	for _, p := range s.MIDI.Outs {
		m["midi-out:"+p.BaseName] = item{"midi-out", p.BaseName, true}
	}
	return m
}

// Diff lists what changed from a to b.
func Diff(a, b Snapshot) []Event {
	ia, ib := index(a), index(b)
	var ev []Event
	for k, it := range ib {
		if _, ok := ia[k]; !ok {
			ev = append(ev, Event{Time: b.Taken, Kind: "arrived", What: it.what, Name: it.name, Key: k, IsMIDI: it.midi})
		}
	}
	for k, it := range ia {
		if _, ok := ib[k]; !ok {
			ev = append(ev, Event{Time: b.Taken, Kind: "left", What: it.what, Name: it.name, Key: k, IsMIDI: it.midi})
		}
	}
	sort.Slice(ev, func(i, j int) bool { return ev[i].Key < ev[j].Key })
	return ev
}

// Watch scans every interval until ctx ends, calling onScan with each
// snapshot and the events since the previous one (none on the first).
// 2–5 Hz keeps arrivals under a second without load.
func (s *Scanner) Watch(ctx context.Context, interval time.Duration, onScan func(Snapshot, []Event)) {
	prev := s.Scan()
	onScan(prev, nil)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			cur := s.Scan()
			var ev []Event
			if cur.Light == prev.Light { // a light and a full scan name devices differently: a new baseline
				ev = Diff(prev, cur)
			}
			onScan(cur, ev)
			prev = cur
		}
	}
}
