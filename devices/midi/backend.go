package midi

import (
	"sync"
	"time"

	"gitlab.com/gomidi/midi/v2/drivers"
)

// Backend is the MIDI driver, opened once for the whole program and shared
// by everything that lists or opens ports (the device scan, the Live tab,
// the CLI). RtMidi re-enumerates ports on every Ins()/Outs(), so one driver
// is enough. While the backend is missing (no ALSA sequencer yet), Driver
// says why and tries again at most once a second, so a sequencer loaded
// later (modprobe snd-seq) is found without a restart.
type Backend struct {
	open func() (drivers.Driver, error)

	mu    sync.Mutex
	drv   drivers.Driver
	err   error
	tried time.Time
}

// NewBackend makes a backend that opens its driver with open (rtmidi.Open
// for the real one, a testdrv in tests).
func NewBackend(open func() (drivers.Driver, error)) *Backend { return &Backend{open: open} }

// Fixed is a backend over a driver already open (tests: testdrv).
func Fixed(drv drivers.Driver) *Backend {
	return &Backend{drv: drv, open: func() (drivers.Driver, error) { return drv, nil }}
}

// Driver returns the driver, or why there is none. Safe for concurrent use.
func (b *Backend) Driver() (drivers.Driver, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drv != nil {
		return b.drv, nil
	}
	if !b.tried.IsZero() && time.Since(b.tried) < time.Second {
		return nil, b.err
	}
	b.tried = time.Now()
	b.drv, b.err = b.open()
	return b.drv, b.err
}

// Close closes the driver if it was opened.
func (b *Backend) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drv != nil {
		b.drv.Close()
		b.drv = nil
	}
}
