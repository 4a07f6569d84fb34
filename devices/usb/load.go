package usb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"benchtop/internal/files"
)

// MaxDumpSize caps what Load reads: the largest real listings (ioreg -l of a
// Mac with every port used) are a few MiB.
const MaxDumpSize = 64 << 20

// Load reads a saved listing and tells its format by its content: Benchtop's
// JSON, an ioreg text dump, lsusb (-v, -t, -tv, plain) output, or Windows'
// USBView, USBTreeView and pnputil text (UTF-16 as PowerShell saves it, or
// UTF-8). Only a regular file is read (a FIFO or a device is refused at
// once), and a file over MaxDumpSize is an error, not a silent cut.
func Load(path string) (*Tree, error) {
	b, err := files.Read(path, MaxDumpSize)
	if err != nil {
		return nil, err
	}
	t, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// listingKind is what a line that starts a listing belongs to.
type listingKind int

const (
	notStart listingKind = iota
	startIoreg
	startLsusb       // "Bus 001 Device 002: ID ..." (plain or -v)
	startLsusbTree   // "/:  Bus 01.Port 1: ..."
	startUSBView     // "[Port4]  :  USB Audio Device", or a host controller's "DriverKey:"
	startUSBTreeView // "=========================== USB Port8 ==========================="
	startPnputil     // "Microsoft PnP Utility", "Instance ID:                USB\VID_..."
)

// windowsKind reports whether k is one of the Windows listings, whose lines
// ("  -> Remote Wakeup") can look like a Unix prompt.
func windowsKind(k listingKind) bool {
	return k == startUSBView || k == startUSBTreeView || k == startPnputil
}

var (
	reStartLsusb = regexp.MustCompile(`^\s*Bus \d+ Device \d+: ID [0-9a-fA-F]{4}:[0-9a-fA-F]{4}`)
	reStartTree  = regexp.MustCompile(`^\s*/:\s+Bus \d+\.Port \d+: Dev \d+`)
	// A shell prompt or a command line pasted with the output:
	// "$ lsusb -v", "% ioreg -p IOUSB", "user@host:~$ lsusb", "kio$ ioreg -Src X",
	// Fedora's and Arch's "[user@host ~]$ lsusb" (and the bare prompt a
	// paste ends with), a virtualenv's "(venv) user@host:~$ ".
	// Windows prompts: "C:\Drivers>pnputil /enum-devices", ">pnputil ...",
	// "PS C:\Users\Pete> Get-PnpDevice", and a bare one at the end.
	rePromptWin = regexp.MustCompile(`^\s*(?:PS(?:\s+[A-Za-z]:\\[^>]*)?|[A-Za-z]:\\[^>]*)?>`)
	reArrow     = regexp.MustCompile(`^\s*->`)
	rePnpStart  = regexp.MustCompile(`^\s*(?:Microsoft PnP Utility\s*$|Instance ID:\s+\S)`)
	rePrompt    = regexp.MustCompile(`^\s*(?:\([^)]*\)\s+)?(?:[$%#>]\s|\S*[$%#>]\s+\S|\S*[$%#>]$|\[[^\]]*\][$%#>](?:\s|$))|^\s*(?:sudo\s+)?(?:ioreg|lsusb|system_profiler)(?:\s|$)`)
)

func startOf(line string) listingKind {
	switch {
	case strings.Contains(line, "+-o "):
		return startIoreg
	case reStartLsusb.MatchString(line):
		return startLsusb
	case reStartTree.MatchString(line):
		return startLsusbTree
	case reUVPort.MatchString(line) || reUVDriverKey.MatchString(line):
		return startUSBView
	case reTVPort.MatchString(line):
		return startUSBTreeView
	case rePnpStart.MatchString(line):
		return startPnputil
	}
	return notStart
}

// isPrompt reports whether line is a prompt or command line between
// listings. Inside a Windows listing only a Windows prompt counts: USBView
// and USBTreeView continue fields with "  -> …" lines.
func isPrompt(line string, in listingKind) bool {
	if rePromptWin.MatchString(line) {
		return true
	}
	return rePrompt.MatchString(line) && !(windowsKind(in) && reArrow.MatchString(line))
}

// Parse reads one or several listings from b. Text before the first
// listing (a shell prompt, the command line, a heading) and prompt lines
// between listings are skipped and named in the tree's note.
func Parse(b []byte) (*Tree, error) {
	if len(b) > MaxDumpSize {
		return nil, fmt.Errorf("%w: over the %s limit", files.ErrTooLarge, files.Size(MaxDumpSize))
	}
	b, err := decodeText(b)
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(b, 0) >= 0 {
		if looksUTF16(b) {
			return nil, errors.New("UTF-16 text without a byte-order mark: save it as UTF-8 or UTF-16 with a BOM (PowerShell's > and Out-File write one)")
		}
		return nil, errors.New("binary data (NUL bytes): not a text listing")
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return nil, errors.New("the file is empty")
	}
	if strings.HasPrefix(s, "{") {
		return parseJSON(b)
	}
	lines := normalise(string(b))
	segs, skipped := segments(lines)
	if len(segs) == 0 {
		first := ""
		for _, l := range lines {
			if strings.TrimSpace(l) != "" {
				first = l
				break
			}
		}
		return nil, fmt.Errorf("line 1: not a device listing Benchtop reads (ioreg text, lsusb -v/-t/plain output, USBView or USBTreeView text, pnputil /enum-devices output, or benchtop devices --json): %s", quoteLine(first))
	}
	out := &Tree{}
	var notes []string
	for _, sg := range segs {
		var t *Tree
		var err error
		switch sg.kind {
		case startIoreg:
			t, err = parseIoregLines(sg.lines, sg.first)
		case startLsusbTree:
			t, err = parseLsusbTree(sg.lines, sg.first)
		case startUSBView:
			t, err = parseUSBView(sg.lines, sg.first)
		case startUSBTreeView:
			t, err = parseUSBTreeView(sg.lines, sg.first)
		case startPnputil:
			t, err = parsePnputil(sg.lines, sg.first)
		default:
			t, err = parseLsusbVerbose(sg.lines, sg.first)
		}
		if err != nil {
			return nil, err
		}
		if out.Source == "" {
			out.Source = t.Source
		} else if out.Source != t.Source {
			out.Source = "mixed"
		}
		out.Roots = append(out.Roots, t.Roots...)
		if t.Note != "" {
			notes = append(notes, t.Note)
		}
	}
	if len(segs) > 1 {
		notes = append([]string{fmt.Sprintf("%d listings in one file, shown one after the other", len(segs))}, notes...)
	}
	if len(skipped) > 0 {
		notes = append(notes, skippedNote(skipped))
	}
	out.Note = strings.Join(notes, "; ")
	annotate(out)
	return out, nil
}

// normalise turns CRLF and lone CR into LF, expands tabs to 8 columns (the
// tools align with spaces, a paste may not) and drops trailing spaces.
func normalise(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.IndexByte(l, '\t') >= 0 {
			var b strings.Builder
			col := 0
			for _, r := range l {
				if r == '\t' {
					n := 8 - col%8
					b.WriteString(strings.Repeat(" ", n))
					col += n
					continue
				}
				b.WriteRune(r)
				col++
			}
			l = b.String()
		}
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

type segment struct {
	kind  listingKind
	lines []string // dedented
	first int      // line number (1-based) of lines[0] in the file
}

type skippedLine struct {
	no   int
	text string
}

// segments cuts the file into listings. A listing starts at its first
// recognisable line and runs until a prompt line or a line that starts a
// listing of another kind. Lines outside every listing are skipped.
func segments(lines []string) ([]segment, []skippedLine) {
	var segs []segment
	var skipped []skippedLine
	var cur *segment
	indent := 0
	flush := func() {
		if cur != nil {
			segs = append(segs, *cur)
			cur = nil
		}
	}
	for i, l := range lines {
		if k := startOf(l); k != notStart {
			if cur == nil || cur.kind != k {
				flush()
				indent = len(l) - len(strings.TrimLeft(l, " "))
				if k == startIoreg {
					indent = 0 // ioreg's depth is the column of "+-o": keep it
				}
				cur = &segment{kind: k, first: i + 1}
				if k == startUSBView && reUVDriverKey.MatchString(l) {
					// A saved USBView tree names its host controller up to
					// three lines before "DriverKey:": that line is the
					// listing's, not a heading to skip.
					if n := len(skipped); n > 0 && i+1-skipped[n-1].no <= 3 && !isPrompt(skipped[n-1].text, notStart) {
						j := skipped[n-1].no - 1
						for _, pl := range lines[j:i] {
							cur.lines = append(cur.lines, dedent(pl, indent))
						}
						cur.first = j + 1
						skipped = skipped[:n-1]
					}
				}
			}
			cur.lines = append(cur.lines, dedent(l, indent))
			continue
		}
		in := notStart
		if cur != nil {
			in = cur.kind
		}
		if isPrompt(l, in) {
			flush()
			skipped = append(skipped, skippedLine{i + 1, l})
			continue
		}
		if cur != nil {
			cur.lines = append(cur.lines, dedent(l, indent))
		} else if strings.TrimSpace(l) != "" {
			skipped = append(skipped, skippedLine{i + 1, l})
		}
	}
	flush()
	return segs, skipped
}

func dedent(l string, n int) string {
	i := 0
	for i < n && i < len(l) && l[i] == ' ' {
		i++
	}
	return l[i:]
}

func skippedNote(sk []skippedLine) string {
	parts := make([]string, 0, 2)
	for i, s := range sk {
		if i == 2 {
			parts = append(parts, fmt.Sprintf("and %d more", len(sk)-2))
			break
		}
		parts = append(parts, fmt.Sprintf("line %d %s", s.no, quoteLine(strings.TrimSpace(s.text))))
	}
	return fmt.Sprintf("skipped %d line(s) that are not part of a listing (a prompt or command line?): %s", len(sk), strings.Join(parts, ", "))
}

// quoteLine shows a line of input in a message: shortened, and with control
// characters escaped so a hostile file cannot drive the terminal.
func quoteLine(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// parseJSON reads `benchtop devices --json` (the whole snapshot) or a bare
// tree, and rejects nulls and wrong shapes with the JSON path.
func parseJSON(b []byte) (*Tree, error) {
	var snap struct {
		Schema string    `json:"schema"`
		USB    *Tree     `json:"usb"`
		Roots  []*Device `json:"roots"` // a bare tree
		Note   string    `json:"note"`
	}
	if err := json.Unmarshal(b, &snap); err != nil {
		return nil, jsonErr(b, err)
	}
	t, path := snap.USB, "usb.roots"
	if t == nil {
		if snap.Roots == nil {
			return nil, errors.New(`JSON has neither "usb" nor "roots": not a Benchtop device listing`)
		}
		t, path = &Tree{Roots: snap.Roots, Note: snap.Note}, "roots"
	}
	if t.Roots == nil {
		return nil, fmt.Errorf("JSON %s: missing or null, want a list of devices", path)
	}
	if err := checkTree(t, path); err != nil {
		return nil, err
	}
	t.Source = "json"
	annotate(t)
	return t, nil
}

// maxDepth bounds the device tree (USB allows 7 tiers; a file may say more).
const maxDepth = 32

func checkTree(t *Tree, path string) error {
	var check func(ds []*Device, path string, depth int) error
	check = func(ds []*Device, path string, depth int) error {
		if depth > maxDepth {
			return fmt.Errorf("JSON %s: devices nested deeper than %d tiers", path, maxDepth)
		}
		for i, d := range ds {
			p := fmt.Sprintf("%s[%d]", path, i)
			if d == nil {
				return fmt.Errorf("JSON %s: null where a device was expected", p)
			}
			if err := checkCodes(d, p); err != nil {
				return err
			}
			if err := check(d.Children, p+".children", depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return check(t.Roots, path, 0)
}

// checkCodes holds a device read from JSON to the schema's forms: IDs of 4
// hex digits, class codes of 2.
func checkCodes(d *Device, path string) error {
	for _, f := range []struct {
		name, v string
		n       int
	}{
		{"vendor_id", d.VendorID, 4}, {"product_id", d.ProductID, 4}, {"class", d.Class, 2}, {"subclass", d.SubClass, 2}, {"protocol", d.Protocol, 2},
	} {
		if f.v != "" && (len(f.v) != f.n || !isHex(f.v)) {
			return fmt.Errorf("JSON %s.%s: %q is not %d hex digits", path, f.name, f.v, f.n)
		}
	}
	for k, i := range d.Interfaces {
		codes := []string{i.Class, i.SubClass, i.Protocol}
		for _, a := range i.Alternates {
			codes = append(codes, a.Class, a.SubClass, a.Protocol)
		}
		for _, c := range codes {
			if c != "" && (len(c) != 2 || !isHex(c)) {
				return fmt.Errorf("JSON %s.interfaces[%d]: class code %q is not 2 hex digits", path, k, c)
			}
		}
	}
	return nil
}

// jsonErr names the line and, for a wrong type, the field.
func jsonErr(b []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	lineOf := func(off int64) int { return 1 + bytes.Count(b[:min(max(int(off), 0), len(b))], []byte("\n")) }
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("JSON line %d: %v", lineOf(se.Offset), err)
	case errors.As(err, &te):
		return fmt.Errorf("JSON line %d (%s): %s where %s was expected", lineOf(te.Offset), te.Field, te.Value, te.Type)
	}
	return fmt.Errorf("JSON: %v", err)
}
