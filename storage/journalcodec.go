package storage

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
)

// How a journal entry's changes are stored (journal.changes).
//
// An entry is the JSON array encodeChanges writes. Small entries (one
// coding, one code edit) are stored as that JSON text, as schema 2 stored
// every entry, so they stay readable with any SQLite tool. Larger ones (an
// import, a merge) are stored as a BLOB: the byte journalDeflate, then one
// or more chunks, each a uvarint length and that many bytes of raw DEFLATE
// (RFC 1951) data that inflate to a JSON array of consecutive changes. The
// chunks are compressed and decompressed in parallel; an import of 200,000
// codings shrinks from about 64 MiB of JSON to about 10 MiB. decodeJournal
// reads both forms, so entries written before schema 3 still undo.

// journalDeflate marks a compressed journal entry; JSON starts with '['.
const journalDeflate = 0x01

// journalCompressFrom is the encoded size from which an entry is
// compressed, and journalChunk about how much JSON one chunk holds.
const (
	journalCompressFrom = 1 << 10
	journalChunk        = 1 << 20
)

var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed) // a valid level never fails
	return w
}}

var inflaters = sync.Pool{New: func() any { return flate.NewReader(nil) }}

// encodeJournal returns what journal.changes stores for changes (a string
// of JSON for a small entry, compressed bytes for a large one) and its size
// in bytes.
func encodeJournal(changes []change) (stored any, size int, err error) {
	var ranges [][2]int // chunks of changes, [from, to)
	size, total, from := 0, 0, 0
	for i, c := range changes {
		n := len(c.Before) + len(c.After) + len(c.ID) + 40
		size += n
		total += n
		if size >= journalChunk {
			ranges = append(ranges, [2]int{from, i + 1})
			from, size = i+1, 0
		}
	}
	if from < len(changes) {
		ranges = append(ranges, [2]int{from, len(changes)})
	}
	if total < journalCompressFrom {
		text := encodeChanges(changes)
		return string(text), len(text), nil
	}
	chunks := make([][]byte, len(ranges))
	err = parallel(len(ranges), func(i int) error {
		var buf bytes.Buffer
		w := deflaters.Get().(*flate.Writer)
		defer deflaters.Put(w)
		w.Reset(&buf)
		if _, err := w.Write(encodeChanges(changes[ranges[i][0]:ranges[i][1]])); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		chunks[i] = buf.Bytes()
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	n := 1
	for _, c := range chunks {
		n += binary.MaxVarintLen64 + len(c)
	}
	out := make([]byte, 1, n)
	out[0] = journalDeflate
	for _, c := range chunks {
		out = binary.AppendUvarint(out, uint64(len(c)))
		out = append(out, c...)
	}
	return out, len(out), nil
}

// decodeJournal reads a journal entry as encodeJournal (or schema 2)
// stored it.
func decodeJournal(stored []byte) ([]change, error) {
	var parts [][]change
	err := journalJSON(stored, func(n int) { parts = make([][]change, n) }, func(i int, raw []byte) error {
		var err error
		parts[i], err = decodeChanges(raw)
		return err
	})
	if err != nil {
		return nil, err
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	changes := make([]change, 0, n)
	for _, p := range parts {
		changes = append(changes, p...)
	}
	return changes, nil
}

// journalJSON hands each JSON chunk of a stored journal entry to use (in
// parallel; chunk i of n, after chunks(n) was told how many there are):
// the entry itself when it is JSON text, or each inflated chunk.
func journalJSON(stored []byte, chunks func(n int), use func(i int, raw []byte) error) error {
	if len(stored) == 0 {
		return errors.New("empty journal entry")
	}
	switch stored[0] {
	case '[':
		chunks(1)
		return use(0, stored)
	case journalDeflate:
	default:
		return fmt.Errorf("journal entry in an unknown format (first byte %#x)", stored[0])
	}
	var compressed [][]byte
	for rest := stored[1:]; len(rest) > 0; {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return errors.New("journal entry cut short")
		}
		compressed = append(compressed, rest[k:k+int(n)])
		rest = rest[k+int(n):]
	}
	chunks(len(compressed))
	return parallel(len(compressed), func(i int) error {
		r := inflaters.Get().(io.ReadCloser)
		defer inflaters.Put(r)
		if err := r.(flate.Resetter).Reset(bytes.NewReader(compressed[i]), nil); err != nil {
			return err
		}
		raw, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("journal chunk %d: %w", i+1, err)
		}
		return use(i, raw)
	})
}

// parallel runs fn(0) … fn(n-1) on up to GOMAXPROCS goroutines and returns
// the first error.
func parallel(n int, fn func(i int) error) error {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			if err := fn(i); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan int)
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
