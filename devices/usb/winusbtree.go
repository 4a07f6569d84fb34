package usb

import (
	"fmt"
	"sort"
	"strings"
)

// WinDevNode is what Windows says of one device node: the properties
// SetupAPI and CfgMgr32 give (ReadSetupAPI gathers them live), or what a
// pnputil listing shows. WinTree turns a list of them into a Tree.
type WinDevNode struct {
	InstanceID     string   // USB\VID_1ACC&PID_1533\5&2A3B9D1&0&2
	Parent         string   // the parent node's instance id (DEVPKEY_Device_Parent, CM_Get_Parent)
	HardwareIDs    []string // SPDRP_HARDWAREID
	CompatibleIDs  []string // SPDRP_COMPATIBLEIDS
	FriendlyName   string   // SPDRP_FRIENDLYNAME ("USB-SERIAL CH340 (COM3)")
	Description    string   // SPDRP_DEVICEDESC: the driver's name for it ("USB Composite Device")
	BusDescription string   // DEVPKEY_Device_BusReportedDeviceDesc: the device's own product string
	Manufacturer   string   // SPDRP_MFG: the driver package's ("(Standard USB Host Controller)", "wch.cn")
	SetupClass     string   // SPDRP_CLASS ("USB", "MEDIA", "HIDClass")
	Service        string   // SPDRP_SERVICE: the function driver ("usbccgp", "usbaudio")
	Location       string   // SPDRP_LOCATION_INFORMATION ("Port_#0004.Hub_#0009")
	Status         uint32   // DN_ flags from CM_Get_DevNode_Status
	Problem        uint32   // its CM_PROB_ code, when Status has DN_HAS_PROBLEM
	StatusErr      string   // why the status could not be read, if it could not
	Unreadable     []string // properties that could not be read ("hardware ids: ...")
}

// dnHasProblem is cfg.h's DN_HAS_PROBLEM.
const dnHasProblem = 0x00000400

// WinTree builds the controller → hub → device → interface tree from
// Windows device nodes:
//   - USB\ROOT_HUB* nodes are the roots; the host controller above each
//     (its parent, a PCI or ACPI node) names it in Controller;
//   - other USB\ nodes are devices, placed under their parent;
//   - USB\VID_v&PID_p&MI_nn nodes (the functions of a composite device)
//     are interfaces of their parent device, not devices;
//   - nodes of other enumerators (HID\, SWD\, USBSTOR\, USB4\) are not USB
//     devices and are left out, except host controllers that report a
//     problem and so have no root hub to show.
//
// A device whose parent is not in the list is kept as a root (as ReadSysfs
// keeps orphans); an interface whose device is missing gets a stand-in
// device that says so. source names the tree's Source ("setupapi").
func WinTree(nodes []WinDevNode, source string) *Tree {
	b := winBuilder{byID: map[string]*Device{}, nodes: map[string]*WinDevNode{}}
	for i := range nodes {
		n := &nodes[i]
		if n.InstanceID == "" {
			continue
		}
		b.nodes[strings.ToUpper(n.InstanceID)] = n
	}
	t := &Tree{Source: source}
	var devs, ifaces []*WinDevNode
	for _, n := range b.sorted() {
		w := parseWinID(n.InstanceID)
		switch {
		case w.Enumerator != "USB":
			continue
		case w.Interface >= 0:
			ifaces = append(ifaces, n)
		default:
			devs = append(devs, n)
			b.byID[strings.ToUpper(n.InstanceID)] = b.device(n, w)
		}
	}
	up := map[*Device]*Device{} // each placed device's parent
	for _, n := range devs {
		d := b.byID[strings.ToUpper(n.InstanceID)]
		if p := b.byID[strings.ToUpper(n.Parent)]; p != nil && !placedAbove(d, p, up) {
			p.Children = append(p.Children, d)
			up[d] = p
			continue
		}
		if c := b.nodes[strings.ToUpper(n.Parent)]; c != nil && parseWinID(c.InstanceID).Enumerator != "USB" {
			b.controllerOf(d, c)
		}
		t.Roots = append(t.Roots, d)
	}
	for _, n := range ifaces {
		b.addInterface(t, n)
	}
	// host controllers without a root hub: only worth showing with a problem
	for _, n := range b.sorted() {
		if parseWinID(n.InstanceID).Enumerator == "USB" || b.usedControllers[n] || !(isHostController(n.HardwareIDs) || isHostController(n.CompatibleIDs)) {
			continue
		}
		if n.Status&dnHasProblem != 0 || n.Problem != 0 || n.StatusErr != "" {
			d := &Device{Path: n.InstanceID, Controller: winName(n), Product: winName(n)}
			b.status(d, n, "")
			t.Roots = append(t.Roots, d)
		}
	}
	t.Walk(func(d *Device, _ int) {
		sort.SliceStable(d.Children, func(i, j int) bool { return lessWinDevice(d.Children[i], d.Children[j]) })
		sort.SliceStable(d.Interfaces, func(i, j int) bool { return d.Interfaces[i].Number < d.Interfaces[j].Number })
	})
	b.nameFromWindows(t)
	annotate(t)
	switch {
	case len(t.Roots) == 0:
		t.Note = "Windows lists no USB devices (no USB host controller, or none with a root hub)"
	case b.problems > 0:
		t.Note = fmt.Sprintf("%d USB device(s) or interface(s) report a problem: see their details", b.problems)
	}
	return t
}

