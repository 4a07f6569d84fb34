package sdkdriver

import (
	"archive/zip"
	"bytes"
	"fmt"
	"time"
)

// LambdaFunction is an SDK's keep-alive function for Lambda's own runtime
// (python3.12's built-in boto3, nodejs20.x's built-in SDK v3, the
// original's setup): the runtime, the handler, and the zip, whose one file
// is the driver script, which doubles as the handler. Go's function is the
// provided.al2023 bootstrap built by make build (inlambda.EmbeddedBundle).
type LambdaFunction struct {
	Runtime, Handler string
	Zip              []byte
}

// Lambda returns sdk's function.
func Lambda(sdk string) (LambdaFunction, error) {
	var f LambdaFunction
	var script, name string
	switch sdk {
	case Python:
		f.Runtime, f.Handler, script, name = "python3.12", "benchtop_keepalive.handler", "boto3_driver.py", "benchtop_keepalive.py"
	case JS:
		f.Runtime, f.Handler, script, name = "nodejs20.x", "index.handler", "js_driver.cjs", "index.js"
	default:
		return f, fmt.Errorf("no Lambda runtime function for SDK %q", sdk)
	}
	src, err := scripts.ReadFile(script)
	if err != nil {
		return f, err
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	h.SetMode(0o644)
	w, err := zw.CreateHeader(h)
	if err == nil {
		_, err = w.Write(src)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return f, err
	}
	f.Zip = b.Bytes()
	return f, nil
}
