//go:build unix

package storage_test

import (
	"os"
	"testing"

	"desktop/marginalia/storage"
)

// BenchmarkBackup backs up a project of 1,000 documents and 1,000,000
// codings (with the undo journal of their imports) into a fresh folder.
// Goal: at most 5 s; the window's writes go on meanwhile (see
// TestBackupDoesNotBlockWrites).
func BenchmarkBackup(b *testing.B) {
	p, _ := bigProject(b, 1000, 1000)
	m := &meter{b: b}
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		m.start()
		info, err := p.Backup(dir)
		m.stop()
		if err != nil || info.Codings != 1_000_000 {
			b.Fatalf("backup holds %d codings, %v", info.Codings, err)
		}
		b.ReportMetric(float64(info.Size)/(1<<20), "file-MiB")
		os.RemoveAll(dir)
		b.StartTimer()
	}
	m.report(1, "cpu-s/op")
}

// BenchmarkCheck checks the same project. Goal: at most 10 s.
func BenchmarkCheck(b *testing.B) {
	p, _ := bigProject(b, 1000, 1000)
	path := p.Path()
	m := meter{b: b, since: processCPU()}
	for b.Loop() {
		r, err := storage.Check(path)
		if err != nil || !r.OK() || r.Codings != 1_000_000 {
			b.Fatalf("check: %v %v (%d codings)", r.Problems, err, r.Codings)
		}
	}
	m.cpu = processCPU() - m.since
	m.report(1, "cpu-s/op")
}
