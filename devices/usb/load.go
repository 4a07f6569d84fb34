package usb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// Load reads a saved listing and tells its format by its content: Benchtop's
// JSON, an ioreg text dump, or lsusb -v / -t output.
func Load(path string) (*Tree, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := Parse(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// Parse is Load for a reader.
func Parse(r io.Reader) (*Tree, error) {
	b, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, err
	}
	s := strings.TrimSpace(string(b))
	switch {
	case s == "":
		return nil, fmt.Errorf("the file is empty")
	case strings.HasPrefix(s, "{"):
		return parseJSON(b)
	case strings.Contains(s, "+-o "):
		return ParseIoreg(bytes.NewReader(b))
	case strings.HasPrefix(s, "Bus ") || strings.HasPrefix(s, "/:"):
		return ParseLsusb(bytes.NewReader(b))
	}
	first, _, _ := strings.Cut(s, "\n")
	return nil, fmt.Errorf("line 1: not a device listing Benchtop reads (ioreg -l text, lsusb -v or -t output, or benchtop devices --json): %q", trunc(first, 80))
}

func trunc(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// parseJSON reads `benchtop devices --json` (the whole snapshot) or a bare
// tree.
func parseJSON(b []byte) (*Tree, error) {
	var snap struct {
		Schema string `json:"schema"`
		USB    *Tree  `json:"usb"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&snap); err != nil {
		return nil, jsonErr(b, err)
	}
	if snap.USB != nil {
		snap.USB.Source = "json"
		annotate(snap.USB)
		return snap.USB, nil
	}
	var t Tree
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, jsonErr(b, err)
	}
	if t.Roots == nil {
		return nil, fmt.Errorf("JSON has neither \"usb\" nor \"roots\": not a Benchtop device listing")
	}
	t.Source = "json"
	annotate(&t)
	return &t, nil
}

// jsonErr names the line of a JSON syntax error.
func jsonErr(b []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case asErr(err, &se):
		off = se.Offset
	case asErr(err, &te):
		off = te.Offset
	}
	if off >= 0 {
		line := 1 + bytes.Count(b[:min(int(off), len(b))], []byte("\n"))
		return fmt.Errorf("JSON line %d: %v", line, err)
	}
	return fmt.Errorf("JSON: %v", err)
}
