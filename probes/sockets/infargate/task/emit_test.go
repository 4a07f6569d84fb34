package task

import (
	"strings"
	"testing"
)

func TestCollectSaysWhatIsMissing(t *testing.T) {
	_, err := Collect([]string{"hello", results1of2})
	if err == nil || !strings.Contains(err.Error(), "1 of 2") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Collect(nil); err == nil || !strings.Contains(err.Error(), "no result") {
		t.Fatalf("err = %v", err)
	}
}

const results1of2 = "benchtop.run/1 1/2 {\"schema\":"

func TestLayoutRoundTrip(t *testing.T) {
	l := DefaultLayout()
	env := l.Env()
	got, err := LayoutFromEnv(func(k string) string { return env[k] })
	if err != nil || got != l {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := LayoutFromEnv(func(string) string { return "" }); err == nil {
		t.Fatal("an empty environment was accepted")
	}
}
