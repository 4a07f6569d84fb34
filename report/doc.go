// Package report turns saved runs into one file a person can send: a
// self-contained HTML page (inline SVG charts, no script, no request when
// opened, light and dark, printable) or Markdown with the charts beside it.
// It draws the same charts and comparison as the window, from the same code.
// No Fyne.
package report
