package storage

import (
	"os"
	"testing"
)

// TestMain lets the test binary, re-executed by a test, play a helper
// process instead of running the tests: holding a shared project open
// (holderEnv, location_internal_test.go) or checking read-only projects as
// another user (readOnlyChildEnv, readonly_internal_test.go). A package has
// one TestMain: add other helper modes here.
func TestMain(m *testing.M) {
	if path := os.Getenv(holderEnv); path != "" {
		os.Setenv(sharedEnv, "1")
		p, err := Open(path)
		if err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("open\n")
		buf := make([]byte, 1)
		os.Stdin.Read(buf)
		p.Close()
		os.Exit(0)
	}
	if os.Getenv(readOnlyChildEnv) != "" {
		os.Exit(readOnlyChild())
	}
	os.Exit(m.Run())
}
