package app

import (
	"benchtop/devices/midi"
	"benchtop/internal/version"
	"bytes"
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
)

// runCLI runs Benchtop with args and an environment without a display.
// testMIDI is the MIDI backend runCLI passes (nil: the system's).
var testMIDI *midi.Backend

func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }, MIDI: testMIDI})
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "benchtop "+version.Get().String()+"\nusb.ids: ") || !strings.Contains(out, ", version 20") {
		t.Fatalf("version: code %d, out %q", code, out)
	}
	if code, _, _ := runCLI(t, nil, "--version"); code != 0 {
		t.Fatalf("--version: code %d", code)
	}
	if code, _, errs := runCLI(t, nil, "version", "extra"); code != 2 || !strings.Contains(errs, "no arguments") {
		t.Fatalf("version extra: code %d, %q", code, errs)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := runCLI(t, nil, "help")
	if code != 0 {
		t.Fatalf("help: code %d", code)
	}
	for name := range commands {
		if !strings.Contains(out, "\n  "+name+" ") {
			t.Errorf("help does not list %q:\n%s", name, out)
		}
	}
	if code, out2, _ := runCLI(t, nil, "--help"); code != 0 || out2 != out {
		t.Fatalf("--help differs from help (code %d)", code)
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	code, _, errs := runCLI(t, nil, "frobnicate")
	if code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) || !strings.Contains(errs, "Commands:") {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	code, _, errs = runCLI(t, nil, "help", "frobnicate")
	if code != 2 || !strings.Contains(errs, "frobnicate") {
		t.Fatalf("help frobnicate: code %d, stderr %q", code, errs)
	}
}

func TestUnknownWindowFlagIsUsageError(t *testing.T) {
	code, _, errs := runCLI(t, nil, "--nope")
	if code != 2 || !strings.Contains(errs, "-nope") {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	code, _, errs = runCLI(t, map[string]string{"DISPLAY": ":0"}, "--tab", "mixer")
	if code != 2 || !strings.Contains(errs, `--tab: unknown tab "mixer" (want one of devices, live, keepalive, sockets)`) {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	// the key-to-pixel bench's stream, refused before any window
	code, _, errs = runCLI(t, map[string]string{"DISPLAY": ":0", "BENCHTOP_BENCH_MIDI": "23/s"}, "--tab", "live")
	if code != 2 || !strings.Contains(errs, `BENCHTOP_BENCH_MIDI="23/s": want RATE,SECONDS`) {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
}

// Files to open in the window ("Open with Benchtop"): checked before the
// window, by their own error; an existing one goes on to the window (here:
// no display). A word that is neither a command nor a file is a usage error.
func TestFilesToOpenAreCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	mid := dir + "/song.mid"
	os.WriteFile(mid, []byte("MThd"), 0o644)
	fifo := dir + "/pipe.mid"
	syscall.Mkfifo(fifo, 0o644)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{dir + "/gone.mid"}, 1, "gone.mid: no such file or directory"},
		{[]string{"gone.mid"}, 1, "gone.mid: no such file or directory"},
		{[]string{fifo}, 1, "pipe.mid: a FIFO (named pipe), not a regular file"},
		{[]string{"--tab", "live", dir}, 1, "a directory, not a file"},
		{[]string{mid, dir + "/gone.json"}, 1, "gone.json: no such file"},
		{[]string{mid}, 1, "no display"},
		{[]string{"--tab", "devices", mid}, 1, "no display"},
		{[]string{"songs"}, 2, `unknown command "songs" (nor a file to open)`},
	}
	for _, c := range cases {
		code, out, errs := runCLI(t, map[string]string{}, c.args...)
		if code != c.code || out != "" || !strings.Contains(errs, c.want) {
			t.Errorf("%v: code %d, stderr %q; want %d, %q", c.args, code, errs, c.code, c.want)
		}
	}
}

func TestNoDisplayExplainsInsteadOfCrashing(t *testing.T) {
	code, out, errs := runCLI(t, map[string]string{})
	if code != 1 {
		t.Fatalf("code %d, want 1", code)
	}
	if out != "" || !strings.Contains(errs, "no display") || !strings.Contains(errs, "benchtop help") {
		t.Fatalf("stdout %q, stderr %q", out, errs)
	}
}

func TestHasDisplay(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		goos string
		env  map[string]string
		want bool
	}{
		{"linux", map[string]string{}, false},
		{"linux", map[string]string{"DISPLAY": ":1"}, true},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
		{"freebsd", map[string]string{}, false},
		{"darwin", map[string]string{}, true},
		{"windows", map[string]string{}, true},
	}
	for _, c := range cases {
		if got := hasDisplay(c.goos, env(c.env)); got != c.want {
			t.Errorf("hasDisplay(%s, %v) = %v", c.goos, c.env, got)
		}
	}
}

func TestParseFlagsAcceptsFlagsAfterArguments(t *testing.T) {
	var errb bytes.Buffer
	fs := newFlags(Env{Stderr: &errb}, "x", "")
	j := fs.Bool("json", false, "")
	if err := parseFlags(fs, []string{"file.mid", "--json"}, 1); err != nil {
		t.Fatal(err)
	}
	if !*j || fs.NArg() != 1 || fs.Arg(0) != "file.mid" {
		t.Fatalf("json=%v args=%v", *j, fs.Args())
	}
	fs2 := newFlags(Env{Stderr: &errb}, "x", "")
	if err := parseFlags(fs2, []string{"a", "b"}, 1); err == nil || !strings.Contains(err.Error(), `"b"`) {
		t.Fatalf("want an error naming the extra argument, got %v", err)
	}
}
