package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Each tab's name (--tab) parses to the tab that opens with it; an
// unknown name is refused with the list of valid ones.
func TestTabNamesParseToTheirTabs(t *testing.T) {
	a := test.NewTempApp(t)
	titles := map[TabID]string{TabDevices: "Devices", TabLive: "Live input", TabKeepAlive: "Keep-alive", TabSockets: "Sockets"}
	if got := strings.Join(TabNames(), ","); got != "devices,live,keepalive,sockets" {
		t.Fatalf("TabNames() = %s", got)
	}
	for _, name := range TabNames() {
		id, err := ParseTab(name)
		if err != nil {
			t.Fatalf("ParseTab(%q): %v", name, err)
		}
		w := build(a, Options{StartTab: id})
		if got := w.Tabs.Selected().Text; got != titles[id] || w.shownTab() != id {
			t.Errorf("StartTab %q opened %q (shownTab %q), want %q", id, got, w.shownTab(), titles[id])
		}
		w.stopAll()
		w.Win.Close()
	}
	_, err := ParseTab("mixer")
	if err == nil || err.Error() != `unknown tab "mixer" (want one of devices, live, keepalive, sockets)` {
		t.Fatalf("ParseTab(mixer): %v", err)
	}
	if _, err := ParseTab("Live"); err == nil {
		t.Fatal("ParseTab accepted Live: names are exact")
	}
}

// Every builder sets its controller; the experiment tabs' panels are
// found by the kind of run they show, the other tabs have none.
func TestTabsReachTheirControllers(t *testing.T) {
	a := test.NewTempApp(t)
	w := build(a, Options{})
	defer func() { w.stopAll(); w.Win.Close() }()
	if w.tab.devices == nil || w.tab.live == nil || w.tab.keepAlive == nil || w.tab.sockets == nil {
		t.Fatalf("a tab's controller is not set: %+v", w.tab)
	}
	for kind, want := range map[string]TabID{"keepalive": TabKeepAlive, "sockets": TabSockets} {
		id, p := w.panelOfKind(kind)
		if id != want || p == nil || p != w.panel(want) || p.kind != kind {
			t.Errorf("panelOfKind(%q) = %q (a panel: %t); want %q and its panel", kind, id, p != nil, want)
		}
	}
	if id, p := w.panelOfKind("midi-latency"); id != "" || p != nil {
		t.Errorf("panelOfKind(midi-latency) = %q (a panel: %t): no tab shows those runs", id, p != nil)
	}
	for _, id := range []TabID{TabDevices, TabLive} {
		w.selectTab(id)
		if w.shownTab() != id || w.shownPanel() != nil {
			t.Errorf("%s: shown %q (a panel: %t); want it and no panel", id, w.shownTab(), w.shownPanel() != nil)
		}
	}
	w.selectTab(TabSockets)
	if w.shownPanel() != w.tab.sockets.panel {
		t.Error("the Sockets tab shown, but not its panel")
	}
}

// The state file keeps the last tab by name: a name still there opens
// it; one that is not (a tab renamed, a file from an older Benchtop that
// kept an index) opens the first tab and keeps the rest of the state.
func TestSavedTabIsFoundByName(t *testing.T) {
	a := test.NewTempApp(t)
	for _, c := range []struct {
		file string
		want string
	}{
		{`{"tab": "keepalive", "width": 900, "height": 600}`, "Keep-alive"},
		{`{"tab": "mixer", "width": 900, "height": 600}`, "Devices"},
		{`{"last_tab": 3, "width": 900, "height": 600}`, "Devices"},
	} {
		path := filepath.Join(t.TempDir(), "window.json")
		if err := os.WriteFile(path, []byte(c.file), 0o600); err != nil {
			t.Fatal(err)
		}
		w := build(a, Options{StatePath: path})
		if got := w.Tabs.Selected().Text; got != c.want {
			t.Errorf("%s: opened on %q, want %q", c.file, got, c.want)
		}
		if st := loadState(path).get(); st.Width != 900 || st.LastTab != w.shownTab() {
			t.Errorf("%s: state now %+v", c.file, st)
		}
		w.stopAll()
		w.Win.Close()
	}
}
