package ui

import "fyne.io/fyne/v2"

func buildDevicesTab(*Window) fyne.CanvasObject {
	return comingTab("Devices",
		"Every USB and MIDI device attached to this computer, live as it is plugged in.",
		[]string{
			"A controller → hub → device → interface tree with VID:PID, speed, power and class codes.",
			"MIDI input and output ports, linked to their USB device.",
			"The AWS DeepComposer / MIDIPLUS AKM322 keyboard recognised, with its key range and controls.",
			"Import a saved ioreg or lsusb dump from another machine.",
		}, "")
}

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
