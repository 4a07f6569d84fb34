package app

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue #10's hostile inputs: each gives exit 1 within 2 s and one line
// naming the file and what is wrong (no panic, no trace).
func TestHostileInputsFailCleanly(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.txt")
	f, _ := os.Create(big)
	f.Truncate(65 << 20) // sparse: costs no disk
	f.Close()
	hdr := "MThd\x00\x00\x00\x06\x00\x00\x00\x01\x01\xe0"
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"devices", "--from", write("null.json", []byte(`{"usb":{"roots":[null]}}`))}, "usb.roots[0]: null where a device was expected"},
		{[]string{"devices", "--from", "/dev/zero"}, "/dev/zero: a device, not a regular file"},
		{[]string{"devices", "--from", fifo}, "FIFO"},
		{[]string{"devices", "--from", big}, "over the 64 MiB limit"},
		{[]string{"devices", "--from", dir}, "a directory"},
		{[]string{"devices", "--from", write("garbage.txt", []byte("\x1b[2Jhello\n"))}, `not a device listing`},
		{[]string{"midi", "replay", write("smpte-bad.mid", []byte("MThd\x00\x00\x00\x06\x00\x00\x00\x01\xe9\x28MTrk\x00\x00\x00\x04\x00\x90\x3c\x01"))}, "23 frames per second"},
		{[]string{"midi", "replay", write("tempo0.mid", []byte(hdr+"MTrk\x00\x00\x00\x08\x00\xff\x51\x00\x00\x90\x3c\x01"))}, "tempo event of 0 bytes"},
		{[]string{"midi", "replay", write("sysex.mid", []byte(hdr+"MTrk\x00\x00\x00\x0c\x00\xf0\xff\xff\xff\x7f\x01\x02\x03\x04\x05\x06"))}, "SysEx claims 268435455 bytes"},
		{[]string{"midi", "replay", write("notracks.mid", []byte("MThd\x00\x00\x00\x06\x00\x01\x00\x00\x01\xe0"))}, "no tracks"},
		{[]string{"midi", "replay", write("meta.mid", []byte(hdr+"MTrk\x00\x00\x00\x05\x00\xff\x03\x40a"))}, "meta event 0x03 claims 64 bytes"},
		{[]string{"midi", "replay", fifo}, "FIFO"},
		{[]string{"midi", "decode", fifo}, "FIFO"},
		{[]string{"midi", "decode", "/dev/zero"}, "a device, not a regular file"},
		{[]string{"midi", "decode", dir}, "a directory"},
		{[]string{"midi", "decode", write("garbage.mid", []byte("\x1b[2Jhello\n"))}, "not MIDI"},
		{[]string{"midi", "decode", write("cut.syx", []byte("\xf0\x7e\x7f\x06\x02\x41"))}, "the last SysEx has no F7"},
		{[]string{"midi", "decode", write("log.json", []byte(`{"schema":"benchtop.midi-log/1","events":[{"t_us":null,"hex":"90 3c 40"}]}`))}, "event 1: needs t_us and hex"},
		{[]string{"midi", "decode", write("run.json", []byte(`{"schema":"benchtop.run/1"}`))}, `not MIDI: JSON with schema "benchtop.run/1"`},
		{[]string{"midi", "decode", write("sysex-decode.mid", []byte(hdr+"MTrk\x00\x00\x00\x0c\x00\xf0\xff\xff\xff\x7f\x01\x02\x03\x04\x05\x06"))}, "SysEx claims 268435455 bytes"},
	}
	for _, c := range cases {
		start := time.Now()
		code, out, errs := runCLI(t, nil, c.args...)
		took := time.Since(start)
		lines := strings.Split(strings.TrimRight(errs, "\n"), "\n")
		// the bound is the behaviour (a FIFO or /dev/zero must not block or
		// be read for ever), generous for a loaded machine under -race
		if code != 1 || len(lines) != 1 || !strings.Contains(errs, c.want) || !strings.Contains(errs, c.args[len(c.args)-1]) || took > 10*time.Second {
			t.Errorf("%v: exit %d in %v\nstderr: %q\nstdout: %q\nwant exit 1, one line naming the file and %q", c.args, code, took, errs, out, c.want)
		}
		if strings.ContainsRune(errs+out, 0x1b) {
			t.Errorf("%v: an escape character reached the terminal", c.args)
		}
	}
}

// Control characters in device strings are escaped in text output and
// kept exactly in JSON.
func TestDeviceStringsCannotDriveTheTerminal(t *testing.T) {
	dump := "Bus 001 Device 002: ID 1acc:1533 x\nDevice Descriptor:\n  iProduct                2 evil\x1b]0;pwned\x07 \x1b[2J\n"
	p := filepath.Join(t.TempDir(), "evil.txt")
	os.WriteFile(p, []byte(dump), 0o600)
	code, out, errs := runCLI(t, nil, "devices", "--from", p)
	if code != 0 || strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, 0x07) || !strings.Contains(out, `evil\x1b]0;pwned\x07`) {
		t.Fatalf("exit %d\n%q\n%s", code, out, errs)
	}
	_, out, _ = runCLI(t, nil, "devices", "--from", p, "--json")
	if !strings.Contains(out, `evil\u001b]0;pwned\u0007`) {
		t.Fatalf("JSON must keep the string exactly (escaped by JSON): %s", out)
	}
}
