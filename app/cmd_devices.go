package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"benchtop/devices/inventory"
	"benchtop/devices/midi"
	"benchtop/devices/usb"
	"benchtop/internal/term"
)

func init() {
	register(command{name: "devices", summary: "USB devices and MIDI ports, or a saved ioreg/lsusb/USBView/USBTreeView/pnputil/JSON dump", run: runDevices})
}

func runDevices(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "devices", "[--json [FILE|-]] [--watch] [--from FILE] [--midi-only]")
	jsonOut := jsonFlagVar(fs, "print JSON (schema "+inventory.Schema+") instead of the tree; --json FILE writes it to FILE (--watch: one event per line, to stdout)")
	watch := fs.Bool("watch", false, "keep watching and print arrivals and departures until Ctrl-C")
	from := fs.String("from", "", "read `FILE`: a saved ioreg -l text dump, lsusb -v or lsusb -t output, USBView or USBTreeView text, pnputil /enum-devices output, or benchtop devices --json, instead of this machine")
	midiOnly := fs.Bool("midi-only", false, "only devices with a MIDI interface, and MIDI ports")
	sysfs := fs.String("sysfs", usb.DefaultSysfsRoot, "Linux: the sysfs USB directory to read")
	interval := fs.Duration("interval", 500*time.Millisecond, "--watch: how often to look")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	asJSON := jsonOut.on()
	if *watch {
		if err := jsonOut.streamOnly("devices --watch"); err != nil {
			return err
		}
	}
	// A one-off listing: to stdout, or as JSON to --json's file.
	show := func(snap inventory.Snapshot) error {
		if asJSON && !jsonOut.toStdout() {
			return writeOutput(env, jsonOut.path, func(w io.Writer) error { return printSnapshot(w, snap, true, *midiOnly) })
		}
		return printSnapshot(env.Stdout, snap, asJSON, *midiOnly)
	}
	if *from != "" {
		if *watch {
			return usagef("--watch and --from do not mix: a file does not change")
		}
		t, err := usb.Load(*from)
		if err != nil {
			return err
		}
		snap := inventory.Snapshot{Schema: inventory.Schema, Taken: time.Now(), USB: t, MIDI: midi.Ports{Backend: "none", Problem: "MIDI ports are not part of a USB dump (" + *from + ")", Ins: []midi.Port{}, Outs: []midi.Port{}}}
		return show(snap)
	}
	if flagSet(fs, "sysfs") {
		// a path the user typed: a typo is an error, not "no USB here"
		if st, err := os.Stat(*sysfs); err != nil || !st.IsDir() {
			if err == nil {
				err = errors.New("not a directory")
			}
			return fmt.Errorf("--sysfs %s: %w", *sysfs, unwrapPathErr(err))
		}
	}
	s := inventory.System(env.MIDI)
	s.SysfsRoot = *sysfs
	if !*watch {
		return show(s.Scan())
	}
	if *interval < 50*time.Millisecond || *interval > time.Hour {
		return usagef("--interval must be between 50ms and 1h, got %v", *interval)
	}
	// Until Ctrl-C, or until stdout cannot be written (a full disk, a
	// closed pipe): then nobody sees what is watched, and the error says so.
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	var werr error
	check := func(err error) {
		if err != nil && werr == nil {
			werr = err
			stop()
		}
	}
	first := true
	s.Watch(wctx, *interval, func(snap inventory.Snapshot, ev []inventory.Event) {
		if first {
			first = false
			if !asJSON {
				printSnapshot(env.Stdout, snap, false, *midiOnly)
				_, err := fmt.Fprintln(env.Stdout, "\nwatching for arrivals and departures (Ctrl-C to stop)…")
				check(err)
			}
			return
		}
		for _, e := range ev {
			if *midiOnly && !e.IsMIDI {
				continue
			}
			if asJSON {
				check(json.NewEncoder(env.Stdout).Encode(e))
			} else {
				_, err := fmt.Fprintln(env.Stdout, term.Line(e.String()))
				check(err)
			}
		}
	})
	return werr
}

