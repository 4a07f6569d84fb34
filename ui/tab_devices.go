package ui

import (
	"bytes"
	"context"
	"fmt"
	"sort"
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

func matches(d *usb.Device, f string) bool {
	if f == "" {
		return true
	}
	hay := strings.ToLower(strings.Join([]string{d.Name(), d.ID(), d.VendorName, d.ProductName, d.Path, d.Class}, " "))
	for _, i := range d.Interfaces {
		hay += " " + i.Kind + " " + strings.ToLower(usb.ClassName(i.Class, i.SubClass)+" "+usb.ClassName(i.Class, ""))
	}
	if d.Known != nil {
		hay += " " + strings.ToLower(d.Known.Name)
	}
	return strings.Contains(hay, f)
}

func deviceLabel(d *usb.Device, arrived time.Time) string {
	l := d.Name()
	if id := deviceID(d); id != "" {
		l += "  [" + id + "]"
	}
	if d.HasKind("midi") {
		l += "  ♪ MIDI"
	}
	if d.Known != nil {
		l += cardMark(d.Known)
	}
	if len(d.Unreadable) > 0 { // sysfs attributes, or lsusb without root: the details say which
		l += "  ⚠ partly unreadable"
	}
	if !arrived.IsZero() && time.Since(arrived) < 30*time.Second {
		l = "● new  " + l
	}
	return l
}

func ifaceLabel(i *usb.Interface) string {
	cls := usb.ClassName(i.Class, "")
	if sub := usb.ClassName(i.Class, i.SubClass); sub != "" && sub != cls {
		cls += " / " + sub
	}
	if cls == "" && i.Class != "" {
		cls = "class " + i.Class
	}
	l := fmt.Sprintf("interface %d", i.Number)
	if cls != "" { // a listing without class codes (ioreg without -l)
		l += ": " + cls
	}
	if i.Driver != "" {
		l += "  (" + i.Driver + ")"
	}
	return l
}

func portsText(p midi.Ports) string {
	var lines []string
	if p.Problem != "" {
		lines = append(lines, p.Problem)
	}
	for _, pt := range append(append([]midi.Port{}, p.Ins...), p.Outs...) {
		l := fmt.Sprintf("%s %d: %s", pt.Dir, pt.Index, pt.Name)
		if pt.USBID != "" {
			l += "  → USB " + pt.USBID
		}
		if pt.Known != nil {
			l += "  ★ " + pt.Known.Name
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return "No MIDI ports. Plug in a keyboard; it appears here within a second."
	}
	return strings.Join(lines, "\n")
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

// showDetail renders everything known about the selected node.
func (t *devicesTab) showDetail(uid string) {
	t.mu.Lock()
	n := t.nodes[uid]
	t.mu.Unlock()
	if n == nil {
		return
	}
	var b strings.Builder
	d := n.dev
	if n.iface != nil {
		i := n.iface
		fmt.Fprintf(&b, "## Interface %d of %s\n\n", i.Number, d.Name())
		row(&b, "Class", i.Class+" "+usb.ClassName(i.Class, ""))
		row(&b, "Subclass", i.SubClass+" "+usb.ClassName(i.Class, i.SubClass))
		row(&b, "Protocol", i.Protocol)
		row(&b, "Driver", i.Driver)
		row(&b, "Name", i.Name)
		row(&b, "Kind", i.Kind)
		t.detailMD = b.String()
		t.detail.ParseMarkdown(t.detailMD)
		return
	}
	fmt.Fprintf(&b, "## %s\n\n", d.Name())
	if c := d.Known; c != nil {
		b.WriteString(cardMarkdown(c))
	}
	row(&b, "Path", d.Path)
	row(&b, "VID:PID", deviceID(d))
	row(&b, "Manufacturer", d.Manufacturer)
	row(&b, "Product", d.Product)
	row(&b, "usb.ids vendor", d.VendorName)
	row(&b, "usb.ids product", d.ProductName)
	row(&b, "Serial", d.Serial)
	row(&b, "Speed", d.Speed)
	row(&b, "USB version", d.USBVersion)
	row(&b, "Max power", d.MaxPower)
	if d.Class != "" {
		row(&b, "Device class", d.Class+" "+usb.ClassName(d.Class, ""))
	}
	row(&b, "Controller", d.Controller)
	if d.Bus > 0 {
		row(&b, "Bus / address", fmt.Sprintf("%d / %d", d.Bus, d.Address))
	}
	if len(d.Unreadable) > 0 {
		row(&b, "Unreadable", strings.Join(d.Unreadable, "; "))
	}
	if len(d.Props) > 0 {
		b.WriteString("\n**Other properties**\n\n")
		keys := make([]string, 0, len(d.Props))
		for k := range d.Props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			row(&b, k, d.Props[k])
		}
	}
	t.detailMD = b.String()
	t.detail.ParseMarkdown(t.detailMD)
}

// cardMarkdown is what a device card says: the model, its keys and
// controls, and the identity reply it should send (as published), or
// that none is published.
func cardMarkdown(c *usb.Card) string {
	var b strings.Builder
	b.WriteString(cardHeading(c))
	if c.Keys > 0 {
		fmt.Fprintf(&b, "- %d keys, notes %d–%d at the default octave, channel %d\n", c.Keys, c.LowNote, c.HighNote, c.Channel)
	}
	var ctl []string
	for _, k := range c.Controls {
		if k.Kind == "cc" {
			ctl = append(ctl, fmt.Sprintf("%s = CC%d", k.Name, k.CC))
		} else {
			ctl = append(ctl, k.Name)
		}
	}
	if len(ctl) > 0 {
		fmt.Fprintf(&b, "- Controls: %s\n", strings.Join(ctl, ", "))
	}
	for _, note := range c.Notes {
		fmt.Fprintf(&b, "- %s\n", note)
	}
	switch {
	case c.Identity != nil:
		fmt.Fprintf(&b, "- **Identity reply** (Live input ▸ Send SysEx ▸ Identity Request compares): %s — %s\n", c.Identity, mdText(c.Identity.Source))
	case c.IdentityNote != "":
		fmt.Fprintf(&b, "- %s\n", mdText(c.IdentityNote))
	}
	return b.String() + "\n"
}

func row(b *strings.Builder, k, v string) {
	if strings.TrimSpace(v) != "" {
		fmt.Fprintf(b, "- **%s**: %s\n", k, mdText(v))
	}
}

// mdText keeps a text's * and _ (a file name, a property) from turning
// into Markdown emphasis.
func mdText(s string) string { return strings.NewReplacer("*", "\\*", "_", "\\_").Replace(s) }

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
