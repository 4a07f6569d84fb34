// Command barefyne is the baseline of `make bench-gui`: a bare Fyne window
// with two tabs of labels, built from the same module (same Fyne, same
// build tags) as Benchtop, so the difference in idle CPU, first frame and
// memory is Benchtop's own.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("dev.benchtop.barefyne")
	w := a.NewWindow("Bare Fyne")
	w.SetContent(container.NewAppTabs(
		container.NewTabItem("One", widget.NewLabel("a bare Fyne window")),
		container.NewTabItem("Two", widget.NewLabel("for make bench-gui")),
	))
	w.Resize(fyne.NewSize(1100, 700))
	w.ShowAndRun()
}
