package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"desktop/marginalia/storage/refi"

	"desktop/marginalia/storage/refi/refitest"
)

var refiFixtures = filepath.Join("..", "storage", "refi", "testdata")

// TestMergeReportShowsWarningsAndTheWayOut: the merge report lists every
// warning of the files merged, and a file whose texts are missing gets a
// button that brings in its codes and users alone.
func TestMergeReportShowsWarningsAndTheWayOut(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	noTexts := refitest.WithoutTexts(t, filepath.Join(refiFixtures, "comments.qdpx"))
	got := make(chan *mergeReport, 1)
	wb.mergeFiles([]string{filepath.Join(refiFixtures, "pdf.qdpx"), filepath.Join(refiFixtures, "nvivo-utf16.qdpx"), noTexts},
		func(r *mergeReport) { got <- r })
	r := await(t, got, "the merge")
	all := strings.Join(r.Warnings, "\n")
	for _, want := range []string{`pdf.qdpx: project.qde: line`, `PDF source "Scanned letter.pdf" has no plain-text <Representation>`,
		`nvivo-utf16.qdpx: project.qde: line`, `positions count UTF-16 code units`} {
		if !strings.Contains(all, want) {
			t.Errorf("report warnings %q do not mention %q", r.Warnings, want)
		}
	}
	if len(r.Failed) != 1 || len(r.CodebookOnly) != 1 {
		t.Fatalf("failed %q, codebook-only buttons %d: want one of each", r.Failed, len(r.CodebookOnly))
	}
	before := wb.project
	cb, _ := before.Codebook()
	n := cb.Len()
	test.Tap(r.CodebookOnly[0])
	deadline := time.Now().Add(5 * time.Second)
	for {
		cb, _ := wb.project.Codebook()
		if _, ok := cb.Code("5e1a0000-0000-4000-8000-0000000000c1"); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the file's code did not arrive (codes before %d, now %d)", n, cb.Len())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if docs, _ := wb.project.Documents(); len(docs) != 4 { // the sample's 2, the PDF's text, the NVivo thread
		t.Errorf("%d documents, want 4: codes and users only must bring no document", len(docs))
	}
}

// TestExportSelectionPositions: the .qdpx export counts code points unless
// the user chooses "For NVivo".
func TestExportSelectionPositions(t *testing.T) {
	s := newExportSelection(nil, nil)
	if s.Options().Positions != refi.CodePoints {
		t.Errorf("default positions %v, want code points", s.Options().Positions)
	}
	s.Positions.SetSelected(positionsUTF16)
	if s.Options().Positions != refi.UTF16Units || !strings.Contains(positionsUTF16, "NVivo") {
		t.Errorf("positions for NVivo: %v", s.Options().Positions)
	}
}
