package storage

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Live updates of a team project: every committed change sends a NOTIFY
// on a channel named after the project's schema, with its change-log
// position as payload (logChange). WaitChange listens on a connection of
// its own and returns when another connection's change arrives; the
// window then reads it with ChangesSince, as it does for a project file
// after noticing PRAGMA data_version change.

// ErrNoLiveUpdates is returned by WaitChange for a project file, whose
// window notices other processes' changes by polling LastChange.
var ErrNoLiveUpdates = errors.New("waiting for changes is for team projects: a project file's window polls LastChange")

// listenCheck is how long WaitChange waits for a notification before it
// checks that the server still answers.
const listenCheck = 15 * time.Second

// listener state of a team project: the connection WaitChange listens
// on, and the change-log positions this Project committed itself.
type listening struct {
	config *pgx.ConnConfig // the connection's settings (nil for a file)

	wait sync.Mutex // held by WaitChange
	conn *pgx.Conn  // listening, or nil until the first WaitChange

	mu     sync.Mutex
	own    map[int64]bool     // positions of this Project's own changes, not yet heard
	stop   context.CancelFunc // ends the WaitChange in progress
	closed bool
}

// WaitChange blocks until another connection to the team project (another
// process, another Project value, another coder) commits a change, and
// then returns nil: read it with ChangesSince from the position the window
// has applied. Changes this Project commits itself are not waited for
// (OnChange reports them). Several changes may arrive as one return, and a
// return may find ChangesSince empty (a change the blind phase hides from
// this login).
//
// It returns ctx's error when ctx ends first, and an error when the
// connection to the server is lost or the Project is closed; after a lost
// connection, the next call connects again, and as changes may have been
// missed meanwhile, the window should call ChangesSince (or read the
// project again) before waiting. For a project file it returns
// ErrNoLiveUpdates at once. One goroutine at a time may wait.
func (p *Project) WaitChange(ctx context.Context) error {
	if p.team == nil {
		return ErrNoLiveUpdates
	}
	l := &p.listen
	l.wait.Lock()
	defer l.wait.Unlock()
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return fmt.Errorf("wait for changes on %s: the project is closed", p.path)
	}
	ctx, stop := context.WithCancel(ctx)
	l.stop = stop
	l.mu.Unlock()
	defer stop()
	where := func(err error) error {
		return fmt.Errorf("wait for changes on %s: the connection to the server was lost: %s", p.path, redactError(err))
	}
	if l.conn == nil {
		conn, err := pgx.ConnectConfig(ctx, l.config)
		if err == nil {
			_, err = conn.Exec(ctx, "LISTEN "+ident(p.team.Project))
			if err != nil {
				conn.Close(context.Background())
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return p.waitEnded(ctx)
			}
			return where(err)
		}
		l.conn = conn
	}
	for {
		wctx, cancel := context.WithTimeout(ctx, listenCheck)
		n, err := l.conn.WaitForNotification(wctx)
		cancel()
		if err == nil {
			seq, _ := strconv.ParseInt(n.Payload, 10, 64)
			if p.ownChange(seq) {
				continue
			}
			return nil
		}
		if ctx.Err() != nil { // the caller's context, or Close
			return p.waitEnded(ctx)
		}
		if wctx.Err() != nil && !l.conn.IsClosed() { // quiet for a while: is the server there?
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err = l.conn.Ping(pctx)
			cancel()
			if err == nil {
				continue
			}
		}
		l.conn.Close(context.Background())
		l.conn = nil
		return where(err)
	}
}

// waitEnded is the error of a WaitChange whose context ended: the
// caller's, or Close's.
func (p *Project) waitEnded(ctx context.Context) error {
	p.listen.mu.Lock()
	closed := p.listen.closed
	p.listen.mu.Unlock()
	if closed {
		return fmt.Errorf("wait for changes on %s: the project is closed", p.path)
	}
	return ctx.Err()
}

// markOwn notes a change-log position this Project is committing, so that
// WaitChange does not return for it.
func (p *Project) markOwn(seq int64) {
	if p.team == nil || seq == 0 {
		return
	}
	l := &p.listen
	l.mu.Lock()
	if l.own == nil {
		l.own = map[int64]bool{}
	}
	l.own[seq] = true
	l.mu.Unlock()
}

// ownChange reports (once) whether seq is a change this Project committed.
func (p *Project) ownChange(seq int64) bool {
	l := &p.listen
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.own[seq] {
		delete(l.own, seq)
		return true
	}
	return false
}

// closeListener ends a WaitChange in progress and closes its connection.
func (p *Project) closeListener() {
	l := &p.listen
	l.mu.Lock()
	l.closed = true
	if l.stop != nil {
		l.stop()
	}
	l.mu.Unlock()
	l.wait.Lock()
	defer l.wait.Unlock()
	if l.conn != nil {
		l.conn.Close(context.Background())
		l.conn = nil
	}
}
