// Package rtmidi opens the hardware MIDI driver: RtMidi (C++, through cgo)
// over ALSA on Linux, CoreMIDI on macOS and WinMM on Windows. It is the one
// package that needs a C++ toolchain for the target; devices/midi and
// everything else stay pure Go, so they build and are vetted for every OS
// with CGO_ENABLED=0.
package rtmidi

import (
	"fmt"
	"os"
	"runtime"

	"gitlab.com/gomidi/midi/v2/drivers"
	"gitlab.com/gomidi/midi/v2/drivers/rtmididrv"

	"benchtop/devices/midi"
)

// SeqDevice is the ALSA sequencer device RtMidi needs on Linux.
var SeqDevice = "/dev/snd/seq"

// Open returns the hardware driver. On Linux it checks for the ALSA
// sequencer first, because without it RtMidi prints to stderr and lists
// nothing; the error says what is missing. On Windows RtMidi's own
// warnings (WinMM's "no MIDI input devices currently available" on every
// enumeration) are kept off the terminal: an empty list says the same.
func Open() (drivers.Driver, error) {
	if runtime.GOOS == "linux" {
		if _, err := os.Stat(SeqDevice); err != nil {
			return nil, fmt.Errorf("%w: the ALSA sequencer %s does not exist (no sound card, or a container without /dev/snd; try: sudo modprobe snd-seq)", midi.ErrNoBackend, SeqDevice)
		}
	}
	d, err := rtmididrv.New()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", midi.ErrNoBackend, err)
	}
	return wrap(d), nil
}
