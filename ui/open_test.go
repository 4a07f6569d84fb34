package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"gitlab.com/gomidi/midi/v2/drivers/testdrv"

	"benchtop/devices/midi"
	"benchtop/probes/sockets"
)

// Real files dropped on the window open in their tabs: a MIDI file
// (OpenJDK's SMPTE test file), a saved run (made here by a real bench),
// an lsusb -v listing from a public bug report (see
// devices/usb/testdata/real/SOURCES); Open Recent remembers them.
func TestDroppedFilesOpenInTheirTabs(t *testing.T) {
	dir := t.TempDir()
	a := test.NewTempApp(t)
	w := build(a, Options{MIDI: midi.Fixed(testdrv.New("kbd")), StatePath: filepath.Join(dir, "window.json")})
	t.Cleanup(func() { w.stopAll(); w.Win.Close() })

	cfg := sockets.DefaultConfig()
	cfg.Proxy, cfg.Requests, cfg.Warmup, cfg.Archs = "builtin", 30, 0, []string{"direct-unix"}
	run, err := sockets.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	runPath := filepath.Join(dir, "run.json")
	f, _ := os.Create(runPath)
	run.WriteJSON(f)
	f.Close()
	mid, _ := filepath.Abs("../devices/midi/testdata/real/outsmpte.mid")
	listing, _ := filepath.Abs("../devices/usb/testdata/real/lsusb-v-djm850-midi.txt")

	check := func(path string, tab TabID, shown func() bool) {
		t.Helper()
		w.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(path)})
		pumpUI()
		if got := w.shownTab(); got != tab {
			t.Fatalf("%s opened in %q, want %q", filepath.Base(path), got, tab)
		}
		if !shown() {
			t.Fatalf("%s: the %s tab does not show it", filepath.Base(path), tab)
		}
	}
	live := w.tab.live
	check(mid, TabLive, func() bool { return strings.HasPrefix(live.replay.label.Text, "outsmpte.mid: ") })
	check(runPath, TabSockets, func() bool {
		p := w.tab.sockets.panel
		return p.current != nil && p.current.ID == run.ID && strings.Contains(p.statusText(), "run.json")
	})
	dev := w.tab.devices
	check(listing, TabDevices, func() bool {
		dev.mu.Lock()
		imported := dev.imported
		dev.mu.Unlock()
		return imported && strings.Contains(string(dev.json()), "DJM")
	})

	// Open Recent: newest first, kept in the window state
	recent := w.state.get().Recent
	if len(recent) != 3 || recent[0] != listing || recent[2] != mid {
		t.Fatalf("recent files %v", recent)
	}
	menu := w.mainMenu().Items[0]
	if menu.Label != "File" || menu.Items[1].ChildMenu == nil || len(menu.Items[1].ChildMenu.Items) != 5 { // 3 files, separator, Clear
		t.Fatalf("File menu %+v", menu.Items)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "window.json")); !strings.Contains(string(b), "lsusb-v-djm850-midi.txt") {
		t.Error("the recent files are not saved with the window state")
	}

	// the results table, copied as on screen
	w.selectTab(TabSockets)
	tsv := w.tab.sockets.panel.tableText(false)
	md := w.tab.sockets.panel.tableText(true)
	if lines := strings.Split(strings.TrimSpace(tsv), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "direct-unix\t") {
		t.Errorf("TSV:\n%s", tsv)
	}
	if !strings.Contains(md, "\n|---|") || !strings.Contains(md, "| direct-unix |") {
		t.Errorf("Markdown:\n%s", md)
	}
}

// What cannot be opened says so and changes nothing: a FIFO (at once, not
// waiting for a writer), a file of another kind, a remote URI.
func TestOpeningTheWrongThing(t *testing.T) {
	dir := t.TempDir()
	a := test.NewTempApp(t)
	w := build(a, Options{MIDI: midi.Fixed(testdrv.New("kbd"))})
	t.Cleanup(func() { w.stopAll(); w.Win.Close() })
	fifo := filepath.Join(dir, "pipe.json")
	syscall.Mkfifo(fifo, 0o644)
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("shopping list: milk, eggs\n"), 0o644)
	for path, want := range map[string]string{
		fifo:                           "neither a saved run",
		text:                           "cannot open notes.txt",
		filepath.Join(dir, "gone.mid"): "gone.mid",
	} {
		err := w.openPath(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error with %q", filepath.Base(path), err, want)
		}
	}
	if len(w.state.get().Recent) != 0 {
		t.Error("a file that did not open is in Open Recent")
	}
	u, _ := storage.ParseURI("https://example.invalid/run.json")
	w.dropped(fyne.NewPos(0, 0), []fyne.URI{u}) // shows an error dialog; must not open anything
	if len(w.state.get().Recent) != 0 {
		t.Error("a remote URI was opened")
	}
}

// Files named at start ("Open with Benchtop", Options.Open) open as
// dropped ones do: each in its tab, the last one's shown, and one dialog
// names what could not be opened.
func TestFilesOpenedAtStart(t *testing.T) {
	a := test.NewTempApp(t)
	w := build(a, Options{MIDI: midi.Fixed(testdrv.New("kbd")), StartTab: TabDevices})
	t.Cleanup(func() { w.stopAll(); w.Win.Close() })
	w.Win.Show()
	listing, _ := filepath.Abs("../devices/usb/testdata/real/lsusb-v-komplete-kontrol-s61mk2-midi.txt")
	mid, _ := filepath.Abs("../devices/midi/testdata/real/wtc2p02.mid")
	notes := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notes, []byte("shopping list\n"), 0o644)
	w.openAll([]string{listing, notes, mid})
	pumpUI()
	if got := w.shownTab(); got != TabLive {
		t.Fatalf("the last file's tab is not shown: %q", got)
	}
	if live := w.tab.live; !strings.HasPrefix(live.replay.label.Text, "wtc2p02.mid: ") {
		t.Errorf("replay shows %q", live.replay.label.Text)
	}
	if !strings.Contains(string(w.tab.devices.json()), "KOMPLETE KONTROL S61 MK2") {
		t.Error("the listing is not in Devices")
	}
	top := w.Win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog for the file that could not be opened")
	}
	var texts []string
	walk(top, func(o fyne.CanvasObject) {
		if s := textOf(o); s != "" {
			texts = append(texts, s)
		}
	})
	if all := strings.Join(texts, " "); !strings.Contains(all, "notes.txt") || strings.Contains(all, "wtc2p02") {
		t.Errorf("dialog says %q", all)
	}
}
