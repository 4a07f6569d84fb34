// Command benchtop is a desktop app (and a scriptable CLI) for hardware and
// latency inspection. Everything lives in package app; this file only calls it.
package main

import (
	"benchtop/app"
	_ "benchtop/ui/heaptune"  // malloc thresholds before the GL driver allocates: see the package doc
	_ "benchtop/ui/localefix" // before Fyne initialises: see the package doc
)

func main() { app.Main() }
