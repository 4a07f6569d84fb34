package midi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"sort"
	"time"

	"benchtop/internal/files"
)

// Limits of what ReadSMF accepts. Real files are far below them; a hostile
// one (a 34-byte file whose SysEx claims 256 MiB) is refused before
// anything is allocated.
const (
	MaxSMFSize     = 16 << 20       // bytes
	MaxSMFMessages = 2_000_000      // playable messages
	MaxSMFLength   = 24 * time.Hour // the last message's time
	maxVarLen      = 0x0FFFFFFF     // SMF variable-length quantities are 4 bytes at most
	maxTempoUS     = 0xFFFFFF       // 24-bit µs per quarter note
	smfDropFrame   = int64(30000)   // 29.97 fps = 30000/1001
	smfDropFrameD  = int64(1001)
	nsPerSecond    = int64(time.Second)
)

// SMFInfo says what the header said.
type SMFInfo struct {
	Format int
	Tracks int
	// Division is "480 ticks per quarter note" or "25 fps × 40 ticks per frame".
	Division string
}

// ReadSMFFile reads a Standard MIDI File from disk: only a regular file,
// at most MaxSMFSize bytes.
func ReadSMFFile(path string) ([]Timed, SMFInfo, error) {
	b, err := files.Read(path, MaxSMFSize)
	if err != nil {
		return nil, SMFInfo{}, err
	}
	ev, info, err := ParseSMF(b)
	if err != nil {
		return nil, info, fmt.Errorf("%s: %w", path, err)
	}
	return ev, info, nil
}

// ReadSMF loads the playable messages of every track, with their times
// (tempo changes applied), in time order.
func ReadSMF(r io.Reader) ([]Timed, error) {
	b, err := files.ReadAllCapped(r, "MIDI file", MaxSMFSize)
	if err != nil {
		return nil, err
	}
	ev, _, err := ParseSMF(b)
	return ev, err
}

// smfError names the byte offset where the file went wrong.
func smfError(off int, format string, a ...any) error {
	return fmt.Errorf("MIDI file byte %d: %s", off, fmt.Sprintf(format, a...))
}

type smfEvent struct {
	tick  uint64
	track int
	order int
	raw   []byte
	tempo uint32 // a tempo meta event (µs per quarter), raw is nil
}

