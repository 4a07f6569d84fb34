package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"benchtop/devices/usb"
)

func (w *window) mainMenu() *fyne.MainMenu {
	themeItem := func(label, choice string) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, nil)
		it.Action = func() {
			w.state.update(func(s *windowState) { s.Theme = choice })
			applyTheme(w.App, choice)
		}
		return it
	}
	view := fyne.NewMenu("View",
		themeItem("System theme", themeSystem),
		themeItem("Light theme", themeLight),
		themeItem("Dark theme", themeDark),
	)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("About Benchtop", func() {
		dialog.ShowInformation("About Benchtop",
			"Benchtop "+w.opts.Version+"\nHardware and latency inspection.\n\n"+
				"USB names: usb.ids ("+usb.USBIDsSource().String()+"), the Linux USB ID Repository, BSD-3-Clause or GPL-2.0-or-later.\n\n"+
				"Every tab is also a headless command: run 'benchtop help'.", w.Win)
	}))
	return fyne.NewMainMenu(w.fileMenu(), w.editMenu(), view, help)
}
