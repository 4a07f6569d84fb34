package app

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/internal/testenv"
)

// Issue 22, shared run files: their text reaches no terminal raw, their
// ID reaches no file outside the runs folder, two files of one ID can be
// deleted, a folder Benchtop did not make keeps its mode, and numbers a
// hand-made file can hold do not break compare --json.
func TestSharedRunFiles(t *testing.T) {
	top := t.TempDir()
	runs := filepath.Join(top, "runs")
	os.Mkdir(runs, 0o755) // a folder of the user's, shared
	env := map[string]string{"BENCHTOP_RUNS": runs}
	if code, _, errs := runCLI(t, env, "sockets", "--arch", "direct-tcp", "-n", "20", "--warmup", "0", "--no-published"); code != 0 {
		t.Fatalf("sockets: %d %s", code, errs)
	}
	if st, _ := os.Stat(runs); st.Mode().Perm() != 0o755 {
		t.Fatalf("saving a run changed the mode of the user's folder to %v", st.Mode().Perm())
	}
	metas, _ := (&results.Store{Dir: runs}).List("")
	real, _ := results.LoadFile(metas[0].Path)

	// a run file someone shared
	esc := "\x1b]0;pwned\x07\x1b[2J"
	h := real.Copy()
	h.ID = "../outside/victim"
	h.Title = "title" + esc + "\nFAKE LINE"
	h.Benchtop = "v" + esc
	h.Machine.CPUModel = "cpu" + esc
	h.Notes = []string{"note" + esc}
	h.Config["target"] = "t" + esc
	h.Groups[0].Name = "direct-tcp"
	h.Groups = append(h.Groups, h.Groups[0])
	h.Groups[1].Name = "g\tx" + esc + "\nFAKE ROW"
	h.Groups[1].Samples = append([]results.Sample(nil), h.Groups[1].Samples...)
	h.Groups[1].Samples[0].Err = "err" + esc
	h.Groups[0].Summary.P99US = 1e308 // hand-made: huge, against a negative baseline below
	writeRun(t, filepath.Join(runs, "shared.json"), h)
	os.Mkdir(filepath.Join(top, "outside"), 0o700)
	victim := filepath.Join(top, "outside", "victim.json")
	os.WriteFile(victim, []byte("not Benchtop's"), 0o600)

	for _, args := range [][]string{{"runs", "list"}, {"runs", "show", ".."}, {"runs", "compare", real.ID, ".."}, {"runs", "show", "../outside/victim.json"}} {
		code, out, errs := runCLI(t, env, args...)
		if code != 0 && args[2] != "../outside/victim.json" {
			t.Errorf("%v: exit %d %s", args, code, errs)
		}
		if strings.ContainsAny(out+errs, "\x1b\x07") {
			t.Errorf("%v: an escape sequence reached the terminal:\n%q", args, out+errs)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "FAKE") {
				t.Errorf("%v: a name started a line of its own: %q", args, line)
			}
		}
	}

	// compare --json: the difference of 1e308 and -1e308 is +Inf: null
	base := real.Copy()
	base.ID = "base-negative"
	base.Groups[0].Summary.P99US = -1e308
	writeRun(t, filepath.Join(runs, "base.json"), base)
	code, out, errs := runCLI(t, env, "runs", "compare", "base-negative", "..", "--json", "-")
	var cmp struct {
		Diffs []struct {
			Group, Metric string
			Delta         *float64
		}
	}
	if err := json.Unmarshal([]byte(out), &cmp); code != 0 || err != nil {
		t.Fatalf("compare --json with an infinite difference: exit %d, %v\n%s", code, err, errs)
	}
	for _, d := range cmp.Diffs {
		if d.Group == "direct-tcp" && d.Metric == "p99 µs" && d.Delta != nil {
			t.Errorf("an infinite delta is %v, want null", *d.Delta)
		}
	}

	// delete by the ID inside the file: nothing outside the folder
	if code, _, errs := runCLI(t, env, "runs", "delete", ".."); code != 0 {
		t.Fatalf("runs delete ..: exit %d %s", code, errs)
	}
	if b, err := os.ReadFile(victim); err != nil || string(b) != "not Benchtop's" {
		t.Fatalf("a file outside the runs folder was touched: %v", err)
	}
	if _, err := os.Stat(filepath.Join(runs, "shared.json")); !os.IsNotExist(err) {
		t.Fatal("the shared run is still there")
	}

	// one run under two names: listed twice, deleted at once
	b, _ := os.ReadFile(metas[0].Path)
	os.WriteFile(filepath.Join(runs, "copy of it.json"), b, 0o600)
	if code, _, errs := runCLI(t, env, "runs", "delete", real.ID[:10]); code != 0 {
		t.Fatalf("runs delete of a run saved twice: exit %d %s", code, errs)
	}
	if left, _ := filepath.Glob(filepath.Join(runs, "*.json")); len(left) != 1 || filepath.Base(left[0]) != "base.json" {
		t.Fatalf("left %v", left)
	}
}

