package midi

import (
	"encoding/hex"
	"fmt"
	"strings"

	"gitlab.com/gomidi/midi/v2/drivers"
)

// IdentityRequest asks every device on a port who it is (Universal
// non-realtime, device 7F: all); the answer is an Identity Reply.
var IdentityRequest = []byte{0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7}

// IsIdentityRequest says whether m asks who a device is (F0 7E dev 06 01
// F7, any device ID).
func IsIdentityRequest(m []byte) bool {
	return len(m) == 6 && m[0] == 0xf0 && m[1] == 0x7e && m[3] == 0x06 && m[4] == 0x01 && m[5] == 0xf7
}

// MaxSendSysEx bounds what Send SysEx takes (a firmware .syx can be a few
// hundred KiB; more is not a SysEx for a MIDI port).
const MaxSendSysEx = 1 << 20

// ParseSysEx reads one or more SysEx messages written in hex ("F0 7E 7F
// 06 01 F7"; spaces, commas, "0x" and line breaks allowed). Each must be
// F0, data bytes below 80, F7.
func ParseSysEx(s string) ([][]byte, error) {
	clean := strings.NewReplacer(",", " ", "0x", "", "0X", "", "\n", " ", "\r", " ", "\t", " ").Replace(s)
	raw, err := hex.DecodeString(strings.Join(strings.Fields(clean), ""))
	if err != nil {
		return nil, fmt.Errorf("SysEx hex: %v", err)
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("SysEx hex: nothing to send")
	}
	return SplitSysEx(raw)
}

// SplitSysEx splits bytes into SysEx messages, refusing anything else.
func SplitSysEx(raw []byte) ([][]byte, error) {
	if len(raw) > MaxSendSysEx {
		return nil, fmt.Errorf("SysEx: %d bytes, more than %d", len(raw), MaxSendSysEx)
	}
	var out [][]byte
	for i := 0; i < len(raw); {
		if raw[i] != 0xf0 {
			return nil, fmt.Errorf("SysEx: byte %d is %02X, want F0 (a message starts with F0)", i+1, raw[i])
		}
		j := i + 1
		for j < len(raw) && raw[j] < 0x80 {
			j++
		}
		if j == len(raw) || raw[j] != 0xf7 {
			return nil, fmt.Errorf("SysEx: the message at byte %d has no F7 (ends at byte %d)", i+1, j)
		}
		out = append(out, raw[i:j+1])
		i = j + 1
	}
	return out, nil
}

// SendSysEx opens the output named (as FindOut matches names), sends the
// messages in order and closes it.
func SendSysEx(drv drivers.Driver, outName string, msgs [][]byte) error {
	out, err := FindOut(drv, outName)
	if err != nil {
		return err
	}
	if err := out.Open(); err != nil {
		return fmt.Errorf("open %s: %w", outName, err)
	}
	defer out.Close()
	for i, m := range msgs {
		if err := out.Send(m); err != nil {
			return fmt.Errorf("send message %d of %d to %s: %w", i+1, len(msgs), outName, err)
		}
	}
	return nil
}
