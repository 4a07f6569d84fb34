package usb

import (
	"fmt"
	"strconv"
	"strings"
)

// Windows names USB devices by instance ids and hardware ids
// ("Standard USB Identifiers" in the Windows driver documentation):
//
//	USB\VID_1ACC&PID_1533\5&2A3B9D1&0&2            a device without a serial number
//	USB\VID_045E&PID_0840\0C33CG9212501N0          a device with one
//	USB\VID_046D&PID_0893&MI_02\8&35E311C5&0&0002  interface 2 of a composite device
//	USB\ROOT_HUB30\4&B73BFCE&0&0                   a root hub
//	USB\VID_045E&PID_0840&REV_0215                 a hardware id (REV is bcdDevice)
//	USB\ROOT_HUB30&VID1022&PID15C1&REV0000         a root hub's (the controller's PCI ids)
//
// and says what a device or interface is in its compatible ids:
//
//	USB\Class_01&SubClass_03&Prot_00               a function (or a one-function device)
//	USB\DevClass_00&SubClass_00&Prot_00            a composite device's own codes
//	USB\COMPAT_VID_045E&DevClass_00&SubClass_00&Prot00   Windows 11 (sic: "Prot00")

// winID is what one instance id says.
type winID struct {
	Enumerator string // "USB"
	Device     string // "VID_1ACC&PID_1533&MI_01", "ROOT_HUB30"
	Instance   string // "5&2A3B9D1&0&2", "0C33CG9212501N0"
	VID, PID   string // 4 lower-case hex digits, or ""
	Rev        string // "0215" (from a hardware id), or ""
	Interface  int    // the MI_nn (or IG_nn) number, -1 for a device
	RootHub    bool   // USB\ROOT_HUB, ROOT_HUB20, ROOT_HUB30, ...
}

