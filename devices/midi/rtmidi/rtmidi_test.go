package rtmidi

import (
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"benchtop/devices/midi"
	"benchtop/internal/testenv"
)

func TestNoSequencerIsSaidNotCrashed(t *testing.T) {
	testenv.OnlyWhere(t, runtime.GOOS == "linux", "the ALSA sequencer check is Linux's")
	old := SeqDevice
	SeqDevice = filepath.Join(t.TempDir(), "no-seq")
	defer func() { SeqDevice = old }()
	drv, err := Open()
	if drv != nil || !errors.Is(err, midi.ErrNoBackend) || !strings.Contains(err.Error(), SeqDevice) {
		t.Fatalf("drv %v err %v", drv, err)
	}
	p := midi.List(nil, "", err)
	if p.Backend != "none" || !strings.Contains(p.Problem, "ALSA sequencer") || p.Ins == nil {
		t.Fatalf("ports %+v", p)
	}
}
