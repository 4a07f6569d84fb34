package heaptune

import "errors"

var (
	errNoMemory = errors.New("malloc failed")
	errNoGlibc  = errors.New("not glibc: no thresholds to set")
)
