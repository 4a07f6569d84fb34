package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
)

// TabID names a tab as --tab and the saved window state do.
type TabID string

const (
	TabDevices   TabID = "devices"
	TabLive      TabID = "live"
	TabKeepAlive TabID = "keepalive"
	TabSockets   TabID = "sockets"
)

// tabSpec describes one tab: its id, the title shown, and how to build its
// content (the builder also sets its controller in window.tab).
type tabSpec struct {
	id    TabID
	title string
	build func(*window) fyne.CanvasObject
}

// tabSpecs are the tabs in display order.
func tabSpecs() []tabSpec {
	return []tabSpec{
		{TabDevices, "Devices", buildDevicesTab},
		{TabLive, "Live input", buildLiveTab},
		{TabKeepAlive, "Keep-alive", buildKeepAliveTab},
		{TabSockets, "Sockets", buildSocketsTab},
	}
}

// tabControllers hold each tab's controller, set by its builder, so the
// window (and its tests) reach a tab through its type.
type tabControllers struct {
	devices   *devicesTab
	live      *liveTab
	keepAlive *keepAliveTab
	sockets   *socketsTab
}

// TabNames lists the tabs' names in display order (for usage texts).
func TabNames() []string {
	var names []string
	for _, s := range tabSpecs() {
		names = append(names, string(s.id))
	}
	return names
}

// ParseTab turns a tab's name into its id; an unknown name is an error
// that lists the valid ones.
func ParseTab(name string) (TabID, error) {
	for _, s := range tabSpecs() {
		if string(s.id) == name {
			return s.id, nil
		}
	}
	return "", fmt.Errorf("unknown tab %q (want one of %s)", name, strings.Join(TabNames(), ", "))
}

// tabIndex is the position of the tab id, or -1.
func tabIndex(id TabID) int {
	for i, s := range tabSpecs() {
		if s.id == id {
			return i
		}
	}
	return -1
}

// shownTab is the id of the tab on screen.
func (w *window) shownTab() TabID {
	specs := tabSpecs()
	i := w.Tabs.SelectedIndex()
	if i < 0 || i >= len(specs) {
		return ""
	}
	return specs[i].id
}

// selectTab shows the tab id.
func (w *window) selectTab(id TabID) {
	if i := tabIndex(id); i >= 0 {
		w.Tabs.SelectIndex(i)
	}
}

// panel is the run panel of an experiment tab, nil for the other tabs.
func (w *window) panel(id TabID) *runPanel {
	switch id {
	case TabKeepAlive:
		return w.tab.keepAlive.panel
	case TabSockets:
		return w.tab.sockets.panel
	}
	return nil
}

// panelOfKind is the tab whose run panel shows saved runs of kind, and
// that panel; nil when no tab shows them. Run kinds are the results'
// names, not tab names: the panel says which kind it shows.
func (w *window) panelOfKind(kind string) (TabID, *runPanel) {
	for _, s := range tabSpecs() {
		if p := w.panel(s.id); p != nil && p.kind == kind {
			return s.id, p
		}
	}
	return "", nil
}

// onShown registers f to hear when the tab id is shown or hidden (called
// once at start with the initial state).
func (w *window) onShown(id TabID, f func(shown bool)) {
	w.shownHooks[id] = append(w.shownHooks[id], f)
}

func (w *window) notifyShown() {
	shown := w.shownTab()
	for _, s := range tabSpecs() {
		for _, f := range w.shownHooks[s.id] {
			f(s.id == shown)
		}
	}
}
