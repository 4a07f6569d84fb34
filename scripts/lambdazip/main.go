// Command lambdazip packs a Lambda bootstrap executable into a zip the way
// the provided.al2023 runtime wants it: one entry, `bootstrap`, at the
// root, executable. The zip is reproducible (fixed time stamps).
//
//	go run ./scripts/lambdazip BOOTSTRAP OUT.zip
package main

import (
	"fmt"
	"os"

	"benchtop/internal/files"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: lambdazip BOOTSTRAP OUT.zip")
		os.Exit(2)
	}
	if err := pack(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "lambdazip:", err)
		os.Exit(1)
	}
}

func pack(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	z, err := files.ZipOne("bootstrap", b, 0o755)
	if err != nil {
		return err
	}
	return files.WriteAtomicBytes(dst, z)
}
