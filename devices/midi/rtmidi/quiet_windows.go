//go:build windows

package rtmidi

/*
#include <stdio.h>
#include <io.h>
#include <fcntl.h>

// Point the C runtime's stderr (fd 2), where RtMidi's std::cerr writes, at
// NUL; return the saved fd to restore, or -1.
static int quiet_begin(void) {
	fflush(stderr);
	int saved = _dup(2);
	if (saved < 0) return -1;
	int nul = _open("NUL", _O_WRONLY);
	if (nul < 0) { _close(saved); return -1; }
	_dup2(nul, 2);
	_close(nul);
	return saved;
}

static void quiet_end(int saved) {
	if (saved < 0) return;
	fflush(stderr);
	_dup2(saved, 2);
	_close(saved);
}
*/
import "C"

import (
	"sync"

	"gitlab.com/gomidi/midi/v2/drivers"
)

// WinMM's RtMidi warns on stderr each time an in or out object is made
// with no device present, and gomidi makes one per Ins()/Outs() call and
// per Open: at the device scan's 2 Hz that is two lines a second in the
// terminal. Only the C runtime's fd 2 is redirected, for the length of the
// call; Go's own stderr is a separate Windows handle and keeps working.
var quietMu sync.Mutex

func quietly[T any](f func() (T, error)) (T, error) {
	quietMu.Lock()
	defer quietMu.Unlock()
	saved := C.quiet_begin()
	defer C.quiet_end(saved)
	return f()
}

type quietDriver struct{ drivers.Driver }

func wrap(d drivers.Driver) drivers.Driver { return quietDriver{d} }

func (q quietDriver) Ins() ([]drivers.In, error) {
	ins, err := quietly(q.Driver.Ins)
	for i, in := range ins {
		ins[i] = quietIn{in}
	}
	return ins, err
}

func (q quietDriver) Outs() ([]drivers.Out, error) {
	outs, err := quietly(q.Driver.Outs)
	for i, out := range outs {
		outs[i] = quietOut{out}
	}
	return outs, err
}

type quietIn struct{ drivers.In }

func (p quietIn) Open() error {
	_, err := quietly(func() (struct{}, error) { return struct{}{}, p.In.Open() })
	return err
}

type quietOut struct{ drivers.Out }

func (p quietOut) Open() error {
	_, err := quietly(func() (struct{}, error) { return struct{}{}, p.Out.Open() })
	return err
}
