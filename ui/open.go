package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"benchtop/internal/measure/results"
)

// Files the desktop way: File → Open… and Open Recent, and files dropped
// on the window, each opened in the tab that shows it.

// maxRecent is how many files Open Recent remembers.
const maxRecent = 8

// openPath opens a file in the right tab by what it is: a MIDI file in
// Live input (ready to replay), a saved run in its experiment's tab, a USB
// listing (Benchtop JSON, ioreg, lsusb, USBView, USBTreeView, pnputil) in
// Devices. The file is
// remembered in Open Recent.
func (w *window) openPath(path string) error {
	tab, err := w.openIn(path)
	if err != nil {
		return err
	}
	w.selectTab(tab)
	w.rememberRecent(path)
	return nil
}

func (w *window) openIn(path string) (TabID, error) {
	var runErr error // why a .json file is not a saved run
	switch strings.ToLower(filepath.Ext(path)) {
	case ".mid", ".midi", ".smf", ".kar":
		return TabLive, w.tab.live.replay.load(path)
	case ".json":
		// A saved run, else Benchtop's device JSON (below).
		run, err := results.LoadFile(path)
		if err == nil {
			tab, p := w.panelOfKind(run.Kind)
			if p == nil {
				return "", fmt.Errorf("%s: a %q run, which no tab shows", path, run.Kind)
			}
			p.base = nil
			p.show(run, "Opened "+filepath.Base(path)+": run of "+run.Started.Format("2006-01-02 15:04:05")+describeStopped(run))
			return tab, nil
		}
		runErr = err
	}
	if err := w.tab.devices.importFile(path); err != nil {
		if runErr != nil {
			return "", fmt.Errorf("%s is neither a saved run (%v) nor a device listing (%v)", path, runErr, err)
		}
		return "", fmt.Errorf("cannot open %s: not a MIDI file, saved run or USB listing: %w", filepath.Base(path), err)
	}
	return TabDevices, nil
}

func (w *window) rememberRecent(path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	w.state.update(func(s *windowState) {
		recent := []string{path}
		for _, p := range s.Recent {
			if p != path && len(recent) < maxRecent {
				recent = append(recent, p)
			}
		}
		s.Recent = recent
	})
	doUI(func() { w.Win.SetMainMenu(w.mainMenu()) }) // Open Recent lists it
}

// openAndReport opens a file and shows an error in the window.
func (w *window) openAndReport(path string) {
	if err := w.openPath(path); err != nil {
		dialog.ShowError(err, w.Win)
	}
}

// dropped opens the files dropped on the window; the last one's tab is
// shown.
func (w *window) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	var errs []error
	for _, u := range uris {
		if u.Scheme() != "file" {
			errs = append(errs, fmt.Errorf("%s: only local files can be opened", u))
			continue
		}
		paths = append(paths, u.Path())
	}
	w.openAll(paths, errs...)
}

// openAll opens files (dropped, or named at start) in their tabs, the last
// one's shown, and says in one dialog what could not be opened.
func (w *window) openAll(paths []string, errs ...error) {
	for _, p := range paths {
		if err := w.openPath(p); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		dialog.ShowError(err, w.Win)
	}
}

// fileMenu is File: Open…, Open Recent, Quit.
func (w *window) fileMenu() *fyne.Menu {
	open := fyne.NewMenuItem("Open…", func() { openDialog(w.Win, w.openPath) })
	recent := fyne.NewMenuItem("Open Recent", nil)
	var items []*fyne.MenuItem
	for _, p := range w.state.get().Recent {
		p := p
		items = append(items, fyne.NewMenuItem(p, func() { w.openAndReport(p) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem("(none yet)", nil)
		none.Disabled = true
		items = append(items, none)
	} else {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Clear the list", func() {
			w.state.update(func(s *windowState) { s.Recent = nil })
			w.Win.SetMainMenu(w.mainMenu())
		}))
	}
	recent.ChildMenu = fyne.NewMenu("", items...)
	quit := fyne.NewMenuItem("Quit", func() { w.App.Quit() })
	quit.IsQuit = true
	return fyne.NewMenu("File", open, recent, fyne.NewMenuItemSeparator(), quit)
}

// editMenu copies the shown experiment's results table, as TSV (for a
// spreadsheet) or Markdown (for an issue or a post).
func (w *window) editMenu() *fyne.Menu {
	copyAs := func(markdown bool) func() {
		return func() {
			p := w.shownPanel()
			if p == nil || p.current == nil {
				dialog.ShowInformation("Copy results", "Show a Keep-alive or Sockets run first: its results table is what is copied.", w.Win)
				return
			}
			w.App.Clipboard().SetContent(p.tableText(markdown))
		}
	}
	return fyne.NewMenu("Edit",
		fyne.NewMenuItem("Copy results as TSV", copyAs(false)),
		fyne.NewMenuItem("Copy results as Markdown", copyAs(true)))
}

// shownPanel is the run panel of the tab on screen, or nil.
func (w *window) shownPanel() *runPanel {
	return w.panel(w.shownTab())
}
