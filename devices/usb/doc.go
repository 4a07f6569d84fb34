// Package usb enumerates USB devices (Linux sysfs, macOS ioreg) and reads
// saved dumps (ioreg text, lsusb -v and -t, Benchtop's JSON) into one tree:
// controller → hub → device → interface. It never imports Fyne.
package usb
