package loadgen

import (
	"bytes"
	"errors"
	"fmt"
)

// parseHead reads a response's status line and headers (head excludes the
// blank line): the status, whether the connection closes after it, and how
// the body is framed (Content-Length, or chunked, or neither: to the end of
// the connection).
func parseHead(head []byte) (status int, closeAfter bool, contentLen int, chunked bool, err error) {
	if len(head) < 12 || !bytes.HasPrefix(head, []byte("HTTP/1.")) {
		return 0, true, -1, false, errMalformed
	}
	status = int(head[9]-'0')*100 + int(head[10]-'0')*10 + int(head[11]-'0')
	contentLen = -1
	closeAfter = head[7] == '0' // HTTP/1.0 closes unless it says keep-alive
	for rest := head; len(rest) > 0; {
		var line []byte
		if i := bytes.Index(rest, crlf); i >= 0 {
			line, rest = rest[:i], rest[i+2:]
		} else {
			line, rest = rest, nil
		}
		k, v, ok := bytes.Cut(line, colon)
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			contentLen = atoi(v)
		case bytes.EqualFold(k, []byte("Transfer-Encoding")):
			chunked = bytes.Contains(bytes.ToLower(v), []byte("chunked"))
		case bytes.EqualFold(k, []byte("Connection")):
			closeAfter = bytes.EqualFold(v, []byte("close"))
			if bytes.EqualFold(v, []byte("keep-alive")) {
				closeAfter = false
			}
		}
	}
	return status, closeAfter, contentLen, chunked, nil
}

// respParser reads one response from bytes as they arrive (the event-loop
// client's reads are not whole responses): feed it what came, it says how
// much it used and whether the response is complete. Bodies are counted,
// not kept.
type respParser struct {
	hdrDone    bool
	status     int
	closeAfter bool
	frame      int // frameLength, frameChunked, frameEOF
	left       int // body bytes left (length), or of the chunk and its CRLF
	length     int // Content-Length
	chunk      int // chunkSize, chunkData, chunkTrailer
}

const (
	frameLength = iota
	frameChunked
	frameEOF
)

const (
	chunkSize = iota
	chunkData
	chunkTrailer
)

// maxLine bounds the headers and a chunk-size or trailer line.
const maxLine = 64 << 10

var errTooLong = errors.New("response headers larger than 64 KiB")

func (p *respParser) reset() { *p = respParser{} }

// feed consumes from b; done says the response is complete (a response
// framed by the connection's end is complete only at EOF: see eof).
func (p *respParser) feed(b []byte) (used int, done bool, err error) {
	if !p.hdrDone {
		i := bytes.Index(b, crlf2)
		if i < 0 {
			if len(b) >= maxLine {
				return 0, false, errTooLong
			}
			return 0, false, nil
		}
		status, closeAfter, n, chunked, err := parseHead(b[:i])
		if err != nil {
			return 0, false, err
		}
		p.hdrDone, p.status, p.closeAfter = true, status, closeAfter
		switch {
		case chunked:
			p.frame = frameChunked
		case n >= 0:
			p.frame, p.left, p.length = frameLength, n, n
		default:
			p.frame, p.closeAfter = frameEOF, true
		}
		used = i + 4
	}
	for {
		rest := b[used:]
		switch p.frame {
		case frameLength:
			take := min(p.left, len(rest))
			p.left -= take
			return used + take, p.left == 0, nil
		case frameEOF:
			return len(b), false, nil
		}
		switch p.chunk {
		case chunkSize, chunkTrailer:
			j := bytes.Index(rest, crlf)
			if j < 0 {
				if len(rest) >= maxLine {
					return used, false, errors.New("chunk header too long")
				}
				return used, false, nil
			}
			used += j + 2
			if p.chunk == chunkTrailer {
				if j == 0 {
					return used, true, nil // the blank line after the trailers
				}
				continue
			}
			size, ok := hexSize(rest[:j])
			if !ok {
				return used, false, errMalformed
			}
			if size == 0 {
				p.chunk = chunkTrailer
			} else {
				p.chunk, p.left = chunkData, size+2
			}
		case chunkData:
			take := min(p.left, len(rest))
			p.left -= take
			used += take
			if p.left > 0 {
				return used, false, nil
			}
			p.chunk = chunkSize
		}
	}
}

// eof says whether the response is complete when the connection ends.
func (p *respParser) eof() bool { return p.hdrDone && p.frame == frameEOF }

// cutShort says what a response ended by the connection's close lacked.
func (p *respParser) cutShort(cause error) error {
	if p.hdrDone && p.frame == frameLength {
		return fmt.Errorf("body cut short at %d of %d bytes: %w", p.length-p.left, p.length, cause)
	}
	return fmt.Errorf("connection closed mid-response: %w", cause)
}
