//go:build windows

package usb

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// ReadSetupAPI lists this machine's USB devices as Windows sees them, live:
// the present device nodes of the USB bus (root hubs, hubs, devices and the
// functions of composite devices) and the host controllers above them,
// read through SetupAPI and CfgMgr32 (no cgo). WinTree turns them into the
// same tree ReadSysfs gives on Linux. A property that cannot be read is
// listed on its device, not fatal; only failing to list devices at all is.
func ReadSetupAPI() (*Tree, error) {
	nodes, err := gatherWinNodes()
	if err != nil {
		return nil, err
	}
	return WinTree(nodes, "setupapi"), nil
}

// maxWinNodes bounds one listing (a machine has a few hundred USB nodes).
const maxWinNodes = 10000

var (
	// GUID_DEVCLASS_USB: host controllers, root hubs, hubs, composite devices
	guidDevClassUSB = windows.GUID{Data1: 0x36fc9e60, Data2: 0xc465, Data3: 0x11cf, Data4: [8]byte{0x80, 0x56, 0x44, 0x45, 0x53, 0x54, 0x00, 0x00}}
	// DEVPKEY_Device_Parent (devpkey.h)
	devpkeyParent = windows.DEVPROPKEY{FmtID: windows.DEVPROPGUID{Data1: 0x4340a6c5, Data2: 0x93fa, Data3: 0x4706, Data4: [8]byte{0x97, 0x2c, 0x7b, 0x64, 0x80, 0x08, 0xa5, 0xa7}}, PID: 8}
	// DEVPKEY_Device_BusReportedDeviceDesc: the device's own iProduct string
	devpkeyBusReportedDeviceDesc = windows.DEVPROPKEY{FmtID: windows.DEVPROPGUID{Data1: 0x540b947e, Data2: 0x8b40, Data3: 0x45bc, Data4: [8]byte{0xa8, 0xa2, 0x6a, 0x0b, 0x89, 0x4c, 0xbd, 0xa2}}, PID: 4}

	// x/sys/windows wraps no CfgMgr32 tree walk: CM_Get_Parent is called
	// directly, for systems (and Wine) without DEVPKEY_Device_Parent.
	cfgmgr32          = windows.NewLazySystemDLL("cfgmgr32.dll")
	procCMGetParent   = cfgmgr32.NewProc("CM_Get_Parent")
	procCMGetDeviceID = cfgmgr32.NewProc("CM_Get_Device_IDW")
)

// gatherWinNodes reads every present node of the USB enumerator, then the
// USB setup class (which adds the host controllers, PCI or ACPI nodes).
func gatherWinNodes() ([]WinDevNode, error) {
	seen := map[string]bool{}
	var nodes []WinDevNode
	set, err := windows.SetupDiGetClassDevsEx(nil, "USB", 0, windows.DIGCF_ALLCLASSES|windows.DIGCF_PRESENT, 0, "")
	switch {
	case errors.Is(err, windows.ERROR_INVALID_DATA):
		// no "USB" enumerator registered: no USB device was ever seen
	case err != nil:
		return nil, fmt.Errorf("SetupAPI: listing the USB bus's devices: %w", err)
	default:
		nodes, err = appendWinNodes(nodes, set, seen)
		set.Close()
		if err != nil {
			return nil, err
		}
	}
	set, err = windows.SetupDiGetClassDevsEx(&guidDevClassUSB, "", 0, windows.DIGCF_PRESENT, 0, "")
	if err != nil {
		return nil, fmt.Errorf("SetupAPI: listing the USB setup class (host controllers): %w", err)
	}
	defer set.Close()
	return appendWinNodes(nodes, set, seen)
}

func appendWinNodes(nodes []WinDevNode, set windows.DevInfo, seen map[string]bool) ([]WinDevNode, error) {
	for i := 0; i < maxWinNodes; i++ {
		data, err := set.EnumDeviceInfo(i)
		if errors.Is(err, windows.ERROR_NO_MORE_ITEMS) {
			return nodes, nil
		}
		if err != nil {
			return nil, fmt.Errorf("SetupAPI: device %d of the list: %w", i, err)
		}
		n := readWinNode(set, data)
		if n.InstanceID == "" || seen[n.InstanceID] {
			continue
		}
		seen[n.InstanceID] = true
		nodes = append(nodes, n)
	}
	return nodes, nil
}

// readWinNode reads what WinTree needs of one device node. A property the
// node does not have is simply empty; one that fails is listed in
// Unreadable with the error.
func readWinNode(set windows.DevInfo, data *windows.DevInfoData) WinDevNode {
	var n WinDevNode
	id, err := set.DeviceInstanceID(data)
	if err != nil {
		return n
	}
	n.InstanceID = id
	u := &n.Unreadable
	n.HardwareIDs = regStrings(set, data, windows.SPDRP_HARDWAREID, "hardware ids", u)
	n.CompatibleIDs = regStrings(set, data, windows.SPDRP_COMPATIBLEIDS, "compatible ids", u)
	n.FriendlyName = regString(set, data, windows.SPDRP_FRIENDLYNAME, "friendly name", u)
	n.Description = regString(set, data, windows.SPDRP_DEVICEDESC, "description", u)
	n.Manufacturer = regString(set, data, windows.SPDRP_MFG, "manufacturer", u)
	n.SetupClass = regString(set, data, windows.SPDRP_CLASS, "setup class", u)
	n.Service = regString(set, data, windows.SPDRP_SERVICE, "service", u)
	n.Location = regString(set, data, windows.SPDRP_LOCATION_INFORMATION, "location", u)
	n.BusDescription = devString(set, data, &devpkeyBusReportedDeviceDesc, "bus-reported description", u)
	n.Parent = parentID(set, data, u)
	var status, problem uint32
	if err := windows.CM_Get_DevNode_Status(&status, &problem, data.DevInst, 0); err != nil {
		n.StatusErr = cmErr(err).Error()
	} else {
		n.Status = status
		if status&windows.DN_HAS_PROBLEM != 0 {
			n.Problem = problem
		}
	}
	return n
}

