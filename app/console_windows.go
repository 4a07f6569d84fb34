package app

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole gives the command line its output on Windows. The exe is a
// GUI program (no console window flashes up on a double click), so Windows
// gives it no standard streams when it is started from cmd.exe or
// PowerShell: `benchtop devices` would print nothing. If the streams are
// missing and the parent has a console, write to that console. Streams that
// are redirected (a pipe, a file) are kept as they are.
func attachConsole() {
	if h, err := windows.GetStdHandle(windows.STD_OUTPUT_HANDLE); err == nil && h != 0 && h != windows.InvalidHandle {
		return
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	proc := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := proc.Call(attachParentProcess); r == 0 {
		return // started from Explorer: no console to attach to
	}
	if out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		os.Stdout, os.Stderr = out, out
	}
}
