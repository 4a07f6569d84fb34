package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"benchtop/devices/midi"
	"benchtop/devices/usb"
)

// What the Devices tab says about a device: the tree's labels, the filter's
// match, the detail pane's Markdown and a device card.

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
