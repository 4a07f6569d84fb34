package midi

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gitlab.com/gomidi/midi/v2/drivers"

	"benchtop/devices/known"
)

// Port is one MIDI input or output port.
type Port struct {
	Dir   string `json:"dir"` // "in" or "out"
	Index int    `json:"index"`
	Name  string `json:"name"`
	// BaseName is Name without ALSA's " client:port" suffix, which changes
	// when the device is replugged: it is the port's identity.
	BaseName string      `json:"base_name"`
	USBID    string      `json:"usb_id,omitempty"` // vvvv:pppp, where the OS tells
	Known    *known.Card `json:"known,omitempty"`
}

// Ports is a listing of both directions.
type Ports struct {
	Backend string `json:"backend"`
	// Problem says why there are no ports when the backend is missing
	// ("no ALSA sequencer: /dev/snd/seq does not exist").
	Problem string `json:"problem,omitempty"`
	Ins     []Port `json:"ins"`
	Outs    []Port `json:"outs"`
}

// ErrNoBackend means the OS MIDI service is not there (the hardware
// driver, package devices/midi/rtmidi, wraps it with the reason).
var ErrNoBackend = errors.New("no MIDI backend")

var suffix = regexp.MustCompile(`\s+\d+:\d+$`)

// BaseName strips ALSA's " client:port" suffix ("AKM322:AKM322 MIDI 1 24:0"
// → "AKM322:AKM322 MIDI 1").
func BaseName(name string) string { return suffix.ReplaceAllString(strings.TrimSpace(name), "") }

// List enumerates drv's ports and links them to USB devices through ALSA's
// /proc/asound (procRoot; "" skips it). drv nil lists nothing, with problem.
func List(drv drivers.Driver, procRoot string, problem error) Ports {
	p := Ports{Ins: []Port{}, Outs: []Port{}}
	if drv == nil {
		p.Backend = "none"
		if problem != nil {
			p.Problem = problem.Error()
		}
		return p
	}
	p.Backend = drv.String()
	cards := alsaCards(procRoot)
	mk := func(dir string, i int, name string) Port {
		pt := Port{Dir: dir, Index: i, Name: name, BaseName: BaseName(name)}
		client, _, _ := strings.Cut(pt.BaseName, ":")
		if id, ok := cards[strings.ToLower(client)]; ok {
			pt.USBID = id
			vid, pid, _ := strings.Cut(id, ":")
			pt.Known = known.Lookup(vid, pid)
		}
		if pt.Known == nil {
			pt.Known = known.ByPortName(pt.BaseName)
		}
		return pt
	}
	ins, err := drv.Ins()
	if err != nil {
		p.Problem = "listing MIDI inputs: " + err.Error()
	}
	for _, in := range ins {
		p.Ins = append(p.Ins, mk("in", in.Number(), in.String()))
	}
	outs, err := drv.Outs()
	if err != nil && p.Problem == "" {
		p.Problem = "listing MIDI outputs: " + err.Error()
	}
	for _, out := range outs {
		p.Outs = append(p.Outs, mk("out", out.Number(), out.String()))
	}
	return p
}

var cardLine = regexp.MustCompile(`^\s*(\d+)\s+\[([^\]]+)\]:\s+\S+\s+-\s+(.*)$`)

// alsaCards maps ALSA card names (lower case: id and short name) to the
// USB VID:PID in /proc/asound/cardN/usbid.
func alsaCards(procRoot string) map[string]string {
	out := map[string]string{}
	if procRoot == "" {
		return out
	}
	b, err := os.ReadFile(filepath.Join(procRoot, "cards"))
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		m := cardLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		id, err := os.ReadFile(filepath.Join(procRoot, "card"+m[1], "usbid"))
		if err != nil {
			continue
		}
		usb := strings.ToLower(strings.TrimSpace(string(id)))
		out[strings.ToLower(strings.TrimSpace(m[2]))] = usb
		out[strings.ToLower(strings.TrimSpace(m[3]))] = usb
	}
	return out
}

// Names lists the base names of ports, sorted (for diffs).
func Names(ps []Port) []string {
	var n []string
	for _, p := range ps {
		n = append(n, p.BaseName)
	}
	sort.Strings(n)
	return n
}

// FindIn returns the input port whose name or base name matches name
// (exactly, then as a case-insensitive substring), surviving replugs.
func FindIn(drv drivers.Driver, name string) (drivers.In, error) {
	ins, err := drv.Ins()
	if err != nil {
		return nil, err
	}
	return findPort(ins, name, "input")
}

// FindOut is FindIn for outputs.
func FindOut(drv drivers.Driver, name string) (drivers.Out, error) {
	outs, err := drv.Outs()
	if err != nil {
		return nil, err
	}
	return findPort(outs, name, "output")
}

func findPort[P interface{ String() string }](ports []P, name, dir string) (P, error) {
	for _, match := range []func(string) bool{
		func(n string) bool { return n == name || BaseName(n) == BaseName(name) },
		func(n string) bool { return strings.Contains(strings.ToLower(n), strings.ToLower(BaseName(name))) },
	} {
		for _, p := range ports {
			if match(p.String()) {
				return p, nil
			}
		}
	}
	var names []string
	for _, p := range ports {
		names = append(names, p.String())
	}
	var zero P
	return zero, fmt.Errorf("no MIDI %s named %q (%ss: %s)", dir, name, dir, listOrNone(names))
}

func listOrNone(n []string) string {
	if len(n) == 0 {
		return "none"
	}
	return strings.Join(n, ", ")
}
