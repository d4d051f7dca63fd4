package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ErrInUse is returned (wrapped in an *InUseError) by Open and Create for a
// project in a shared folder that another process, here or on another
// computer, has open.
var ErrInUse = errors.New("in use")

// InUseError says who has a shared project open.
type InUseError struct {
	Path  string    // the project file
	Host  string    // the computer that has it open
	PID   int       // its process there
	Since time.Time // since when
}

func (e *InUseError) Error() string {
	since := "an unknown time"
	if !e.Since.IsZero() {
		since = e.Since.Local().Format("2006-01-02 15:04 MST")
	}
	return fmt.Sprintf("%s is in use by %s since %s (if no Marginalia there has it open any more, delete %s)",
		filepath.Base(e.Path), e.Host, since, lockPath(e.Path))
}

// Is makes errors.Is(err, ErrInUse) true.
func (e *InUseError) Is(target error) bool { return target == ErrInUse }

// lockRecord is what a lock file holds.
type lockRecord struct {
	Host  string    `json:"host"`
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
}

// projectLock is a lock file a Project holds while open in the safe mode.
type projectLock struct{ path string }

// lockPath is the lock file of the project at path: beside it, so that it
// reaches other computers through the share or the sync client.
func lockPath(path string) string { return path + ".lock" }

// hostname is this computer's name as lock files record it; a variable so
// that tests can pretend to be another computer.
var hostname = func() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "an unnamed computer"
	}
	return h
}

// acquireLock creates the lock file of the project at path, recording this
// computer, process and time. A lock left by a process of this computer
// that is gone is taken over; any other is an *InUseError.
func acquireLock(path string) (*projectLock, error) {
	lp := lockPath(path)
	me := lockRecord{Host: hostname(), PID: os.Getpid(), Since: time.Now().UTC().Truncate(time.Second)}
	data, err := json.Marshal(me)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(lp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.Write(append(data, '\n'))
			if err == nil {
				err = f.Sync()
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(lp)
				return nil, fmt.Errorf("lock file %s: %w", lp, err)
			}
			return &projectLock{path: lp}, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("lock file %s: %w", lp, err)
		}
		held, err := readLock(lp)
		if errors.Is(err, os.ErrNotExist) && attempt < 3 {
			continue // released meanwhile
		}
		if err != nil {
			// Being written by a process that is opening the project, or
			// damaged: either way someone else holds it.
			return nil, &InUseError{Path: path, Host: "another process"}
		}
		if held.Host != me.Host || processAlive(held.PID) || attempt >= 3 {
			return nil, &InUseError{Path: path, Host: held.Host, PID: held.PID, Since: held.Since}
		}
		// A stale lock of this computer: its process is gone.
		if err := os.Remove(lp); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("remove stale lock file %s: %w", lp, err)
		}
	}
}

func readLock(lp string) (lockRecord, error) {
	var r lockRecord
	data, err := os.ReadFile(lp)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil || r.Host == "" {
		return r, fmt.Errorf("lock file %s: not a Marginalia lock", lp)
	}
	return r, nil
}

// release removes the lock file, if it is still ours.
func (l *projectLock) release() error {
	if l == nil {
		return nil
	}
	if r, err := readLock(l.path); err != nil || r.Host != hostname() || r.PID != os.Getpid() {
		return nil // taken over or removed: not ours to delete
	}
	return os.Remove(l.path)
}
