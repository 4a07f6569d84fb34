package loadgen

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Responses as a real server (net/http) writes them, fed to the parser in
// pieces of every size from 1 byte: each is complete exactly at its end,
// with the status and framing it was sent with.
func TestParserTakesResponsesInAnyPieces(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 3; i++ {
			_, _ = fmt.Fprintf(w, "chunk %d %s\n", i, strings.Repeat("x", 100*i)) // the client's checks see a write that failed
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/length", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"message":"hello"}`)) })
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	raw := func(path, proto string) []byte {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := fmt.Fprintf(c, "GET %s %s\r\nHost: x\r\nConnection: close\r\n\r\n", path, proto); err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(c)
		return b
	}
	for _, c := range []struct {
		path, proto string
		status      int
		frame       int
	}{
		{"/chunked", "HTTP/1.1", 200, frameChunked},
		{"/length", "HTTP/1.1", 200, frameLength},
		{"/empty", "HTTP/1.1", 204, frameLength},
		{"/chunked", "HTTP/1.0", 200, frameEOF}, // no chunking in 1.0: the body ends with the connection
	} {
		resp := raw(c.path, c.proto)
		if c.status == 204 {
			// 204 has no body and no Content-Length; say 0 as a proxy would
			resp = bytes.Replace(resp, []byte("\r\n\r\n"), []byte("\r\nContent-Length: 0\r\n\r\n"), 1)
		}
		for piece := 1; piece <= len(resp); piece++ {
			var p respParser
			var buf []byte
			consumed, doneAt := 0, -1
			for off := 0; off < len(resp) && doneAt < 0; off += piece {
				buf = append(buf, resp[off:min(off+piece, len(resp))]...)
				used, done, err := p.feed(buf)
				if err != nil {
					t.Fatalf("%s %s piece %d: %v", c.path, c.proto, piece, err)
				}
				consumed += used
				buf = buf[used:]
				if done {
					doneAt = consumed
				}
			}
			switch {
			case c.frame == frameEOF:
				if doneAt >= 0 || !p.eof() {
					t.Fatalf("%s %s piece %d: done at %d; a body framed by the close ends only at EOF", c.path, c.proto, piece, doneAt)
				}
			case doneAt != len(resp) || len(buf) != 0:
				t.Fatalf("%s %s piece %d: done at %d of %d bytes", c.path, c.proto, piece, doneAt, len(resp))
			}
			if p.status != c.status || p.frame != c.frame {
				t.Fatalf("%s %s: status %d frame %d, want %d %d", c.path, c.proto, p.status, p.frame, c.status, c.frame)
			}
		}
	}
	// malformed
	var p respParser
	if _, _, err := p.feed([]byte("SSH-2.0-OpenSSH\r\n\r\n")); err == nil {
		t.Error("a non-HTTP answer parsed")
	}
	p.reset()
	if _, _, err := p.feed(append([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), "zz\r\n"...)); err == nil {
		t.Error("a bad chunk size parsed")
	}
}