func writeRun(t *testing.T, path string, r *results.Run) {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// devices --watch printed an arriving device's name (its USB product
// string, the device's to choose) raw; and it stops, exit 1, when stdout
// cannot be written instead of watching for nobody.
func TestDevicesWatchCleansNamesAndStopsOnWriteErrors(t *testing.T) {
	root := t.TempDir()
	dev := func(name, product string) {
		d := filepath.Join(root, name)
		os.MkdirAll(d, 0o755)
		for k, v := range map[string]string{"idVendor": "1d6b", "idProduct": "0002", "product": product, "busnum": "1", "devnum": "1", "speed": "480"} {
			os.WriteFile(filepath.Join(d, k), []byte(v+"\n"), 0o644)
		}
	}
	dev("usb1", "Host")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb testenv.SyncBuffer
	done := make(chan int)
	go func() {
		done <- Run(ctx, []string{"devices", "--watch", "--sysfs", root, "--interval", "50ms"}, Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, MIDI: testMIDI})
	}()
	// the first listing printed: the device below is an arrival
	testenv.Eventually(10*time.Second, func() bool { return strings.Contains(out.String(), "Host") })
	dev("1-1", "evil\x1b]0;pwned\x07\x1b[2J")
	testenv.Eventually(10*time.Second, func() bool { return strings.Contains(out.String(), "evil") })
	cancel()
	<-done
	if s := out.String(); !strings.Contains(s, `evil\x1b]0;pwned\x07\x1b[2J`) || strings.ContainsAny(s, "\x1b\x07") {
		t.Fatalf("the arrival is not printed escaped:\n%q", s)
	}

	if runtime.GOOS != "linux" {
		return
	}
	full, _ := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	defer full.Close()
	var errs bytes.Buffer
	ch := make(chan int, 1)
	go func() {
		ch <- Run(context.Background(), []string{"devices", "--watch", "--sysfs", root, "--interval", "50ms"}, Env{Stdout: full, Stderr: &errs, Getenv: func(string) string { return "" }, MIDI: testMIDI})
	}()
	select {
	case code := <-ch:
		if code != 1 || !strings.Contains(errs.String(), "no space left") {
			t.Fatalf("exit %d %q", code, errs.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("devices --watch kept watching with stdout on a full disk")
	}
}

// A device listing someone sent (JSON) cannot add lines of its own to the
// tree: a product string's or a driver's newline is shown as \n.
func TestDeviceStringsStayOnTheirLine(t *testing.T) {
	p := filepath.Join(t.TempDir(), "dev.json")
	os.WriteFile(p, []byte(`{"schema":"benchtop.devices/1","usb":{"source":"x","roots":[{"path":"1-1","product":"AKM\nFAKE 9-9  legit","interfaces":[{"number":0,"class":"01","subclass":"03","driver":"snd\nFAKE"}]}]}}`), 0o600)
	code, out, errs := runCLI(t, nil, "devices", "--from", p)
	if code != 0 || strings.Contains(out, "\nFAKE") || !strings.Contains(out, `AKM\nFAKE 9-9`) || !strings.Contains(out, `[snd\nFAKE]`) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
}
