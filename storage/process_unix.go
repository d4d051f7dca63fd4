//go:build unix

package storage

import (
	"errors"
	"syscall"
)

// processAlive reports whether process pid exists on this computer.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// writeDenied returns why path (a file or a folder) cannot be written, or
// nil, without writing anything.
func writeDenied(path string) error {
	return syscall.Access(path, 2) // W_OK
}
