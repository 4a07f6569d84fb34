package app

import (
	"encoding/json"
	"os"
	"path/filepath"
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
	code, out, _ := runCLI(t, nil, "devices", "--sysfs", filepath.Join(t.TempDir(), "nothing"))
	if code != 0 || !strings.Contains(out, "no USB bus is visible") || !strings.Contains(out, "MIDI (") {
		t.Fatalf("code %d\n%s", code, out)
	}
}
