package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// addShortcuts: Ctrl+S exports the chart on screen, Ctrl+Shift+S the run's
// data, on whichever experiment tab is open.
func (w *window) addShortcuts() {
	w.Win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		if p := w.shownPanel(); p != nil {
			p.exportChart()
		}
	})
	w.Win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}, func(fyne.Shortcut) {
		if p := w.shownPanel(); p != nil {
			p.exportData()
		}
	})
}
