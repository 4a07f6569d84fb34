package midi

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"gitlab.com/gomidi/midi/v2/drivers/testdrv"

	"benchtop/internal/testenv"
)

func TestParseSysEx(t *testing.T) {
	m, err := ParseSysEx("F0 7E 7F 06 01 F7\n0xF0,0x41,0x10,0x42,0x12,0x40,0x00,0x7F,0x00,0x41,0xF7")
	if err != nil || len(m) != 2 || !bytes.Equal(m[0], IdentityRequest) || len(m[1]) != 11 {
		t.Fatalf("%v % X", err, m)
	}
	for in, want := range map[string]string{
		"":               "nothing to send",
		"F0 7E 7F 06 01": "has no F7",
		"90 3C 64":       "byte 1 is 90, want F0",
		"F0 7E 90 F7":    "has no F7",
		"F0 7G F7":       "SysEx hex",
		"F0 7E F7 F8 F7": "byte 4 is F8",
	} {
		if _, err := ParseSysEx(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

func TestSendSysExIdentityRequestLoops(t *testing.T) {
	drv := testdrv.New("loop")
	p := NewPipeline(10)
	stop, err := Listen(drv, "loop-in", p)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if err := SendSysEx(drv, "loop-out", [][]byte{IdentityRequest}); err != nil {
		t.Fatal(err)
	}
	var v View
	if !testenv.Eventually(10*time.Second, func() bool { v = p.Snapshot(Filter{}); return len(v.Assembled) == 1 }) {
		t.Fatal("the identity request did not come back")
	}
	if a := v.Assembled[0].Event; a.Kind != "identity request" || !v.Events[0].Folded {
		t.Fatalf("%+v", a)
	}
}
