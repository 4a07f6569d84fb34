package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestDevicesFromDumps(t *testing.T) {
	code, out, errs := runCLI(t, nil, "devices", "--from", "../devices/usb/testdata/ioreg-akm322.txt")
	if code != 0 || !strings.Contains(out, "AKM322") || !strings.Contains(out, "★ AWS DeepComposer") || !strings.Contains(out, "Audio / MIDI Streaming") {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, nil, "devices", "--from", "../devices/usb/testdata/lsusb-t.txt", "--json", "--midi-only")
	var snap struct {
		Schema string `json:"schema"`
		USB    struct {
			Roots []struct {
				Children []struct {
					Children []struct {
						Path string `json:"path"`
					} `json:"children"`
				} `json:"children"`
			} `json:"roots"`
			Note string `json:"note"`
		} `json:"usb"`
	}
	if err := json.Unmarshal([]byte(out), &snap); err != nil || code != 0 || snap.Schema != "benchtop.devices/1" {
		t.Fatalf("json: %v code %d\n%s", err, code, out)
	}
	// lsusb -t cannot tell MIDI from audio: --midi-only finds none and says so
	if len(snap.USB.Roots) != 0 || snap.USB.Note != "no USB MIDI devices" {
		t.Fatalf("midi-only of lsusb -t: %+v", snap.USB)
	}
	// the JSON reads back
	p := filepath.Join(t.TempDir(), "snap.json")
	_, out, _ = runCLI(t, nil, "devices", "--from", "../devices/usb/testdata/lsusb-v-akm322.txt", "--json")
	os.WriteFile(p, []byte(out), 0o644)
	code, out, _ = runCLI(t, nil, "devices", "--from", p, "--midi-only")
	if code != 0 || !strings.Contains(out, "1acc:1533") {
		t.Fatalf("reread json: %d\n%s", code, out)
	}
}

func TestDevicesBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("+-o Root  <class IORegistryEntry>\n  | {\n  |   oops\n"), 0o644)
	code, _, errs := runCLI(t, nil, "devices", "--from", bad)
	if code != 1 || !strings.Contains(errs, "line 3") || !strings.Contains(errs, bad) {
		t.Fatalf("code %d: %s", code, errs)
	}
	code, _, errs = runCLI(t, nil, "devices", "--from", "/nonexistent.txt")
	if code != 1 || !strings.Contains(errs, "/nonexistent.txt") {
		t.Fatalf("missing file: %d %s", code, errs)
	}
	code, _, errs = runCLI(t, nil, "devices", "--from", bad, "--watch")
	if code != 2 || !strings.Contains(errs, "do not mix") {
		t.Fatalf("watch+from: %d %s", code, errs)
	}
}

func TestDevicesOnThisMachineSaysWhatIsMissing(t *testing.T) {
	code, out, _ := runCLI(t, nil, "devices", "--sysfs", t.TempDir()) // there, and empty: a container
	if code != 0 || !strings.Contains(out, "no USB bus is visible") || !strings.Contains(out, "MIDI (") {
		t.Fatalf("code %d\n%s", code, out)
	}
	// a path typed wrong is an error, not "no USB here" (issue 22)
	typo := filepath.Join(t.TempDir(), "devicez")
	code, out, errs := runCLI(t, nil, "devices", "--sysfs", typo)
	if code != 1 || out != "" || errs != "benchtop: --sysfs "+typo+": no such file or directory\n" {
		t.Fatalf("typo: code %d\n%s\n%s", code, out, errs)
	}
}

// --json takes the same forms as on the experiment commands: bare or "-"
// for stdout, a FILE; a stream (--watch, monitor, replay) only to stdout.
func TestJSONFlagForms(t *testing.T) {
	dump := "../devices/usb/testdata/real/lsusb-v-djm850-midi.txt"
	untimed := regexp.MustCompile(`"taken": "[^"]*"`) // when the listing was read
	run := func(args ...string) (int, string, string) {
		code, out, errs := runCLI(t, nil, args...)
		return code, untimed.ReplaceAllString(out, ""), errs
	}
	_, bare, _ := run("devices", "--from", dump, "--json")
	code, dash, _ := run("devices", "--from", dump, "--json", "-")
	if code != 0 || dash != bare || !strings.Contains(bare, `"schema": "benchtop.devices/1"`) {
		t.Fatalf("--json - differs from --json (code %d)", code)
	}
	p := filepath.Join(t.TempDir(), "devices.json")
	code, out, errs := run("devices", "--from", dump, "--json", p)
	b, _ := os.ReadFile(p)
	b = untimed.ReplaceAll(b, nil)
	if code != 0 || out != "" || string(b) != bare || !strings.Contains(errs, "wrote "+p) {
		t.Fatalf("--json FILE: code %d, stdout %q, file matches: %v", code, out, string(b) == bare)
	}
	for _, args := range [][]string{
		{"devices", "--watch", "--json", p},
		{"midi", "monitor", "--json", p},
		{"midi", "replay", "../devices/midi/testdata/real/outsmpte.mid", "--json", p},
	} {
		if code, _, errs := runCLI(t, nil, args...); code != 2 || !strings.Contains(errs, "streams one object per line") {
			t.Errorf("%v: code %d %s", args, code, errs)
		}
	}
	if code, out, _ := runCLI(t, nil, "midi", "replay", "../devices/midi/testdata/real/outsmpte.mid", "--json", "-"); code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("midi replay --json -: code %d %.80s", code, out)
	}
}

// The seed's Mac dump, `ioreg -w0 -rc AppleUSBHostController` without -l:
// the AKM322 by name only. Its card is found by that name and said so;
// nothing the listing lacks is printed as an empty field.
func TestDevicesFromAListingWithoutIDs(t *testing.T) {
	code, out, errs := runCLI(t, nil, "devices", "--from", "../devices/usb/testdata/ioreg-rc-tree-akm322.txt")
	if code != 0 {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "AKM322 (location 14100000)  AKM322  ★ AWS DeepComposer / MIDIPLUS AKM322, 32 keys (matched by name)") {
		t.Fatalf("no card by name:\n%s", out)
	}
	for _, bad := range []string{"[]", " : ", "class\n", "class \n", "if 0: \n"} {
		if strings.Contains(out, bad) {
			t.Errorf("output shows an empty field %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "    if 0\n") || !strings.Contains(out, "    if 1\n") {
		t.Fatalf("interfaces:\n%s", out)
	}
}
