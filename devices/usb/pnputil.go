package usb

import (
	"fmt"
	"regexp"
	"strings"
)

// "Instance ID:                USB\VID_0A5C&PID_5833&MI_01\6&1ff64837&0&0001"
var rePnpField = regexp.MustCompile(`^([A-Za-z][A-Za-z ]*?):\s*(.*)$`)

// pnpRecord is one "Instance ID:" block: its fields, lists (Hardware IDs,
// Compatible IDs, Children…) as one value per line.
type pnpRecord struct {
	fields map[string][]string
	props  map[string]string // /properties: DEVPKEY name → first value
}

func (p *pnpRecord) get(k string) string {
	if v := p.fields[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// parsePnputil reads `pnputil /enum-devices` output, with or without
// /connected, /problem, /class, /deviceids (or the older /ids), /relations
// and /properties. Every USB device instance (USB\VID_xxxx&PID_yyyy\…) is a
// device; an interface instance (…&MI_xx\…) is an interface of its device —
// the one /relations names as its parent, else the one device with its
// VID:PID, else a device made for it; Compatible IDs give the class codes.
// Host controllers, root hubs and the devices of other buses are counted in
// the note, not shown. Windows' own names for a device ("Device
// Description", "Manufacturer Name") are its driver's, not the device's
// strings: they are kept as properties.
func parsePnputil(lines []string, first int) (*Tree, error) {
	var recs []*pnpRecord
	var cur *pnpRecord
	var key, prop string
	for _, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if line[0] == ' ' {
			if cur == nil || key == "" {
				continue
			}
			v := strings.TrimSpace(line)
			if key == "Properties" {
				if strings.HasSuffix(v, ":") {
					prop = strings.TrimSpace(strings.TrimSuffix(v, ":"))
					if i := strings.IndexByte(prop, ' '); i > 0 { // "DEVPKEY_x [String]"
						prop = prop[:i]
					}
				} else if _, seen := cur.props[prop]; prop != "" && !seen {
					cur.props[prop] = v
				}
				continue
			}
			cur.fields[key] = append(cur.fields[key], v)
			continue
		}
		m := rePnpField.FindStringSubmatch(line)
		if m == nil {
			key = "" // "Microsoft PnP Utility", "No devices were found on the system."
			continue
		}
		key, prop = m[1], ""
		if key == "Instance ID" {
			cur = &pnpRecord{fields: map[string][]string{}, props: map[string]string{}}
			recs = append(recs, cur)
		}
		if cur != nil && m[2] != "" {
			cur.fields[key] = append(cur.fields[key], strings.TrimSpace(m[2]))
		}
	}
	if len(recs) == 0 && !strings.Contains(strings.Join(lines, "\n"), "PnP Utility") {
		return nil, fmt.Errorf("pnputil line %d: no \"Instance ID:\" entry", first)
	}
	return buildPnputil(recs), nil
}

// buildPnputil makes the tree: devices first, then their interfaces.
func buildPnputil(recs []*pnpRecord) *Tree {
	t := &Tree{Source: "pnputil"}
	byID := map[string]*Device{} // upper-case instance ID → device
	byVIDPID := map[string][]*Device{}
	parentOf := map[*Device]string{}
	var devs []*Device
	other, disconnected, ambiguous := 0, 0, 0
	var ifaces []*pnpRecord
	for _, r := range recs {
		id, ok := usbID(r.get("Instance ID"))
		switch {
		case !ok:
			other++
			continue
		case id.Interface >= 0:
			ifaces = append(ifaces, r)
			continue
		}
		d := pnpDevice(r, id)
		if r.get("Status") == "Disconnected" {
			disconnected++
		}
		devs = append(devs, d)
		byID[strings.ToUpper(d.Path)] = d
		byVIDPID[d.ID()] = append(byVIDPID[d.ID()], d)
		if p := r.get("Parent"); p != "" {
			parentOf[d] = strings.ToUpper(p)
		}
	}
	for _, r := range ifaces {
		id, _ := usbID(r.get("Instance ID"))
		d := byID[strings.ToUpper(r.get("Parent"))]
		if cands := byVIDPID[id.VID+":"+id.PID]; d == nil && len(cands) > 0 {
			d = cands[0]
			if len(cands) > 1 {
				ambiguous++
			}
		}
		if d == nil { // only the interface is listed (/problem, /class)
			d = &Device{Path: fmt.Sprintf(`USB\VID_%s&PID_%s`, strings.ToUpper(id.VID), strings.ToUpper(id.PID)), VendorID: id.VID, ProductID: id.PID}
			devs = append(devs, d)
			byVIDPID[d.ID()] = []*Device{d}
		}
		i := Interface{Number: id.Interface, Name: r.get("Device Description"), Driver: r.get("Driver Name")}
		for _, c := range r.fields["Compatible IDs"] {
			if cc, ok := parseClassID(c); ok && !cc.Device {
				i.Class, i.SubClass, i.Protocol = cc.Class, cc.SubClass, cc.Protocol
				break
			}
		}
		addInterface(d, i, 0)
	}
	t.Roots = nestByParent(devs, byID, parentOf)
	var notes []string
	if len(devs) == 0 {
		notes = append(notes, "pnputil listed no USB device")
	}
	if other > 0 {
		notes = append(notes, fmt.Sprintf("%d entries that are not USB devices (host controllers, root hubs, other buses) not shown", other))
	}
	if disconnected > 0 {
		notes = append(notes, fmt.Sprintf("%d device(s) Windows remembers but were not plugged in (Status: Disconnected; /connected lists only those that are)", disconnected))
	}
	if ambiguous > 0 {
		notes = append(notes, fmt.Sprintf("%d interface(s) given to the first of several devices with the same VID:PID (/relations tells which)", ambiguous))
	}
	t.Note = strings.Join(notes, "; ")
	return t
}

// pnpDevice is a device instance's record as a Device.
func pnpDevice(r *pnpRecord, id winID) *Device {
	d := &Device{Path: r.get("Instance ID"), VendorID: id.VID, ProductID: id.PID, Serial: serialOf(id)}
	d.Product = r.props["DEVPKEY_Device_BusReportedDeviceDesc"] // the device's own iProduct
	for _, k := range []string{"Device Description", "Manufacturer Name", "Class Name", "Status", "Problem Code", "Problem Status", "Driver Name"} {
		keepProp(d, k, r.get(k))
	}
	for k, v := range r.props {
		if k != "DEVPKEY_Device_BusReportedDeviceDesc" {
			keepProp(d, k, v)
		}
	}
	for _, h := range r.fields["Hardware IDs"] {
		if hid, ok := usbID(h); ok && hid.Rev != "" {
			keepProp(d, "bcdDevice", bcd(hid.Rev))
			break
		}
	}
	if strings.HasPrefix(strings.ToLower(r.get("Driver Name")), "usbhub") {
		d.IsHub = true
	}
	for _, c := range r.fields["Compatible IDs"] {
		cc, ok := parseClassID(c)
		switch {
		case !ok:
			continue
		case cc.Device: // a composite device's own codes
			d.Class, d.SubClass, d.Protocol = cc.Class, cc.SubClass, cc.Protocol
		default:
			// A single-function device: Windows takes these from its one
			// interface (or from the device when it names a class itself).
			addInterface(d, Interface{Number: 0, Class: cc.Class, SubClass: cc.SubClass, Protocol: cc.Protocol, Driver: r.get("Driver Name")}, 0)
		}
		break
	}
	return d
}

// nestByParent hangs devices under the device /relations names as their
// parent (a hub), when that parent is listed and the chain is shallower than
// maxDepth and has no loop.
func nestByParent(devs []*Device, byID map[string]*Device, parentOf map[*Device]string) []*Device {
	var roots []*Device
	for _, d := range devs {
		p := byID[parentOf[d]]
		depth, seen := 0, map[*Device]bool{d: true}
		for q := p; q != nil && depth <= maxDepth; q = byID[parentOf[q]] {
			if seen[q] {
				depth = maxDepth + 1 // a loop
				break
			}
			seen[q] = true
			depth++
		}
		if p == nil || depth > maxDepth {
			roots = append(roots, d)
			continue
		}
		p.Children = append(p.Children, d)
	}
	return roots
}
