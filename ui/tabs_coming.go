package ui

import "fyne.io/fyne/v2"

func buildLiveTab(*Window) fyne.CanvasObject {
	return comingTab("Live input",
		"See, record and time everything a MIDI keyboard plays.",
		[]string{
			"A piano keyboard that lights up as keys are pressed, coloured by velocity.",
			"A message log with µs timestamps, filters and export to CSV and JSON.",
			"Record to a Standard MIDI File; replay one without hardware.",
			"MIDI round-trip latency through a loopback cable or an echoing device.",
		}, "")
}