type winBuilder struct {
	nodes           map[string]*WinDevNode // by upper-case instance id
	byID            map[string]*Device
	usedControllers map[*WinDevNode]bool
	problems        int
	windowsNames    map[*Device]string // Windows' name, used when usb.ids knows none
}

// sorted lists the nodes in instance-id order, so that a tree does not
// depend on the order Windows returned them in.
func (b *winBuilder) sorted() []*WinDevNode {
	out := make([]*WinDevNode, 0, len(b.nodes))
	for _, n := range b.nodes {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].InstanceID < out[j].InstanceID })
	return out
}

func (b *winBuilder) device(n *WinDevNode, w winID) *Device {
	d := &Device{Path: n.InstanceID, VendorID: w.VID, ProductID: w.PID, Serial: serialOf(w)}
	hw := hardwareInfo(n.HardwareIDs)
	if d.VendorID == "" && !w.RootHub {
		d.VendorID, d.ProductID = hw.VID, hw.PID
	}
	d.Product = n.BusDescription
	if !strings.HasPrefix(n.Manufacturer, "(") { // "(Standard USB HUBs)" names no one
		d.Manufacturer = n.Manufacturer
	}
	if w.RootHub {
		d.IsHub = true
		d.Product = firstNonEmpty(d.Product, winName(n))
		if hw.VID != "" && hw.PID != "" {
			setProp(d, "controller PCI id", hw.VID+":"+hw.PID)
		}
	} else if hw.Rev != "" {
		setProp(d, "bcdDevice", hw.Rev)
	}
	if c, ok := classFromIDs(n.CompatibleIDs); ok {
		switch {
		case c.Device || isComposite(n.CompatibleIDs):
			d.Class, d.SubClass, d.Protocol = c.Class, c.SubClass, c.Protocol
		case c.Class == "09":
			d.Class, d.SubClass, d.Protocol = c.Class, c.SubClass, c.Protocol
			d.IsHub = true
		default:
			// One function, not composite: Windows gives the device's codes,
			// or its first interface's when the device's class is 00. Either
			// way they describe what the device does: kept as interface 0.
			d.Interfaces = append(d.Interfaces, Interface{Number: 0, Class: c.Class, SubClass: c.SubClass, Protocol: c.Protocol, Driver: n.Service})
		}
	}
	if name := winName(n); name != "" && !w.RootHub {
		setProp(d, "windows name", name)
		if b.windowsNames == nil {
			b.windowsNames = map[*Device]string{}
		}
		b.windowsNames[d] = name
	}
	b.common(d, n)
	return d
}

// common keeps the properties every device shows.
func (b *winBuilder) common(d *Device, n *WinDevNode) {
	if n.Service != "" {
		setProp(d, "driver", n.Service)
		if s := strings.ToLower(n.Service); s == "usbhub" || s == "usbhub3" {
			d.IsHub = true // Windows' hub drivers: a hub, whatever its name
		}
	}
	if n.SetupClass != "" {
		setProp(d, "windows class", n.SetupClass)
	}
	if n.Location != "" {
		setProp(d, "location", n.Location)
	}
	b.status(d, n, "")
}

// status records a problem code in Props (prefix names an interface's) and
// a status that could not be read in Unreadable.
func (b *winBuilder) status(d *Device, n *WinDevNode, prefix string) {
	if n.Status&dnHasProblem != 0 || n.Problem != 0 {
		setProp(d, prefix+"problem", problemText(n.Problem))
		b.problems++
	}
	if n.StatusErr != "" {
		d.Unreadable = append(d.Unreadable, prefix+"status: "+n.StatusErr)
	}
	for _, u := range n.Unreadable {
		d.Unreadable = append(d.Unreadable, prefix+u)
	}
}

