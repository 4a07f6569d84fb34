package proc

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// tree is the child's Job object: it and everything it starts.
type tree struct{ job windows.Handle }

// attach puts the child in a Job object of its own that kills every
// process in it when its last handle closes. Benchtop holds that handle,
// so the job dies with Benchtop however it ends. A process the child
// starts before attach runs escapes (nginx forks its workers only after
// reading its configuration, well after this).
func (t *tree) attach(pid int) error {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return fmt.Errorf("CreateJobObject: %w", err)
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{}
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		windows.CloseHandle(job)
		return fmt.Errorf("SetInformationJobObject: %w", err)
	}
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(pid))
	if err != nil {
		windows.CloseHandle(job)
		return fmt.Errorf("OpenProcess %d: %w", pid, err)
	}
	defer windows.CloseHandle(h)
	if err := windows.AssignProcessToJobObject(job, h); err != nil {
		windows.CloseHandle(job)
		return fmt.Errorf("AssignProcessToJobObject: %w", err)
	}
	t.job = job
	return nil
}

// kill ends every process in the child's job (none once it is
// released: the child is reaped and closing the job killed the rest).
func (t *tree) kill(int) {
	if t.job != 0 {
		// the caller waits for the child's exit, which says whether it worked
		_ = windows.TerminateJobObject(t.job, 1)
	}
}

// release closes the job once the child is reaped: whatever it left
// running in the job is killed then.
func (t *tree) release() {
	if t.job != 0 {
		windows.CloseHandle(t.job)
		t.job = 0
	}
}
