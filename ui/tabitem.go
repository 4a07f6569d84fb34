package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// newTabItem is a tab whose content, while hidden, reports the min size it
// had when last shown instead of computing it again. Fyne's AppTabs asks
// every tab's content for its min size on every frame (so the window keeps
// room for the largest tab), and a container's MinSize walks its whole
// tree: measured on the Live tab under a stream, the hidden tabs' trees
// (Devices, Keep-alive, Sockets; Round-trip latency, Send SysEx) took
// 1.2–1.4 ms of each frame, more than painting the shown tab, and in the
// key-to-pixel path. What a hidden tab shows cannot change the window's
// layout until it is shown, and then it is measured again.
func newTabItem(title string, content fyne.CanvasObject) *container.TabItem {
	return container.NewTabItem(title, newHiddenMin(content))
}

// hiddenMin holds one tab's content (see newTabItem). UI goroutine.
type hiddenMin struct {
	widget.BaseWidget
	content fyne.CanvasObject
	min     fyne.Size
	known   bool
}

func newHiddenMin(content fyne.CanvasObject) *hiddenMin {
	h := &hiddenMin{content: content}
	h.ExtendBaseWidget(h)
	return h
}

func (h *hiddenMin) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(h.content)
}

// MinSize is the content's while shown (or never measured), else the last.
func (h *hiddenMin) MinSize() fyne.Size {
	if h.Visible() || !h.known {
		h.min, h.known = h.content.MinSize(), true
	}
	return h.min
}