func printSnapshot(w io.Writer, snap inventory.Snapshot, asJSON, midiOnly bool) error {
	if midiOnly {
		snap.USB = onlyMIDI(snap.USB)
	}
	if asJSON {
		return snap.WriteJSON(w)
	}
	w = term.Writer(w) // device strings and dump lines are not ours: no escape sequences reach the terminal
	fmt.Fprintf(w, "USB (%s)\n", snap.USB.Source)
	if snap.USB.Note != "" {
		fmt.Fprintf(w, "  %s\n", snap.USB.Note)
	}
	for _, r := range snap.USB.Roots {
		printDevice(w, r, "", true, true)
	}
	fmt.Fprintf(w, "\nMIDI (%s)\n", snap.MIDI.Backend)
	if snap.MIDI.Problem != "" {
		fmt.Fprintf(w, "  %s\n", snap.MIDI.Problem)
	}
	for _, p := range append(append([]midi.Port{}, snap.MIDI.Ins...), snap.MIDI.Outs...) {
		link := ""
		if p.USBID != "" {
			link = "  → USB " + p.USBID
		}
		if p.Known != nil {
			link += "  (" + p.Known.Name + ")"
		}
		fmt.Fprintf(w, "  %-3s %2d  %s%s\n", p.Dir, p.Index, term.Line(p.Name), link)
	}
	if len(snap.MIDI.Ins)+len(snap.MIDI.Outs) == 0 && snap.MIDI.Problem == "" {
		fmt.Fprintln(w, "  no MIDI ports")
	}
	return nil
}

func printDevice(w io.Writer, d *usb.Device, prefix string, last, root bool) {
	branch, next := "├─ ", "│  "
	if last {
		branch, next = "└─ ", "   "
	}
	if root {
		branch, next = "", ""
	}
	var facts []string
	if d.VendorID != "" || d.ProductID != "" { // ioreg without -l gives neither
		facts = append(facts, d.ID())
	}
	for _, f := range []string{d.Speed, d.MaxPower, d.Controller} {
		if f != "" {
			facts = append(facts, f)
		}
	}
	if d.HasKind("midi") {
		facts = append(facts, "MIDI")
	}
	// one line per device whatever its strings hold (a JSON dump's "\n")
	line := fmt.Sprintf("%s%s%s  %s", prefix, branch, term.Line(d.Path), term.Line(d.Name()))
	if len(facts) > 0 {
		line += "  [" + term.Line(strings.Join(facts, ", ")) + "]"
	}
	if d.Known != nil {
		line += "  ★ " + d.Known.Name
		if d.Known.MatchedBy != "" {
			line += " (matched by " + d.Known.MatchedBy + ")"
		}
	}
	fmt.Fprintln(w, line)
	for _, i := range d.Interfaces {
		cls := usb.ClassName(i.Class, "")
		if sub := usb.ClassName(i.Class, i.SubClass); sub != "" && sub != cls {
			cls += " / " + sub
		}
		if cls == "" && i.Class != "" {
			cls = "class " + i.Class
		}
		drv := ""
		if i.Driver != "" {
			drv = " [" + term.Line(i.Driver) + "]"
		}
		alt := ""
		if n := len(i.Alternates); n > 0 {
			alt = fmt.Sprintf(" (+%d alternate setting%s)", n, map[bool]string{true: "s"}[n > 1])
		}
		desc := term.Line(cls) + drv
		if i.Kind != "" {
			desc += " " + term.Line(strings.ToUpper(i.Kind))
		}
		desc = strings.TrimSpace(desc + alt)
		if desc != "" { // a listing without class codes says nothing more than the number
			desc = ": " + desc
		}
		fmt.Fprintf(w, "%s%s    if %d%s\n", prefix, next, i.Number, desc)
	}
	if len(d.Unreadable) > 0 {
		fmt.Fprintf(w, "%s%s    unreadable: %s\n", prefix, next, term.Line(strings.Join(d.Unreadable, "; ")))
	}
	for k, c := range d.Children {
		printDevice(w, c, prefix+next, k == len(d.Children)-1, false)
	}
}

// onlyMIDI keeps the devices with a MIDI interface and the path to them.
func onlyMIDI(t *usb.Tree) *usb.Tree {
	var keep func(d *usb.Device) *usb.Device
	keep = func(d *usb.Device) *usb.Device {
		cp := *d
		cp.Children = nil
		for _, c := range d.Children {
			if k := keep(c); k != nil {
				cp.Children = append(cp.Children, k)
			}
		}
		if d.HasKind("midi") || len(cp.Children) > 0 {
			return &cp
		}
		return nil
	}
	out := &usb.Tree{Source: t.Source, Note: t.Note}
	for _, r := range t.Roots {
		if k := keep(r); k != nil {
			out.Roots = append(out.Roots, k)
		}
	}
	if len(out.Roots) == 0 && out.Note == "" {
		out.Note = "no USB MIDI devices"
	}
	return out
}

// unwrapPathErr keeps the OS's reason of a *fs.PathError (the caller names
// the path).
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
