package files

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"time"
)

// ZipOne is a zip holding one file, as AWS Lambda takes a function's code:
// the name at the zip's root, its mode (the runtime's user must be able to
// read it; a bootstrap must be executable), and a fixed time stamp, so the
// same input makes the same bytes.
func ZipOne(name string, data []byte, mode fs.FileMode) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	h.SetMode(mode)
	w, err := zw.CreateHeader(h)
	if err == nil {
		_, err = w.Write(data)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
