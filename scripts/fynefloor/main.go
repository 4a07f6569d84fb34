// Command fynefloor is the floor of key to pixel for `make bench-gui`: the
// least any Fyne program can do per message. A bare window (same module,
// Fyne and build tags as Benchtop, same size) recolours one of 32
// rectangles per message through fyne.Do, with the Live tab's probe
// (ui/keytopixel) and stream, and prints the same bench line.
//
// Usage: fynefloor RATE,SECONDS (messages a second, seconds)
package main

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	_ "benchtop/ui/heaptune" // as in Benchtop: the same malloc thresholds
	"benchtop/ui/keytopixel"
	_ "benchtop/ui/localefix" // as in Benchtop: before Fyne initialises
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: fynefloor RATE,SECONDS")
		os.Exit(2)
	}
	s, err := keytopixel.ParseStream(os.Args[1])
	if err == nil && s.Direct {
		err = fmt.Errorf("%q: direct is the Live tab's; the floor is always direct", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fynefloor:", err)
		os.Exit(2)
	}
	a := app.NewWithID("dev.benchtop.fynefloor")
	w := a.NewWindow("Fyne floor")
	off, on := color.NRGBA{0xf4, 0xf4, 0xf0, 0xff}, color.NRGBA{0xff, 0x8c, 0x1e, 0xff}
	keys := make([]*canvas.Rectangle, 32)
	grid := container.NewGridWithColumns(len(keys))
	for i := range keys {
		keys[i] = canvas.NewRectangle(off)
		grid.Add(keys[i])
	}
	p := keytopixel.NewProbe()
	w.SetContent(p.Over(grid)) // stamped once the keys are drawn
	w.Resize(fyne.NewSize(1100, 720))
	lit := make([]bool, len(keys)) // UI goroutine
	send := func(i int) {
		at := time.Now()
		fyne.Do(func() {
			k := i % len(keys)
			lit[k] = !lit[k]
			keys[k].FillColor = off
			if lit[k] {
				keys[k].FillColor = on
			}
			keys[k].Refresh()
			p.Expect(at)
		})
	}
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			if err := keytopixel.Bench(context.Background(), s, p, send, os.Stderr); err != nil {
				fmt.Fprintln(os.Stderr, "fynefloor:", err)
			}
			fyne.Do(a.Quit)
		}()
	})
	w.ShowAndRun()
}
