package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// ErrReadOnly is wrapped by every error a write to a read-only project
// returns: errors.Is(err, ErrReadOnly).
var ErrReadOnly = errors.New("read-only")

// ReadOnlyError is the error a write to a read-only project returns.
type ReadOnlyError struct {
	Path   string // the project file
	Reason string // why it is read-only, as a phrase
}

func (e *ReadOnlyError) Error() string {
	if e.Reason == "" {
		return filepath.Base(e.Path) + " is read-only"
	}
	return fmt.Sprintf("%s is read-only: %s", filepath.Base(e.Path), e.Reason)
}

// Is makes errors.Is(err, ErrReadOnly) true.
func (e *ReadOnlyError) Is(target error) bool { return target == ErrReadOnly }

// OpenReadOnly opens an existing project read-only, whether or not it
// could be changed: for looking at a project (or a copy of one) without
// any risk of changing it.
func OpenReadOnly(path string) (*Project, error) {
	version, err := inspect(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return openReadOnly(path, version, "it was opened read-only")
}

// ReadOnly reports whether the project was opened read-only (see Open);
// every write then returns an error wrapping ErrReadOnly.
func (p *Project) ReadOnly() bool { return p.readOnly != "" }

// ReadOnlyReason says why the project is read-only ("you do not have
// permission to change it"), or "" when it is not.
func (p *Project) ReadOnlyReason() string { return p.readOnly }

// readOnlyError is the error for a write to p, or nil when p is writable.
func (p *Project) readOnlyError() error {
	if p.readOnly == "" {
		return nil
	}
	return &ReadOnlyError{Path: p.path, Reason: p.readOnly}
}

// asReadOnly turns SQLite's "attempt to write a readonly database" (a file
// that became read-only while open) into a ReadOnlyError naming the file.
func (p *Project) asReadOnly(err error) error {
	// By its message: the driver's error type exists only in cgo builds.
	if err != nil && strings.Contains(err.Error(), "attempt to write a readonly database") {
		return &ReadOnlyError{Path: p.path, Reason: "it cannot be written (" + err.Error() + ")"}
	}
	return err
}

// writeProbe returns why the project file at path cannot be changed, or
// nil. A variable so that tests run as root can pretend.
var writeProbe = func(path string) error {
	if err := writeDenied(path); err != nil {
		return err
	}
	// SQLite writes a journal (or write-ahead log) beside the file.
	return writeDenied(filepath.Dir(path))
}

// readOnlyReason returns why the project file at path must be opened
// read-only, or "".
func readOnlyReason(path string) string {
	// A file whose permissions let no one write it is read-only even to
	// root, whom the system lets write anything: the mode says what the
	// owner meant.
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o222 == 0 {
		return fmt.Sprintf("the file is marked read-only (permissions %s)", fi.Mode().Perm())
	}
	err := writeProbe(path)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, syscall.EROFS):
		return "it is on a read-only disk or share"
	}
	if dirErr := writeDenied(filepath.Dir(path)); dirErr != nil && writeDenied(path) == nil {
		return fmt.Sprintf("you may not create files in its folder %s, which saving needs", filepath.Dir(path))
	}
	if errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) {
		return "you do not have permission to change it"
	}
	return "it cannot be written (" + err.Error() + ")"
}
