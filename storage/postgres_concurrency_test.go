package storage_test

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/teamtest"
)

// window is what a window keeps of a project: built from an Overview, then
// kept up to date by applying the change sets of ChangesSince, as the
// window does for other processes' changes.
type window struct {
	seq       int64
	codes     map[string]coding.Code
	coders    map[string]coding.Coder
	codeCount map[[2]string]int // (code, coder) → codings
	docCount  map[[2]string]int // (document, coder) → codings
}

// windowOf is the state an Overview shows.
func windowOf(o storage.Overview) *window {
	w := &window{seq: o.Seq, codes: map[string]coding.Code{}, coders: map[string]coding.Coder{},
		codeCount: map[[2]string]int{}, docCount: map[[2]string]int{}}
	for _, c := range o.Codebook.Codes() {
		w.codes[c.ID] = c
	}
	for _, c := range o.Coders {
		w.coders[c.ID] = c
	}
	for _, c := range o.CodeCounts {
		w.codeCount[[2]string{c.Key, c.CoderID}] = c.N
	}
	for _, c := range o.DocumentCounts {
		w.docCount[[2]string{c.Key, c.CoderID}] = c.N
	}
	return w
}

// apply brings the window up to date with one change set.
func (w *window) apply(cs storage.ChangeSet) {
	w.seq = cs.Seq
	for _, c := range cs.Codes.Removed {
		delete(w.codes, c.ID)
	}
	for _, u := range cs.Codes.Updated {
		w.codes[u.After.ID] = u.After
	}
	for _, c := range cs.Codes.Added {
		w.codes[c.ID] = c
	}
	for _, c := range cs.Coders.Removed {
		delete(w.coders, c.ID)
	}
	for _, u := range cs.Coders.Updated {
		w.coders[u.After.ID] = u.After
	}
	for _, c := range cs.Coders.Added {
		w.coders[c.ID] = c
	}
	count := func(c coding.Coding, d int) {
		for _, k := range []struct {
			m   map[[2]string]int
			key [2]string
		}{{w.codeCount, [2]string{c.CodeID, c.CoderID}}, {w.docCount, [2]string{c.DocumentID, c.CoderID}}} {
			k.m[k.key] += d
			if k.m[k.key] == 0 {
				delete(k.m, k.key)
			}
		}
	}
	for _, c := range cs.Codings.Removed {
		count(c, -1)
	}
	for _, u := range cs.Codings.Updated {
		count(u.Before, -1)
		count(u.After, +1)
	}
	for _, c := range cs.Codings.Added {
		count(c, +1)
	}
}

// catchUp applies every change committed since the window last looked.
func (w *window) catchUp(p *storage.Project) error {
	changes, err := p.ChangesSince(w.seq)
	if err != nil {
		return err
	}
	for _, cs := range changes {
		w.apply(cs)
	}
	return nil
}

// diff describes how w differs from other ("" when they are equal).
func (w *window) diff(other *window) string {
	var out []string
	if !maps.Equal(w.codes, other.codes) {
		out = append(out, fmt.Sprintf("codebook: %d codes, fresh read %d", len(w.codes), len(other.codes)))
		for id, c := range other.codes {
			if w.codes[id] != c {
				out = append(out, fmt.Sprintf("  code %s: window %+v, fresh %+v", id, w.codes[id], c))
			}
		}
		for id, c := range w.codes {
			if _, ok := other.codes[id]; !ok {
				out = append(out, fmt.Sprintf("  code %s: window %+v, gone", id, c))
			}
		}
	}
	if !maps.Equal(w.coders, other.coders) {
		out = append(out, fmt.Sprintf("coders: %v, fresh read %v", w.coders, other.coders))
	}
	if !maps.Equal(w.codeCount, other.codeCount) {
		out = append(out, fmt.Sprintf("counts per code: %v, fresh read %v", w.codeCount, other.codeCount))
	}
	if !maps.Equal(w.docCount, other.docCount) {
		out = append(out, fmt.Sprintf("counts per document: %v, fresh read %v", w.docCount, other.docCount))
	}
	return strings.Join(out, "\n")
}

