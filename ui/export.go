package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"benchtop/internal/files"
	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/report"
)

// exportSizes are the sizes a chart export offers (pixels; vector formats
// use them as 96-dpi points), independent of the window.
var exportSizes = []struct {
	label string
	w, h  int
}{{"800×400", 800, 400}, {"1200×600", 1200, 600}, {"1600×900", 1600, 900}, {"1920×1080", 1920, 1080}, {"3840×2160", 3840, 2160}}

// exportChart writes the chart a view shows to path (format by extension),
// at w×h in the app's current theme. It is what the save dialog calls.
func exportChart(v *chartView, path string, w, h int) error {
	c := v.Chart()
	if c == nil {
		return errors.New("nothing to export yet: run an experiment or open a saved run first")
	}
	return chart.Save(path, c, chart.Options{Width: w, Height: h, Theme: v.theme()})
}

// exportRun writes a run as JSON or CSV by path's extension.
func exportRun(r *results.Run, path string) error {
	if r == nil {
		return errors.New("nothing to export yet: run an experiment or open a saved run first")
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return files.WriteAtomic(path, r.WriteJSON)
	case ".csv":
		return files.WriteAtomic(path, r.WriteCSV)
	}
	return fmt.Errorf("cannot tell the data format of %q: name the file .csv or .json", path)
}

// exportReport writes the report of the run shown (after the baseline when
// one is overlaid): self-contained HTML, or Markdown with SVG charts beside it.
func exportReport(base, cur *results.Run, path string) error {
	if cur == nil {
		return errors.New("nothing to report yet: run an experiment or open a saved run first")
	}
	runs := []*results.Run{cur}
	if base != nil && base != cur {
		runs = []*results.Run{base, cur}
	}
	_, err := report.WriteFile(path, "", runs, report.Options{})
	return err
}

// saveDialog asks for a file name and calls write with the chosen path. The
// dialog's own writer is closed at once: write replaces the file atomically,
// and an error is shown, never swallowed.
func saveDialog(win fyne.Window, suggested string, exts []string, write func(path string) error) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, win)
			return
		}
		if wc == nil {
			return // cancelled
		}
		path := wc.URI().Path()
		wc.Close()
		if err := write(path); err != nil {
			dialog.ShowError(err, win)
			return
		}
		dialog.ShowInformation("Exported", "Saved "+path, win)
	}, win)
	d.SetFileName(suggested)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Show()
}

// openDialog asks for a file to open and calls open with its path; an
// error is shown.
func openDialog(win fyne.Window, open func(path string) error) {
	dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, win)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		if err := open(path); err != nil {
			dialog.ShowError(err, win)
		}
	}, win).Show()
}
