package version

import "testing"

func TestString(t *testing.T) {
	cases := []struct {
		in   Info
		want string
	}{
		{Info{Number: "1.2.3"}, "1.2.3"},
		{Info{Number: "1.2.3", Revision: "0123456789abcdef0123", Time: "2026-11-26T06:00:00Z"}, "1.2.3 (0123456789ab, 2026-11-26T06:00:00Z)"},
		{Info{Number: "1.2.3", Revision: "abc", Modified: true}, "1.2.3 (abc, modified)"},
	}
	for _, c := range cases {
		if got := c.in.String(); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestGetKeepsNumber(t *testing.T) {
	old := Number
	defer func() { Number = old }()
	Number = "9.9.9"
	if g := Get(); g.Number != "9.9.9" || g.Go == "" {
		t.Fatalf("Get() = %+v, want number 9.9.9 and the Go version", g)
	}
}
