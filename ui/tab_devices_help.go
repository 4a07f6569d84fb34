package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/usb"
)

// devicesIntro is the Devices tab's first line: what it shows and what to
// press.
const devicesIntro = "Every USB device on this machine, live as it is plugged in, with the MIDI ports below. Select a device for everything it says about itself; **Import dump…** shows another machine's listing."

// noUSBHelp is what the tree says where no USB bus is visible (the line
// above it says so): how to look at a listing saved on another machine.
const noUSBHelp = "**To see another machine's devices**, save a listing there and press **Import dump…** (or drop the file on this window):\n\n" +
	"- macOS: `ioreg -w0 -l -r -c AppleUSBHostController > usb.txt`\n" +
	"- Linux: `lsusb -v > usb.txt`, or `benchtop devices --json usb.json`"

// newEmptyTree is the text shown over the tree while it has nothing to show.
func newEmptyTree() *widget.RichText {
	r := widget.NewRichTextFromMarkdown("")
	r.Wrapping = fyne.TextWrapWord
	r.Hide()
	return r
}

// showEmpty explains an empty tree: no USB bus (how to import a listing),
// or a filter that matches nothing. UI goroutine.
func (t *devicesTab) showEmpty(empty, noBus bool) {
	switch {
	case !empty:
		t.empty.Hide()
		return
	case noBus:
		t.empty.ParseMarkdown(noUSBHelp)
	case t.filter.Text != "" || t.midiOnly.Checked:
		t.empty.ParseMarkdown("Nothing matches the filter.")
	default:
		t.empty.ParseMarkdown("No USB devices in this listing.")
	}
	t.empty.Show()
}

// deviceID is a device's VID:PID, or "" when the listing gave neither (ioreg
// without -l): nothing is shown then, not an empty ":".
func deviceID(d *usb.Device) string {
	if d.VendorID == "" && d.ProductID == "" {
		return ""
	}
	return d.ID()
}

// cardMark is the tree's mark for a device with a card: a star, and "by
// name" when the listing gave no IDs to match.
func cardMark(c *usb.Card) string {
	if c.MatchedBy != "" {
		return "  ★ by " + c.MatchedBy
	}
	return "  ★"
}

// cardHeading is the card's first line in the details, saying how it was
// matched when that was not by VID:PID.
func cardHeading(c *usb.Card) string {
	h := fmt.Sprintf("**★ %s** — %s", c.Name, c.Summary)
	if c.MatchedBy != "" {
		h += fmt.Sprintf("\n\n*Matched by %s: the listing gives no VID:PID (this model is %s:%s).*", c.MatchedBy, c.VendorID, c.ProductID)
	}
	return h + "\n\n"
}