// ParseSMF reads a Standard MIDI File (formats 0, 1 and 2; metrical or
// SMPTE division). Times are exact: computed in integer nanoseconds from
// the tick, never accumulated in floating point, and never negative.
func ParseSMF(b []byte) ([]Timed, SMFInfo, error) {
	var info SMFInfo
	if len(b) < 14 || string(b[:4]) != "MThd" {
		return nil, info, errors.New("not a Standard MIDI File (no MThd header)")
	}
	hlen := binary.BigEndian.Uint32(b[4:8])
	if hlen < 6 || uint64(hlen) > uint64(len(b)-8) {
		return nil, info, smfError(4, "header length %d does not fit the file", hlen)
	}
	info.Format = int(binary.BigEndian.Uint16(b[8:10]))
	info.Tracks = int(binary.BigEndian.Uint16(b[10:12]))
	div := binary.BigEndian.Uint16(b[12:14])
	if info.Format > 2 {
		return nil, info, smfError(8, "format %d (only 0, 1 and 2 exist)", info.Format)
	}
	if info.Tracks == 0 {
		return nil, info, smfError(10, "the header says the file has no tracks")
	}
	// ticks → ns: ns = ticks × num / den, with num/den fixed for SMPTE and
	// following the tempo for metrical time.
	var smpteNum, smpteDen int64
	var tpq int64
	if div&0x8000 != 0 {
		fps := -int64(int8(div >> 8))
		tpf := int64(div & 0xff)
		switch fps {
		case 24, 25, 30:
			smpteNum, smpteDen = nsPerSecond, fps*tpf
			info.Division = fmt.Sprintf("%d fps × %d ticks per frame", fps, tpf)
		case 29:
			smpteNum, smpteDen = nsPerSecond*smfDropFrameD, smfDropFrame*tpf
			info.Division = fmt.Sprintf("29.97 fps × %d ticks per frame", tpf)
		default:
			return nil, info, smfError(12, "SMPTE division with %d frames per second (24, 25, 29.97 or 30 exist)", fps)
		}
		if tpf == 0 {
			return nil, info, smfError(13, "SMPTE division with 0 ticks per frame")
		}
	} else {
		tpq = int64(div)
		if tpq == 0 {
			return nil, info, smfError(12, "division of 0 ticks per quarter note")
		}
		info.Division = fmt.Sprintf("%d ticks per quarter note", tpq)
	}

	var evs []smfEvent
	off := 8 + int(hlen)
	track := 0
	playable := 0
	for off < len(b) {
		if len(b)-off < 8 {
			return nil, info, smfError(off, "%d stray bytes after the last chunk", len(b)-off)
		}
		id := string(b[off : off+4])
		clen := binary.BigEndian.Uint32(b[off+4 : off+8])
		if uint64(clen) > uint64(len(b)-off-8) {
			return nil, info, smfError(off+4, "chunk %q claims %d bytes, %d remain", printable(id), clen, len(b)-off-8)
		}
		body := b[off+8 : off+8+int(clen)]
		if id == "MTrk" {
			n, err := readTrack(body, off+8, track, &evs)
			if err != nil {
				return nil, info, err
			}
			playable += n
			if playable > MaxSMFMessages {
				return nil, info, smfError(off, "more than %d messages", MaxSMFMessages)
			}
			track++
		} // other chunk types are skipped, as the standard asks
		off += 8 + int(clen)
	}
	if track == 0 {
		return nil, info, errors.New("MIDI file: no MTrk track chunk")
	}

	sort.SliceStable(evs, func(i, j int) bool {
		if evs[i].tick != evs[j].tick {
			return evs[i].tick < evs[j].tick
		}
		return evs[i].track < evs[j].track || evs[i].track == evs[j].track && evs[i].order < evs[j].order
	})
	out := make([]Timed, 0, playable)
	// Metrical time: a piecewise-linear map from the tempo events (format
	// 1 keeps them in track 0; they apply to every track).
	tempo := int64(500000) // 120 bpm until told otherwise
	var baseTick uint64
	var baseNS int64
	for _, e := range evs {
		var ns int64
		var ok bool
		if tpq == 0 {
			ns, ok = mulDiv(e.tick, smpteNum, smpteDen)
		} else {
			var d int64
			d, ok = mulDiv(e.tick-baseTick, tempo*1000, tpq)
			ns = baseNS + d
			ok = ok && ns >= baseNS
		}
		if !ok || time.Duration(ns) > MaxSMFLength {
			return nil, info, fmt.Errorf("MIDI file: times run past %v (tick %d): delta times too large", MaxSMFLength, e.tick)
		}
		if e.raw == nil {
			baseTick, baseNS, tempo = e.tick, ns, int64(e.tempo)
			continue
		}
		out = append(out, Timed{At: time.Duration(ns), Raw: e.raw})
	}
	return out, info, nil
}

// mulDiv returns a × m / d without overflow in between, and false if the
// result does not fit an int64.
func mulDiv(a uint64, m, d int64) (int64, bool) {
	hi, lo := bits.Mul64(a, uint64(m))
	if hi >= uint64(d) {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, uint64(d))
	if q > 1<<62 {
		return 0, false
	}
	return int64(q), true
}