// TestTeamConcurrentCodersAndLead has ten coders, each with their own
// login and connection, add codings one action at a time while the lead
// renames, moves and merges the codes they are coding with, and two
// windows keep up through ChangesSince. Nothing may be lost, duplicated or
// left pointing at a code that is gone, and the windows must end equal to
// a fresh read.
func TestTeamConcurrentCodersAndLead(t *testing.T) {
	perCoder := 1000
	if testing.Short() {
		perCoder = 100
	}
	const coders = 10
	names := make([]string, coders)
	for i := range names {
		names[i] = fmt.Sprintf("coder%d", i)
	}
	tp := teamtest.New(t, "conc", "lead", names...)
	sfx := tp.Suffix
	lead := tp.Open(t, tp.Lead)
	docs := []coding.Document{readCorpus(t, "sony-hack-cyber-dialogue.txt"), readCorpus(t, "setback-cyber-cooperation.txt")}
	if _, err := lead.AddDocuments(docs); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		if _, err := lead.AddCode(coding.Code{Name: fmt.Sprintf("Theme %d", i), Codable: true}); err != nil {
			t.Fatal(err)
		}
	}

	// Two windows: the lead's and a coder's, each its own connection.
	windows := []*storage.Project{tp.Open(t, tp.Lead), tp.Open(t, names[0]+sfx)}
	states := make([]*window, len(windows))
	for i, p := range windows {
		o, err := p.Overview()
		if err != nil {
			t.Fatal(err)
		}
		states[i] = windowOf(o)
	}

	start := time.Now()
	var (
		writers sync.WaitGroup
		done    atomic.Bool
		errs    = make(chan error, coders+8)
	)
	for i := range coders {
		login := names[i] + sfx
		p := tp.Open(t, login)
		writers.Add(1)
		go func() {
			defer writers.Done()
			me := p.Team().CoderID
			var codes []coding.Code
			refresh := func() error {
				cb, err := p.Codebook()
				if err != nil {
					return err
				}
				codes = cb.Codes()
				return nil
			}
			if err := refresh(); err != nil {
				errs <- err
				return
			}
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for j := 0; j < perCoder; j++ {
				// Every span is this coder's only one of its range, so that
				// merging two codes never drops one as a duplicate.
				c := coding.Coding{DocumentID: docs[j%2].ID, CoderID: me, Span: coding.Span{Start: j, End: j + 1 + i}}
				for attempt := 0; ; attempt++ {
					c.CodeID = codes[rng.IntN(len(codes))].ID
					_, err := p.AddCoding(c)
					if err == nil {
						break
					}
					// The lead merged that code away: read the codebook again,
					// as the window would, and code with one that exists.
					if attempt > 20 || !strings.Contains(err.Error(), "no code with id") && !strings.Contains(err.Error(), "deleted or merged it meanwhile") {
						errs <- fmt.Errorf("%s coding %d: %w", login, j, err)
						return
					}
					if err := refresh(); err != nil {
						errs <- err
						return
					}
				}
				if j%50 == 49 {
					if err := refresh(); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}

	// The lead edits the codebook until the coders are done.
	var leadOps atomic.Int64
	var leadDone sync.WaitGroup
	leadDone.Add(1)
	go func() {
		defer leadDone.Done()
		rng := rand.New(rand.NewPCG(42, 42))
		for k := 0; !done.Load(); k++ {
			cb, err := lead.Codebook()
			if err != nil {
				errs <- err
				return
			}
			codes := cb.Codes()
			pick := func() coding.Code { return codes[rng.IntN(len(codes))] }
			switch k % 4 {
			case 0: // rename
				c := pick()
				edited := c
				edited.Name = fmt.Sprintf("Renamed %d", k)
				err = lead.UpdateCode(c, edited)
			case 1: // move under another code, or back to the top
				c, parent := pick(), pick()
				if parent.ID == c.ID || slices.Contains(cb.Descendants(c.ID), parent.ID) {
					parent = coding.Code{}
				}
				edited := c
				edited.ParentID = parent.ID
				err = lead.UpdateCode(c, edited)
			case 2: // a new code for the coders
				_, err = lead.AddCode(coding.Code{Name: fmt.Sprintf("New %d", k), Codable: true})
			case 3: // merge one code into another
				if len(codes) < 4 {
					continue
				}
				from, into := pick(), pick()
				if from.ID == into.ID || slices.Contains(cb.Descendants(from.ID), into.ID) {
					continue
				}
				_, err = lead.MergeCode(from.ID, into.ID)
			}
			if err != nil {
				errs <- fmt.Errorf("lead, step %d: %w", k, err)
				return
			}
			leadOps.Add(1)
			time.Sleep(100 * time.Millisecond) // a busy lead, faster than any person
		}
	}()

	// The windows keep up while the others work.
	var readers sync.WaitGroup
	for i, p := range windows {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for !done.Load() {
				if err := states[i].catchUp(p); err != nil {
					errs <- fmt.Errorf("window %d: %w", i, err)
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
	}

	writers.Wait()
	elapsed := time.Since(start)
	done.Store(true)
	leadDone.Wait()
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	t.Logf("%d coders × %d codings with %d codebook edits by the lead: %v (%.0f codings/s)",
		coders, perCoder, leadOps.Load(), elapsed.Round(time.Millisecond), float64(coders*perCoder)/elapsed.Seconds())
	if leadOps.Load() < 4 {
		t.Errorf("the lead made only %d codebook edits while the coders worked", leadOps.Load())
	}

	// Nothing lost or duplicated; every coding on an existing code.
	all, err := lead.Codings(storage.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != coders*perCoder {
		t.Errorf("%d codings, want %d", len(all), coders*perCoder)
	}
	cb, err := lead.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	type key struct {
		doc, coder string
		span       coding.Span
	}
	spans := map[key]bool{}
	perCoderCount := map[string]int{}
	for _, c := range all {
		if ids[c.ID] {
			t.Errorf("coding %s twice", c.ID)
		}
		ids[c.ID] = true
		k := key{c.DocumentID, c.CoderID, c.Span}
		if spans[k] {
			t.Errorf("coder %s coded %s of %s twice", c.CoderID, c.Span, c.DocumentID)
		}
		spans[k] = true
		if _, ok := cb.Code(c.CodeID); !ok {
			t.Errorf("coding %s points at code %s, which does not exist", c.ID, c.CodeID)
		}
		perCoderCount[c.CoderID]++
	}
	for _, name := range names {
		coder, err := lead.CoderNamed(name + sfx)
		if err != nil {
			t.Fatal(err)
		}
		if n := perCoderCount[coder.ID]; n != perCoder {
			t.Errorf("%s has %d codings, want %d", name, n, perCoder)
		}
	}

	// Both windows equal a fresh read.
	for i, p := range windows {
		if err := states[i].catchUp(p); err != nil {
			t.Fatalf("window %d: %v", i, err)
		}
		o, err := p.Overview()
		if err != nil {
			t.Fatal(err)
		}
		fresh := windowOf(o)
		if states[i].seq != fresh.seq {
			t.Errorf("window %d is at change %d, a fresh read at %d", i, states[i].seq, fresh.seq)
		}
		if d := states[i].diff(fresh); d != "" {
			t.Errorf("window %d (%s) differs from a fresh read:\n%s", i, p.Team().Login, d)
		}
	}
}

var _ = errors.Is
