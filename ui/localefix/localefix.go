package localefix

import (
	"os"
	"strings"
)

func init() { apply(os.Getenv, os.Setenv) }

func apply(getenv func(string) string, setenv func(string, string) error) {
	if getenv("LANGUAGE") != "" {
		return
	}
	loc := ""
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = getenv(k); loc != "" {
			break
		}
	}
	// "C" and "POSIX" alone Fyne handles; "C.UTF-8" and friends it does not.
	base, _, _ := strings.Cut(loc, ".")
	if loc != base && (base == "C" || base == "POSIX") {
		_ = setenv("LANGUAGE", "en")
	}
}
