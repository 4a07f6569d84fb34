// Package ui is Benchtop's window: every Fyne import lives here. It draws
// what devices/ and probes/ measure; it never measures anything itself.
package ui
