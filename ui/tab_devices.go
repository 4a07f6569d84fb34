package ui

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/inventory"
	"benchtop/devices/midi"
	"benchtop/devices/usb"
	"benchtop/internal/files"
)

// devicesTab shows the USB tree and MIDI ports, live.
type devicesTab struct {
	w        *window
	scans    atomic.Int64 // the watcher's scans, shown or not (tests wait on them)
	scanner  *inventory.Scanner
	tree     *widget.Tree
	detail   *widget.RichText
	filter   *widget.Entry
	midiOnly *widget.Check
	ports    *widget.Label
	history  *widget.Label
	source   *widget.Label
	empty    *widget.RichText // over the tree while it is empty

	mu       sync.Mutex
	snap     inventory.Snapshot
	imported bool // showing a dump, not this machine
	nodes    map[string]*devNode
	arrived  map[string]time.Time // device key → when it arrived
	events   []inventory.Event
	lastJSON []byte
	selected string
	// detailMD is the markdown the detail pane shows (tests read it).
	detailMD string
}

type devNode struct {
	label    string
	dev      *usb.Device
	iface    *usb.Interface
	children []string
}

// hotplugInterval: arrivals show within a second.
const hotplugInterval = 500 * time.Millisecond

func buildDevicesTab(w *window) fyne.CanvasObject {
	t := &devicesTab{w: w, scanner: w.opts.Scanner, nodes: map[string]*devNode{}, arrived: map[string]time.Time{}}
	if t.scanner == nil {
		t.scanner = inventory.System(w.opts.MIDI)
	}
	w.tab.devices = t
	// macOS: the heavy scan (ioreg -l) only while the tab is shown; hidden,
	// a light one keeps arrivals and auto-connect working. On show, a full
	// scan at once rather than at the next tick.
	w.onShown(TabDevices, func(shown bool) {
		was := !t.scanner.Light()
		t.scanner.SetLight(!shown)
		if shown && !was {
			go t.watched(t.scanner.Scan(), nil)
		}
	})
	t.tree = widget.NewTree(t.childUIDs, t.isBranch,
		func(bool) fyne.CanvasObject { return widget.NewLabel("") },
		func(uid widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
			t.mu.Lock()
			n := t.nodes[uid]
			t.mu.Unlock()
			if n != nil {
				o.(*widget.Label).SetText(n.label)
			}
		})
	t.tree.OnSelected = func(uid widget.TreeNodeID) {
		t.mu.Lock()
		t.selected = uid
		t.mu.Unlock()
		t.showDetail(uid)
	}
	t.detail = widget.NewRichTextFromMarkdown(devicesIntro)
	t.detail.Wrapping = fyne.TextWrapWord
	t.filter = widget.NewEntry()
	t.filter.SetPlaceHolder("filter: name, VID:PID, class (midi, audio, hid…)")
	t.filter.OnChanged = func(string) { t.rebuild() }
	t.midiOnly = widget.NewCheck("MIDI only", func(bool) { t.rebuild() })
	t.ports = widget.NewLabel("")
	t.ports.Wrapping = fyne.TextWrapWord
	t.history = widget.NewLabel("No arrivals or departures yet. Plug something in.")
	t.history.Wrapping = fyne.TextWrapWord
	t.source = widget.NewLabel("")
	t.source.Wrapping = fyne.TextWrapWord

	importBtn := widget.NewButton("Import dump…", t.importDump)
	liveBtn := widget.NewButton("This machine", func() {
		t.mu.Lock()
		t.imported = false
		t.lastJSON = nil // redraw even if nothing changed since the import
		t.mu.Unlock()
		go func() { t.apply(t.scanner.Scan(), nil) }() // a scan runs ioreg or reads sysfs: not on the UI goroutine
	})
	copyBtn := widget.NewButton("Copy JSON", func() {
		w.App.Clipboard().SetContent(string(t.json()))
	})
	exportBtn := widget.NewButton("Export JSON…", func() {
		data := t.json()
		saveDialog(w.Win, "devices.json", []string{".json"}, func(path string) error { return files.WriteAtomicBytes(path, data) })
	})

	top := container.NewBorder(nil, nil, nil, container.NewHBox(t.midiOnly, importBtn, liveBtn, copyBtn, exportBtn), t.filter)
	t.empty = newEmptyTree()
	left := container.NewBorder(t.source, nil, nil, nil, container.NewStack(t.tree, t.empty))
	right := container.NewVScroll(t.detail)
	split := container.NewHSplit(left, right)
	split.Offset = 0.55
	bottom := container.NewGridWithColumns(2,
		container.NewVScroll(container.NewVBox(widget.NewLabelWithStyle("MIDI ports", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), t.ports)),
		container.NewVScroll(container.NewVBox(widget.NewLabelWithStyle("Arrivals and departures", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), t.history)))
	body := container.NewVSplit(split, bottom)
	body.Offset = 0.72

	// First listing now, then watch for changes until the window closes.
	w.run(func(ctx context.Context) {
		t.apply(t.scanner.Scan(), nil)
		t.scanner.Watch(ctx, hotplugInterval, t.watched)
	})
	return container.NewBorder(top, nil, nil, nil, body)
}

// watched takes the watcher's snapshots unless an imported dump is shown.
func (t *devicesTab) watched(s inventory.Snapshot, ev []inventory.Event) {
	defer t.scans.Add(1)
	t.mu.Lock()
	imported := t.imported
	t.mu.Unlock()
	if !imported {
		t.apply(s, ev)
	}
}