// absent reports whether err only says the node has no such property.
func absent(err error) bool {
	return errors.Is(err, windows.ERROR_INVALID_DATA) || errors.Is(err, windows.ERROR_NOT_FOUND) || errors.Is(err, windows.ERROR_NO_SUCH_DEVINST)
}

func regString(set windows.DevInfo, data *windows.DevInfoData, p windows.SPDRP, name string, u *[]string) string {
	v, err := set.DeviceRegistryProperty(data, p)
	if err != nil {
		if !absent(err) {
			*u = append(*u, name+": "+err.Error())
		}
		return ""
	}
	s, _ := v.(string)
	return s
}

func regStrings(set windows.DevInfo, data *windows.DevInfoData, p windows.SPDRP, name string, u *[]string) []string {
	v, err := set.DeviceRegistryProperty(data, p)
	if err != nil {
		if !absent(err) {
			*u = append(*u, name+": "+err.Error())
		}
		return nil
	}
	switch v := v.(type) {
	case []string:
		return v
	case string: // a REG_SZ where a list was expected: one id
		if v != "" {
			return []string{v}
		}
	}
	return nil
}

func devString(set windows.DevInfo, data *windows.DevInfoData, key *windows.DEVPROPKEY, name string, u *[]string) string {
	v, err := windows.SetupDiGetDeviceProperty(set, data, key)
	if err != nil {
		if !absent(err) {
			*u = append(*u, name+": "+err.Error())
		}
		return ""
	}
	s, _ := v.(string)
	return s
}

// parentID is the parent node's instance id: DEVPKEY_Device_Parent, else
// CM_Get_Parent and CM_Get_Device_ID.
func parentID(set windows.DevInfo, data *windows.DevInfoData, u *[]string) string {
	v, err := windows.SetupDiGetDeviceProperty(set, data, &devpkeyParent)
	if s, ok := v.(string); err == nil && ok && s != "" {
		return s
	}
	p, err2 := cmParentID(data.DevInst)
	if err2 == nil {
		return p
	}
	if err == nil {
		err = errors.New("empty")
	}
	*u = append(*u, fmt.Sprintf("parent: DEVPKEY_Device_Parent: %v; CM_Get_Parent: %v", err, err2))
	return ""
}

// maxDeviceIDLen is cfgmgr32.h's MAX_DEVICE_ID_LEN.
const maxDeviceIDLen = 200

func cmParentID(inst windows.DEVINST) (string, error) {
	if err := procCMGetParent.Find(); err != nil {
		return "", err
	}
	if err := procCMGetDeviceID.Find(); err != nil {
		return "", err
	}
	var parent windows.DEVINST
	if r, _, _ := procCMGetParent.Call(uintptr(unsafe.Pointer(&parent)), uintptr(inst), 0); r != uintptr(windows.CR_SUCCESS) {
		return "", cmError(r)
	}
	buf := make([]uint16, maxDeviceIDLen+1)
	if r, _, _ := procCMGetDeviceID.Call(uintptr(parent), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0); r != uintptr(windows.CR_SUCCESS) {
		return "", cmError(r)
	}
	return windows.UTF16ToString(buf), nil
}

// cmError is a CfgMgr32 return code. x/sys's CONFIGRET says the same, but
// its Error and Unwrap call CM_MapCrToWin32Err, which Windows 7 and Wine 8
// lack (the call panics there): never format or unwrap a CONFIGRET.
type cmError uint32

func (e cmError) Error() string {
	if name, ok := crNames[uint32(e)]; ok {
		return fmt.Sprintf("CfgMgr32 error 0x%02x (CR_%s)", uint32(e), name)
	}
	return fmt.Sprintf("CfgMgr32 error 0x%02x", uint32(e))
}

// cmErr turns x/sys's CONFIGRET errors into cmError.
func cmErr(err error) error {
	if r, ok := err.(windows.CONFIGRET); ok {
		return cmError(r)
	}
	return err
}

// crNames are the CR_ codes a read of present devices can meet (cfgmgr32.h).
var crNames = map[uint32]string{
	0x01: "DEFAULT", 0x02: "OUT_OF_MEMORY", 0x03: "INVALID_POINTER", 0x04: "INVALID_FLAG",
	0x05: "INVALID_DEVNODE", 0x0D: "NO_SUCH_DEVNODE", 0x13: "FAILURE", 0x1A: "BUFFER_SMALL",
	0x1E: "INVALID_DEVICE_ID", 0x24: "DEVICE_NOT_THERE", 0x25: "NO_SUCH_VALUE", 0x33: "ACCESS_DENIED",
	0x34: "CALL_NOT_IMPLEMENTED",
}
