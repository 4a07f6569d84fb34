package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"benchtop/devices/midi"
)

// Issue 22: output that cannot be written is an error. Stdout on a full
// disk (Linux's /dev/full fails every write with ENOSPC) exits 1 naming
// it, for every command that prints; so does --json FILE onto /dev/full.
func TestFullDiskIsAnError(t *testing.T) {
	if runtime.GOOS != "linux" && os.Getenv("CI") == "" {
		t.Skip("needs Linux's /dev/full (under CI=true this runs)")
	}
	withTestDriver(t)
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs")
	env := map[string]string{"BENCHTOP_RUNS": runs}
	if code, _, errs := runCLI(t, env, "sockets", "--arch", "direct-tcp", "-n", "10", "--warmup", "0", "--no-published"); code != 0 {
		t.Fatal(errs)
	}
	song := filepath.Join(dir, "song.mid")
	var b bytes.Buffer
	midi.WriteSMF(&b, []midi.Timed{{At: 0, Raw: []byte{0x90, 60, 100}}, {At: time.Millisecond, Raw: []byte{0x80, 60, 0}}})
	os.WriteFile(song, b.Bytes(), 0o600)
	full := filepath.Join(dir, "full.json")
	os.Symlink("/dev/full", full)

	for _, args := range [][]string{
		{"devices", "--from", "../devices/usb/testdata/ioreg-akm322.txt"},
		{"devices", "--from", "../devices/usb/testdata/ioreg-akm322.txt", "--json"},
		{"midi", "replay", song},
		{"midi", "list"},
		{"runs", "show", "latest"},
		{"runs", "list"},
		{"sockets", "--arch", "direct-tcp", "-n", "10", "--warmup", "0", "--save=false"},
		{"version"},
	} {
		f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		var errb bytes.Buffer
		code := Run(context.Background(), args, Env{Stdout: f, Stderr: &errb, Getenv: func(k string) string { return env[k] }, MIDI: testMIDI})
		f.Close()
		if code != 1 || !strings.Contains(errb.String(), "no space left on device") {
			t.Errorf("%v to a full disk: exit %d, stderr %q", args, code, errb.String())
		}
	}
	// --json FILE where FILE is (a link to) a full device
	code, _, errs := runCLI(t, env, "runs", "show", "latest", "--json", full)
	if code != 1 || !strings.Contains(errs, "no space left on device") {
		t.Errorf("--json onto /dev/full: exit %d %q", code, errs)
	}
	if st, _ := os.Lstat(full); st.Mode()&os.ModeSymlink == 0 {
		t.Error("the link to /dev/full was replaced by a file")
	}
}
