package midi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/gomidi/midi/v2/drivers"
	"gitlab.com/gomidi/midi/v2/drivers/testdrv"
)

// namedDriver renames testdrv's ports like ALSA names a USB keyboard's.
type namedDriver struct {
	drivers.Driver
	in, out string
}

type namedIn struct {
	drivers.In
	name string
}

func (n namedIn) String() string { return n.name }

type namedOut struct {
	drivers.Out
	name string
}

func (n namedOut) String() string { return n.name }

func (d namedDriver) Ins() ([]drivers.In, error) {
	ins, err := d.Driver.Ins()
	return []drivers.In{namedIn{ins[0], d.in}}, err
}

func (d namedDriver) Outs() ([]drivers.Out, error) {
	outs, err := d.Driver.Outs()
	return []drivers.Out{namedOut{outs[0], d.out}}, err
}

func procFixture(t *testing.T) string {
	root := t.TempDir()
	err := os.WriteFile(filepath.Join(root, "cards"), []byte(` 0 [PCH            ]: HDA-Intel - HDA Intel PCH
                      HDA Intel PCH at 0xf7f10000 irq 32
 1 [AKM322         ]: USB-Audio - AKM322
                      MIDIPLUS AKM322 at usb-0000:00:14.0-1.2, full speed
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "card1"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "card1", "usbid"), []byte("1acc:1533\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestListLinksPortsToUSB(t *testing.T) {
	drv := namedDriver{testdrv.New("t"), "AKM322:AKM322 MIDI 1 24:0", "AKM322:AKM322 MIDI 1 24:0"}
	p := List(drv, procFixture(t), nil)
	if len(p.Ins) != 1 || len(p.Outs) != 1 || p.Problem != "" {
		t.Fatalf("ports %+v", p)
	}
	in := p.Ins[0]
	if in.BaseName != "AKM322:AKM322 MIDI 1" || in.USBID != "1acc:1533" || in.Known == nil || in.Known.Keys != 32 {
		t.Fatalf("port %+v", in)
	}
}

func TestBaseNameAndFindSurviveReplug(t *testing.T) {
	if got := BaseName("AKM322:AKM322 MIDI 1 24:0"); got != "AKM322:AKM322 MIDI 1" {
		t.Fatalf("BaseName = %q", got)
	}
	// after a replug ALSA gives the client another number
	drv := namedDriver{testdrv.New("t"), "AKM322:AKM322 MIDI 1 28:0", "AKM322:AKM322 MIDI 1 28:0"}
	in, err := FindIn(drv, "AKM322:AKM322 MIDI 1 24:0")
	if err != nil || in.String() != "AKM322:AKM322 MIDI 1 28:0" {
		t.Fatalf("FindIn: %v %v", in, err)
	}
	if _, err := FindIn(drv, "akm322"); err != nil {
		t.Fatalf("substring match: %v", err)
	}
	if _, err := FindOut(drv, "Launchpad"); err == nil || !strings.Contains(err.Error(), "AKM322") {
		t.Fatalf("missing port should list the ports there are: %v", err)
	}
}