// controllerOf names a root's host controller.
func (b *winBuilder) controllerOf(d *Device, c *WinDevNode) {
	if b.usedControllers == nil {
		b.usedControllers = map[*WinDevNode]bool{}
	}
	b.usedControllers[c] = true
	d.Controller = firstNonEmpty(winName(c), c.Service, c.InstanceID)
	setProp(d, "controller", c.InstanceID)
	if c.Service != "" {
		setProp(d, "controller driver", c.Service)
	}
	if c.Status&dnHasProblem != 0 || c.Problem != 0 {
		setProp(d, "controller problem", problemText(c.Problem))
		b.problems++
	}
}

// addInterface puts a composite device's function under its device.
func (b *winBuilder) addInterface(t *Tree, n *WinDevNode) {
	w := parseWinID(n.InstanceID)
	d := b.byID[strings.ToUpper(n.Parent)]
	if d == nil && (n.Parent == "" || b.nodes[strings.ToUpper(n.Parent)] == nil) {
		// parent unknown (Wine's CfgMgr32 gives none): Windows names a
		// function after its device, so the one device of that VID:PID
		d = b.onlyDevice(w.VID, w.PID)
	}
	if d == nil {
		// the device itself is not listed: a stand-in, so the function
		// still shows (and under one device with its siblings)
		key := n.Parent
		if key == "" || parseWinID(key).Interface >= 0 {
			key = "USB\\VID_" + strings.ToUpper(w.VID) + "&PID_" + strings.ToUpper(w.PID)
		}
		if d = b.byID[strings.ToUpper(key)]; d == nil {
			d = &Device{Path: key, VendorID: w.VID, ProductID: w.PID}
			d.Unreadable = append(d.Unreadable, "the device itself is not listed, only its interface(s)")
			b.byID[strings.ToUpper(key)] = d
			t.Roots = append(t.Roots, d)
		}
	}
	i := Interface{Number: w.Interface, Driver: n.Service, Name: firstNonEmpty(n.BusDescription, winName(n))}
	if c, ok := classFromIDs(n.CompatibleIDs); ok {
		i.Class, i.SubClass, i.Protocol = c.Class, c.SubClass, c.Protocol
	} else {
		i.Kind = kindOfSetupClass(n.SetupClass)
	}
	addInterface(d, i, 0)
	b.status(d, n, fmt.Sprintf("interface %02x ", w.Interface))
}

// onlyDevice is the one listed device with this VID:PID, or nil when there
// is none or more than one.
func (b *winBuilder) onlyDevice(vid, pid string) *Device {
	if vid == "" || pid == "" {
		return nil
	}
	var found *Device
	for _, d := range b.byID {
		if d.VendorID == vid && d.ProductID == pid {
			if found != nil && found != d {
				return nil
			}
			found = d
		}
	}
	return found
}

// nameFromWindows gives a device Windows' name for it when neither the
// device (its product string) nor usb.ids names it.
func (b *winBuilder) nameFromWindows(t *Tree) {
	t.Walk(func(d *Device, _ int) {
		if d.Product == "" && (d.VendorID == "" || LookupProduct(d.VendorID, d.ProductID) == "") {
			d.Product = b.windowsNames[d]
		}
	})
}

// placedAbove reports whether a is p or above p among placed devices.
func placedAbove(a, p *Device, up map[*Device]*Device) bool {
	for ; p != nil; p = up[p] {
		if p == a {
			return true
		}
	}
	return false
}

// winName is the name Windows shows for a node.
func winName(n *WinDevNode) string { return firstNonEmpty(n.FriendlyName, n.Description) }

type hwInfo struct{ VID, PID, Rev string }

// hardwareInfo reads VID, PID and revision from the first hardware id that has them.
func hardwareInfo(ids []string) hwInfo {
	var h hwInfo
	for _, id := range ids {
		w := parseWinID(id)
		if h.VID == "" && w.VID != "" && w.PID != "" {
			h.VID, h.PID = w.VID, w.PID
		}
		if h.Rev == "" {
			h.Rev = w.Rev
		}
	}
	return h
}

// kindOfSetupClass is an interface's kind from Windows' setup class, for
// functions whose class codes Windows did not give.
func kindOfSetupClass(c string) string {
	switch strings.ToLower(c) {
	case "hidclass", "keyboard", "mouse":
		return "hid"
	case "media":
		return "audio"
	case "image", "camera":
		return "video"
	case "smartcardreader":
		return "smartcard"
	case "ports", "modem":
		return "comms"
	case "bluetooth":
		return "wireless"
	}
	return ""
}

// lessWinDevice orders siblings by port, then by instance id.
func lessWinDevice(a, b *Device) bool {
	pa, pb := portOf(a.Props["location"]), portOf(b.Props["location"])
	if pa != pb && pa != 0 && pb != 0 {
		return pa < pb
	}
	return a.Path < b.Path
}
