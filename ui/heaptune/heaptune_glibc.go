//go:build linux && cgo

package heaptune

/*
#include <stdlib.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
static int heaptune_apply(int mmapMax, int trim) {
	return mallopt(M_MMAP_THRESHOLD, mmapMax) == 1 && mallopt(M_TRIM_THRESHOLD, trim) == 1;
}
#else
static int heaptune_apply(int mmapMax, int trim) { return 0; }
#endif

// heaptune_mmapped reports whether a block of n bytes, written to, was
// mmapped (glibc's starting threshold is 128 KiB); -1 when malloc failed,
// -2 without glibc.
static int heaptune_mmapped(size_t n) {
#ifdef __GLIBC__
	size_t before = mallinfo2().hblkhd;
	char *p = malloc(n);
	if (p == NULL) return -1;
	for (size_t i = 0; i < n; i += 4096) p[i] = 1;
	size_t during = mallinfo2().hblkhd;
	free(p);
	return during > before;
#else
	return -2;
#endif
}
*/
import "C"

const (
	mmapThreshold = 32 << 20
	trimThreshold = 64 << 20
)

var applied = C.heaptune_apply(mmapThreshold, trimThreshold) == 1

// Applied reports whether the thresholds were set (glibc).
func Applied() bool { return applied }

// mmapped allocates and frees a written block of n bytes and reports
// whether it was mmapped rather than taken from a heap.
func mmapped(n int) (bool, error) {
	switch r := C.heaptune_mmapped(C.size_t(n)); r {
	case -1:
		return false, errNoMemory
	case -2:
		return false, errNoGlibc
	default:
		return r == 1, nil
	}
}