// parseWinID reads an instance id or a hardware id. Fields it does not
// find stay empty; it never fails.
func parseWinID(id string) winID {
	w := winID{Interface: -1}
	parts := strings.SplitN(id, `\`, 3)
	w.Enumerator = strings.ToUpper(parts[0])
	if len(parts) > 1 {
		w.Device = parts[1]
	}
	if len(parts) > 2 {
		w.Instance = parts[2]
	}
	for i, f := range strings.Split(w.Device, "&") {
		u := strings.ToUpper(f)
		switch {
		case i == 0 && strings.HasPrefix(u, "ROOT_HUB"):
			w.RootHub = true
		case strings.HasPrefix(u, "VID_"):
			w.VID = hex4(u[4:])
		case strings.HasPrefix(u, "PID_"):
			w.PID = hex4(u[4:])
		case strings.HasPrefix(u, "REV_"):
			w.Rev = revDigits(u[4:])
		case strings.HasPrefix(u, "MI_"), strings.HasPrefix(u, "IG_"):
			// Microsoft formats MI_ as %02x: the interface number in hex
			if n, err := strconv.ParseUint(u[3:], 16, 8); err == nil {
				w.Interface = int(n)
			}
		case w.RootHub && strings.HasPrefix(u, "VID"): // root hubs: "VID1022", no underscore
			w.VID = hex4(u[3:])
		case w.RootHub && strings.HasPrefix(u, "PID"):
			w.PID = hex4(u[3:])
		case w.RootHub && strings.HasPrefix(u, "REV"):
			w.Rev = revDigits(u[3:])
		}
	}
	return w
}

func revDigits(s string) string {
	if len(s) == 4 && isHex(s) {
		return strings.ToLower(s)
	}
	return ""
}

// serialOf is the serial number in an instance id: its last part, unless
// Windows generated that part (generated ones contain '&': "5&2A3B9D1&0&2").
// A serial number that itself contains '&' cannot be told from a generated
// id; Windows also upper-cases what it stores.
func serialOf(w winID) string {
	if w.Interface >= 0 || w.RootHub || w.Instance == "" || strings.Contains(w.Instance, "&") {
		return ""
	}
	return w.Instance
}

// classCodes are the class, subclass and protocol one compatible id gives.
type classCodes struct {
	Class, SubClass, Protocol string
	Device                    bool // from a "DevClass_" id: a composite device's own codes
}

// parseClassID reads one compatible id; ok is false for ids that carry no
// class ("USB\COMPOSITE", "USB\MS_COMP_WINUSB").
func parseClassID(id string) (c classCodes, ok bool) {
	rest, found := strings.CutPrefix(strings.ToUpper(id), `USB\`)
	if !found {
		return c, false
	}
	for _, f := range strings.Split(rest, "&") {
		switch {
		case strings.HasPrefix(f, "COMPAT_VID_"):
		case strings.HasPrefix(f, "DEVCLASS_"):
			c.Class, c.Device = hex2(f[9:]), true
		case strings.HasPrefix(f, "CLASS_"):
			c.Class = hex2(f[6:])
		case strings.HasPrefix(f, "SUBCLASS_"):
			c.SubClass = hex2(f[9:])
		case strings.HasPrefix(f, "PROT_"):
			c.Protocol = hex2(f[5:])
		case strings.HasPrefix(f, "PROT"): // Windows 11's COMPAT_VID ids say "Prot00"
			c.Protocol = hex2(f[4:])
		default:
			return classCodes{}, false
		}
	}
	return c, c.Class != ""
}

// classFromIDs picks the most specific class id among compatible ids: the
// first that gives all three codes, else the first that gives any.
func classFromIDs(ids []string) (classCodes, bool) {
	var best classCodes
	found := false
	for _, id := range ids {
		c, ok := parseClassID(id)
		if !ok {
			continue
		}
		if c.SubClass != "" && c.Protocol != "" {
			return c, true
		}
		if !found {
			best, found = c, true
		}
	}
	return best, found
}

// isComposite reports whether Windows loaded its generic parent
// (usbccgp) for the device: its compatible ids say "USB\COMPOSITE".
func isComposite(ids []string) bool {
	for _, id := range ids {
		if strings.EqualFold(id, `USB\COMPOSITE`) {
			return true
		}
	}
	return false
}

// isHostController reports whether a hardware or compatible id is a PCI
// USB host controller's: PCI base class 0C, subclass 03 (UHCI 00, OHCI 10,
// EHCI 20, xHCI 30), but not 40 (a USB4 host router: no root hub of its own).
func isHostController(ids []string) bool {
	for _, id := range ids {
		u := strings.ToUpper(id)
		if i := strings.Index(u, `\CC_0C03`); i >= 0 && !strings.HasPrefix(u[i+8:], "40") {
			return true
		}
	}
	return false
}

// portOf is the port number in a location ("Port_#0004.Hub_#0009"), or 0.
func portOf(loc string) int {
	rest, ok := strings.CutPrefix(loc, "Port_#")
	if !ok {
		return 0
	}
	digits, _, _ := strings.Cut(rest, ".")
	n, _ := strconv.Atoi(digits)
	return n
}

// problemText names a Device Manager problem code ("Code 28").
func problemText(code uint32) string {
	if name, ok := cmProblems[code]; ok {
		return fmt.Sprintf("code %d (CM_PROB_%s)", code, name)
	}
	return fmt.Sprintf("code %d", code)
}

// cmProblems are the CM_PROB_ codes of cfg.h (Device Manager's "Code N").
var cmProblems = map[uint32]string{
	1: "NOT_CONFIGURED", 2: "DEVLOADER_FAILED", 3: "OUT_OF_MEMORY", 4: "ENTRY_IS_WRONG_TYPE",
	5: "LACKED_ARBITRATOR", 6: "BOOT_CONFIG_CONFLICT", 7: "FAILED_FILTER", 8: "DEVLOADER_NOT_FOUND",
	9: "INVALID_DATA", 10: "FAILED_START", 11: "LIAR", 12: "NORMAL_CONFLICT", 13: "NOT_VERIFIED",
	14: "NEED_RESTART", 15: "REENUMERATION", 16: "PARTIAL_LOG_CONF", 17: "UNKNOWN_RESOURCE",
	18: "REINSTALL", 19: "REGISTRY", 20: "VXDLDR", 21: "WILL_BE_REMOVED", 22: "DISABLED",
	23: "DEVLOADER_NOT_READY", 24: "DEVICE_NOT_THERE", 25: "MOVED", 26: "TOO_EARLY",
	27: "NO_VALID_LOG_CONF", 28: "FAILED_INSTALL", 29: "HARDWARE_DISABLED", 30: "CANT_SHARE_IRQ",
	31: "FAILED_ADD", 32: "DISABLED_SERVICE", 33: "TRANSLATION_FAILED", 34: "NO_SOFTCONFIG",
	35: "BIOS_TABLE", 36: "IRQ_TRANSLATION_FAILED", 37: "FAILED_DRIVER_ENTRY",
	38: "DRIVER_FAILED_PRIOR_UNLOAD", 39: "DRIVER_FAILED_LOAD", 40: "DRIVER_SERVICE_KEY_INVALID",
	41: "LEGACY_SERVICE_NO_DEVICES", 42: "DUPLICATE_DEVICE", 43: "FAILED_POST_START", 44: "HALTED",
	45: "PHANTOM", 46: "SYSTEM_SHUTDOWN", 47: "HELD_FOR_EJECT", 48: "DRIVER_BLOCKED",
	49: "REGISTRY_TOO_LARGE", 50: "SETPROPERTIES_FAILED", 51: "WAITING_ON_DEPENDENCY",
	52: "UNSIGNED_DRIVER", 53: "USED_BY_DEBUGGER", 54: "DEVICE_RESET", 55: "CONSOLE_LOCKED",
	56: "NEED_CLASS_CONFIG", 57: "GUEST_ASSIGNMENT_FAILED",
}
