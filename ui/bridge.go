package ui

import "fyne.io/fyne/v2"

// The bridge between background work and widgets: every change to a widget
// from another goroutine goes through doUI (fyne.Do: queued to the UI
// goroutine). Tests replace it with a queue that the test goroutine drains,
// because Fyne's test driver would run it on the caller's goroutine,
// racing with the test. Nothing waits for the UI goroutine.
var doUI = fyne.Do
