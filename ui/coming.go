package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// comingTab is the honest state of a tab whose capability has not landed yet:
// what it will do and what already works from the command line.
func comingTab(heading, what string, bullets []string, cli string) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := widget.NewLabel(what)
	body.Wrapping = fyne.TextWrapWord
	list := widget.NewRichTextFromMarkdown("")
	md := ""
	for _, b := range bullets {
		md += "- " + b + "\n"
	}
	list.ParseMarkdown(md)
	list.Wrapping = fyne.TextWrapWord
	status := widget.NewLabelWithStyle("Coming: this tab is not built yet.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	objs := []fyne.CanvasObject{title, body, list, status}
	if cli != "" {
		objs = append(objs, widget.NewLabel("From the command line today: "+cli))
	}
	return container.NewVScroll(container.NewPadded(container.NewVBox(objs...)))
}