// readTrack appends a track's events; base is the body's offset in the
// file, for messages. It returns how many playable messages it found.
func readTrack(body []byte, base, track int, evs *[]smfEvent) (int, error) {
	var tick uint64
	var running byte
	n, pos := 0, 0
	for order := 0; pos < len(body); order++ {
		delta, w, err := varLen(body[pos:])
		if err != nil {
			return n, smfError(base+pos, "delta time: %v", err)
		}
		pos += w
		tick += uint64(delta)
		if pos >= len(body) {
			return n, smfError(base+pos, "track %d ends after a delta time", track+1)
		}
		status := body[pos]
		switch {
		case status == 0xff: // meta event
			if pos+2 > len(body) {
				return n, smfError(base+pos, "meta event cut short")
			}
			typ := body[pos+1]
			l, w, err := varLen(body[pos+2:])
			if err != nil {
				return n, smfError(base+pos+2, "meta event length: %v", err)
			}
			start := pos + 2 + w
			if uint64(l) > uint64(len(body)-start) {
				return n, smfError(base+pos+2, "meta event 0x%02x claims %d bytes, %d remain in the track", typ, l, len(body)-start)
			}
			data := body[start : start+int(l)]
			switch typ {
			case 0x51:
				if len(data) != 3 {
					return n, smfError(base+pos, "tempo event of %d bytes (a tempo is 3 bytes)", len(data))
				}
				us := uint32(data[0])<<16 | uint32(data[1])<<8 | uint32(data[2])
				if us == 0 {
					return n, smfError(base+pos, "tempo of 0 µs per quarter note")
				}
				*evs = append(*evs, smfEvent{tick: tick, track: track, order: order, tempo: us})
			case 0x2f:
				return n, nil // end of track: what follows is not played
			}
			pos = start + int(l)
		case status == 0xf0 || status == 0xf7: // SysEx, or an escape of raw bytes
			l, w, err := varLen(body[pos+1:])
			if err != nil {
				return n, smfError(base+pos+1, "SysEx length: %v", err)
			}
			start := pos + 1 + w
			if uint64(l) > uint64(len(body)-start) {
				return n, smfError(base+pos+1, "SysEx claims %d bytes, %d remain in the track", l, len(body)-start)
			}
			data := body[start : start+int(l)]
			var raw []byte
			if status == 0xf0 {
				raw = append([]byte{0xf0}, data...)
			} else {
				raw = append([]byte(nil), data...)
			}
			if len(raw) > 0 {
				*evs = append(*evs, smfEvent{tick: tick, track: track, order: order, raw: raw})
				n++
			}
			pos = start + int(l)
			running = 0
		case status >= 0xf1: // system common and real-time have no place in a file
			return n, smfError(base+pos, "status byte 0x%02x is not allowed in a MIDI file", status)
		default:
			if status >= 0x80 {
				running = status
				pos++
			} else if running == 0 {
				return n, smfError(base+pos, "data byte 0x%02x with no running status", status)
			}
			size := 2
			if running&0xf0 == 0xc0 || running&0xf0 == 0xd0 {
				size = 1
			}
			if pos+size > len(body) {
				return n, smfError(base+pos, "channel message cut short")
			}
			raw := make([]byte, 1+size)
			raw[0] = running
			copy(raw[1:], body[pos:pos+size])
			for _, d := range raw[1:] {
				if d >= 0x80 {
					return n, smfError(base+pos, "data byte 0x%02x has its top bit set", d)
				}
			}
			*evs = append(*evs, smfEvent{tick: tick, track: track, order: order, raw: raw})
			n++
			pos += size
		}
		if n > MaxSMFMessages {
			return n, smfError(base+pos, "more than %d messages", MaxSMFMessages)
		}
	}
	return n, nil
}

// varLen reads an SMF variable-length quantity (at most 4 bytes).
func varLen(b []byte) (uint32, int, error) {
	var v uint32
	for i := 0; i < 4; i++ {
		if i >= len(b) {
			return 0, 0, errors.New("cut short")
		}
		v = v<<7 | uint32(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return v, i + 1, nil
		}
	}
	return 0, 0, errors.New("longer than 4 bytes")
}

func printable(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r < 0x20 || r > 0x7e {
			out[i] = '?'
		}
	}
	return string(out)
}
