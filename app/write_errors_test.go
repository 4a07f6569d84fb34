package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"benchtop/devices/midi"
	"benchtop/internal/measure/results"
	"benchtop/internal/testenv"
)

// Issue 22: output that cannot be written is an error. Stdout on a full
// disk (Linux's /dev/full fails every write with ENOSPC) exits 1 naming
// it, for every command that prints; so does --json FILE onto /dev/full.
func TestFullDiskIsAnError(t *testing.T) {
	testenv.OnlyWhere(t, runtime.GOOS == "linux", "needs Linux's /dev/full")
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

// --json onto one of the process's descriptors (/dev/stdout is a link to
// /proc/self/fd/1): the JSON goes where stdout goes — after what is
// already in the file stdout was sent to — and the link is not replaced
// (as root, renaming a file over /dev/stdout replaced it). The link here
// is the test's own, so that a regression cannot touch /dev.
func TestJSONOntoStdoutLinkWritesThrough(t *testing.T) {
	testenv.OnlyWhere(t, runtime.GOOS == "linux", "needs Linux's /proc")
	bin := binary(t)
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs")
	env := map[string]string{"BENCHTOP_RUNS": runs}
	if code, _, errs := runCLI(t, env, "sockets", "--arch", "direct-tcp", "-n", "5", "--warmup", "0", "--no-published"); code != 0 {
		t.Fatal(errs)
	}
	link := filepath.Join(dir, "stdout.json")
	os.Symlink("/proc/self/fd/1", link)
	for _, toFile := range []bool{false, true} {
		cmd := exec.Command(bin, "runs", "show", "latest", "--json", link)
		cmd.Env = append(os.Environ(), "BENCHTOP_RUNS="+runs)
		var out bytes.Buffer
		var f *os.File
		if toFile {
			f, _ = os.Create(filepath.Join(dir, "captured.txt"))
			f.WriteString("before\n")
			cmd.Stdout = f
		} else {
			cmd.Stdout = &out // a pipe
		}
		errb, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Start()
		msg, _ := io.ReadAll(errb)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("to a file %v: %v %s", toFile, err, msg)
		}
		got := out.String()
		if toFile {
			f.Close()
			b, _ := os.ReadFile(f.Name())
			got = strings.TrimPrefix(string(b), "before\n")
		}
		if r, err := results.ReadJSON(strings.NewReader(got)); err != nil || r.Kind != "sockets" {
			t.Errorf("to a file %v: stdout is not the run: %v\n%q", toFile, err, got)
		}
		if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("to a file %v: the link was replaced by a file", toFile)
		}
	}
}
