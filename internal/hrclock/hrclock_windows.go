package hrclock

import (
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	kernel32 = windows.NewLazySystemDLL("kernel32.dll")
	qpc      = kernel32.NewProc("QueryPerformanceCounter")
	qpf      = kernel32.NewProc("QueryPerformanceFrequency")

	freq  int64     // counts per second; 0: no counter, use time.Now
	base  time.Time // time.Now at the start
	count int64     // the counter at the start
)

func init() {
	var f int64
	if r, _, _ := qpf.Call(uintptr(unsafe.Pointer(&f))); r == 0 || f <= 0 {
		return
	}
	base, count, freq = time.Now(), read(), f
}

func read() int64 {
	var c int64
	// QueryPerformanceCounter cannot fail since Windows XP; init checked
	// the frequency
	_, _, _ = qpc.Call(uintptr(unsafe.Pointer(&c)))
	return c
}

// Now is the start time plus the performance counter's advance since.
func Now() time.Time {
	if freq == 0 {
		return time.Now()
	}
	d := read() - count
	// split to avoid overflowing d * 1e9 (after ~10 days at 10 MHz)
	sec, rem := d/freq, d%freq
	return base.Add(time.Duration(sec)*time.Second + time.Duration(rem*int64(time.Second)/freq))
}