// apply shows a snapshot; events are recorded and MIDI arrivals notified.
// Safe from any goroutine.
func (t *devicesTab) apply(s inventory.Snapshot, ev []inventory.Event) {
	var buf bytes.Buffer
	s.USB.Walk(func(d *usb.Device, _ int) { fmt.Fprintf(&buf, "%s|%s|%d\n", d.Key(), d.Name(), len(d.Interfaces)) })
	fmt.Fprintf(&buf, "%v|%v|%s|%s", midi.Names(s.MIDI.Ins), midi.Names(s.MIDI.Outs), s.MIDI.Problem, s.USB.Note)
	t.mu.Lock()
	for _, e := range ev {
		if e.Kind == "arrived" && e.What == "usb" {
			t.arrived[strings.TrimPrefix(e.Key, "usb:")] = e.Time
		}
	}
	fresh := 0 // "● new" marks fade after 30 s: count them so the fade redraws
	for k, at := range t.arrived {
		if time.Since(at) < 30*time.Second {
			fresh++
		} else {
			delete(t.arrived, k)
		}
	}
	fmt.Fprintf(&buf, "|fresh %d", fresh)
	changed := !bytes.Equal(buf.Bytes(), t.lastJSON) || len(ev) > 0
	t.lastJSON = buf.Bytes()
	t.snap = s
	t.events = append(ev, t.events...)
	if len(t.events) > 100 {
		t.events = t.events[:100]
	}
	t.mu.Unlock()
	for _, e := range ev {
		if e.Kind == "arrived" && e.IsMIDI {
			doUI(func() { t.w.App.SendNotification(fyne.NewNotification("MIDI device connected", e.Name)) })
		}
	}
	if changed {
		doUI(t.rebuild)
	}
}

// rebuild recomputes the tree's nodes from the snapshot, the filter and
// the MIDI-only switch. UI goroutine.
func (t *devicesTab) rebuild() {
	t.mu.Lock()
	s := t.snap
	filter := strings.ToLower(strings.TrimSpace(t.filter.Text))
	midiOnly := t.midiOnly.Checked
	nodes := map[string]*devNode{"": {}}
	var add func(parent string, d *usb.Device) bool
	add = func(parent string, d *usb.Device) bool {
		uid := "dev:" + d.Key()
		n := &devNode{label: deviceLabel(d, t.arrived[d.Key()]), dev: d}
		keep := matches(d, filter) && (!midiOnly || d.HasKind("midi"))
		for i := range d.Interfaces {
			iu := fmt.Sprintf("%s/if%d", uid, d.Interfaces[i].Number)
			nodes[iu] = &devNode{label: ifaceLabel(&d.Interfaces[i]), dev: d, iface: &d.Interfaces[i]}
			n.children = append(n.children, iu)
		}
		for _, c := range d.Children {
			if add(uid, c) {
				n.children = append(n.children, "dev:"+c.Key())
				keep = true
			}
		}
		if keep {
			nodes[uid] = n
		}
		return keep
	}
	for _, r := range s.USB.Roots {
		if add("", r) {
			nodes[""].children = append(nodes[""].children, "dev:"+r.Key())
		}
	}
	t.nodes = nodes
	events := append([]inventory.Event(nil), t.events...)
	t.mu.Unlock()

	src := "This machine (" + s.USB.Source + "), refreshed every 0.5 s"
	if t.imported {
		src = "Imported dump (" + s.USB.Source + "): press \"This machine\" to go back"
	}
	if s.USB.Note != "" {
		src += "\n" + s.USB.Note
	}
	t.source.SetText(src)
	t.ports.SetText(portsText(s.MIDI))
	var hist []string
	for _, e := range events {
		hist = append(hist, e.String())
	}
	if len(hist) > 0 {
		t.history.SetText(strings.Join(hist, "\n"))
	}
	t.showEmpty(len(nodes[""].children) == 0 && !s.Taken.IsZero(), len(s.USB.Roots) == 0 && !t.imported) // not before the first scan
	t.tree.Refresh()
	t.tree.OpenAllBranches()
}

func (t *devicesTab) childUIDs(uid widget.TreeNodeID) []widget.TreeNodeID {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := t.nodes[uid]; n != nil {
		return n.children
	}
	return nil
}

func (t *devicesTab) isBranch(uid widget.TreeNodeID) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.nodes[uid]
	return n != nil && len(n.children) > 0
}

func (t *devicesTab) json() []byte {
	t.mu.Lock()
	s := t.snap
	t.mu.Unlock()
	var buf bytes.Buffer
	s.WriteJSON(&buf)
	return buf.Bytes()
}

func (t *devicesTab) importDump() { openDialog(t.w.Win, t.importFile) }

// importFile shows a saved dump instead of this machine.
func (t *devicesTab) importFile(path string) error {
	tree, err := usb.Load(path)
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.imported = true
	t.mu.Unlock()
	t.apply(inventory.Snapshot{Schema: inventory.Schema, Taken: time.Now(), USB: tree,
		MIDI: midi.Ports{Backend: "none", Problem: "MIDI ports are not part of a USB dump", Ins: []midi.Port{}, Outs: []midi.Port{}}}, nil)
	return nil
}
