package testenv

import "testing"

// PrivateTmp points os.TempDir at a fresh directory, so a test can check
// with EmptyDir that nothing was left behind in it.
func PrivateTmp(t testing.TB) string {
	d := t.TempDir()
	t.Setenv("TMPDIR", d)
	return d
}
