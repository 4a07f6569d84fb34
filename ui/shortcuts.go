package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// addShortcuts: Ctrl+S exports the chart on screen, Ctrl+Shift+S the run's
// data, on whichever experiment tab is open.
func (w *window) addShortcuts() {
	panel := func() *runPanel {
		specs := tabSpecs()
		i := w.Tabs.SelectedIndex()
		if i < 0 || i >= len(specs) {
			return nil
		}
		return w.panels[specs[i].key]
	}
	w.Win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		if p := panel(); p != nil {
			p.exportChart()
		}
	})
	w.Win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}, func(fyne.Shortcut) {
		if p := panel(); p != nil {
			p.exportData()
		}
	})
}
