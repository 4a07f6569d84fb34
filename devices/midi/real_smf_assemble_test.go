package midi

import (
	"fmt"
	"strings"
	"testing"
)

// decodeReal decodes a file of testdata/real and returns its assembled
// events as "t_ms kind text" lines, and its message count.
func decodeReal(t *testing.T, file string) ([]string, Decoding) {
	t.Helper()
	ev, format, err := ReadMIDIFile("testdata/real/" + file)
	if err != nil {
		t.Fatal(err)
	}
	d := AssembleAll(format, ev, AssembleOptions{})
	var out []string
	for _, r := range d.Rows {
		if r.Event != nil {
			out = append(out, fmt.Sprintf("%g %s: %s", r.TUS/1000, r.Kind, r.Text))
		}
	}
	return out, d
}

// jazz-soft/test-midi-files (MIT): files made to test what a synth does
// with RPNs and Universal SysEx. Expected values were read with an
// independent reader, midicsv 1.1 (Debian), ticks turned into ms by hand
// (96 ticks a quarter, no tempo event: 120 bpm, so 96 ticks = 500 ms).
func TestRealSMFAssembled(t *testing.T) {
	cases := []struct {
		file     string
		messages int
		want     []string
	}{
		{"jazz-test-rpn-00-00-pitch-bend-range.mid", 3875, []string{
			"0 rpn: RPN 0 pitch bend range = ±2 semitones 0 cents",
			"6000 rpn: RPN 0 pitch bend range = ±0 semitones 64 cents", // tick 1152
			"12000 rpn: RPN 0 pitch bend range = ±12 semitones 0 cents",
			"18000 rpn: RPN 0 pitch bend range = ±24 semitones 0 cents",
			"24000 rpn: RPN 0 pitch bend range = ±36 semitones 0 cents",
			"29500 rpn: RPN 0 pitch bend range = ±2 semitones 0 cents", // tick 5664
		}},
		{"jazz-test-rpn-00-01-fine-tuning.mid", 62, []string{
			"0 rpn: RPN 1 fine tuning = +0.00 cents",  // 6 = 64, 38 = 0 on channel 1
			"0 rpn: RPN 1 fine tuning = +50.00 cents", // 6 = 96 on channel 2: a quarter tone up
			"12500 rpn: RPN 1 fine tuning = +0.00 cents",
		}},
		{"jazz-test-rpn-00-02-coarse-tuning.mid", 43, []string{ // data MSB alone (no CC 38)
			"0 rpn: RPN 2 coarse tuning = +0 semitones", "500 rpn: RPN 2 coarse tuning = +2 semitones",
			"1000 rpn: RPN 2 coarse tuning = +4 semitones", "1500 rpn: RPN 2 coarse tuning = +5 semitones",
			"2000 rpn: RPN 2 coarse tuning = +7 semitones", "2500 rpn: RPN 2 coarse tuning = +9 semitones",
			"3000 rpn: RPN 2 coarse tuning = +11 semitones", "3500 rpn: RPN 2 coarse tuning = +12 semitones",
			"4000 rpn: RPN 2 coarse tuning = +0 semitones",
		}},
		{"jazz-test-sysex-7e-09-01-gm1-enable.mid", 1, []string{"0 universal: GM System On (device 7F: all)"}},
		{"jazz-test-gs-doggy-01-00-7b.mid", 10, []string{
			"0 universal: GS Reset (device 7F: all)", "0 cc14: CC0/32 Bank Select = 128 (14-bit)"}},
		{"jazz-test-xg-doggy-7e-00-00-54.mid", 10, []string{
			"0 universal: XG System On (device 00)", "0 cc14: CC0/32 Bank Select = 16128 (14-bit)"}},
		{"jazz-test-sysex-7f-04-03-master-fine-tuning.mid", 17, []string{
			"0 universal: GM2 System On (device 7F: all)",
			"0 universal: Master Fine Tuning = 0 (device 7F: all)", "500 universal: Master Fine Tuning = 4096 (device 7F: all)",
			"1000 universal: Master Fine Tuning = 8192 (device 7F: all)", "1500 universal: Master Fine Tuning = 12288 (device 7F: all)",
			"2000 universal: Master Fine Tuning = 16383 (device 7F: all)", "2500 universal: Master Fine Tuning = 8192 (device 7F: all)",
		}},
		{"jazz-test-syx-7e-06-01-id-request.syx", 1, []string{"0 identity request: Identity Request (device 7F: all)"}},
	}
	for _, c := range cases {
		got, d := decodeReal(t, c.file)
		if d.Messages != c.messages || strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s: %d messages\n%s\nwant %d\n%s", c.file, d.Messages, strings.Join(got, "\n"), c.messages, strings.Join(c.want, "\n"))
		}
	}
	// the bank select MSB is folded into its 14-bit pair, not listed alone
	_, d := decodeReal(t, "jazz-test-gs-doggy-01-00-7b.mid")
	for _, r := range d.Rows {
		if r.Message != nil && r.Message.Type == TypeCC {
			t.Errorf("controller listed alone: %+v", r)
		}
	}
	// coarse tuning sends CC 6 without CC 38: said so
	_, d = decodeReal(t, "jazz-test-rpn-00-02-coarse-tuning.mid")
	for _, r := range d.Rows {
		if r.Event != nil && (!r.Event.Param.ValueMSBOnly || *r.Event.Param.Semitones > 12) {
			t.Errorf("%+v", r.Event.Param)
		}
	}
}
