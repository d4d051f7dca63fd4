package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
	"desktop/marginalia/storage/refi"
)

// codebookPaths is the project's codebook as "path colour" lines, in tree order.
func codebookPaths(t *testing.T, p *storage.Project) []string {
	t.Helper()
	cb, err := p.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cb.Codes() {
		out = append(out, cb.Path(c.ID)+" "+c.Color)
	}
	return out
}

// writeTeamCodebook writes the project's codebook as a .qdc in which Trust
// (same GUID) is renamed "Mutual trust" and Norms has a new sub-code.
func writeTeamCodebook(t *testing.T, p *storage.Project) string {
	t.Helper()
	cb, err := p.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	codes := cb.Codes()
	trust, _ := cb.ByPath("Trust")
	norms, _ := cb.ByPath("Norms")
	for i := range codes {
		if codes[i].ID == trust.ID {
			codes[i].Name = "Mutual trust"
		}
	}
	codes = append(codes, coding.Code{ID: coding.NewID(), Name: "Cyber vandalism", ParentID: norms.ID, Color: "#654321", Codable: true})
	path := filepath.Join(t.TempDir(), "team.qdc")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := refi.WriteCodebook(f, codes); err != nil {
		t.Fatal(err)
	}
	return path
}

// shownRows are the preview's rows as the list draws them: "Kind|path|detail".
func shownRows(pv *codebookPreview) []string {
	var out []string
	for i := range pv.List.Length() {
		item := pv.List.CreateItem()
		pv.List.UpdateItem(i, item)
		kind, path, detail := changeRowLabels(item)
		out = append(out, kind.Text+"|"+path.Text+"|"+detail.Text)
	}
	return out
}

func TestCodebookPreview(t *testing.T) {
	tests := []struct {
		name       string
		tap        func(pv *codebookPreview) *widget.Button
		wantCodes  []string
		wantUndo   string
		wantStatus string
	}{
		{
			name: "Import",
			tap:  func(pv *codebookPreview) *widget.Button { return pv.Import },
			wantCodes: []string{"Mutual trust #2E86DE", "Norms #E67E22", "Norms > Cyber vandalism #654321",
				"Sovereignty #8E44AD", "Cooperation #27AE60", "Conflict #C0392B"},
			wantUndo:   "Import codebook team.qdc",
			wantStatus: "team.qdc: codes 1 added, 1 renamed, 4 left alone (Ctrl+Z undoes)",
		},
		{
			name:      "Cancel",
			tap:       func(pv *codebookPreview) *widget.Button { return pv.Cancel },
			wantCodes: []string{"Trust #2E86DE", "Norms #E67E22", "Sovereignty #8E44AD", "Cooperation #27AE60", "Conflict #C0392B"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, _ := newTestWorkbench(t)
			path := writeTeamCodebook(t, wb.project)
			before := codebookPaths(t, wb.project)
			undoBefore, _ := wb.project.UndoLabel()

			pv, err := wb.previewCodebook(path)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{
				"Add|Norms > Cyber vandalism|",
				"Rename|Mutual trust|was Trust",
				"Leave alone|Conflict|", "Leave alone|Cooperation|", "Leave alone|Norms|", "Leave alone|Sovereignty|",
			}
			if got := shownRows(pv); !slices.Equal(got, want) {
				t.Errorf("preview rows\n%q\nwant\n%q", got, want)
			}
			if !strings.HasPrefix(pv.Summary.Text, "team.qdc: codes 1 added, 1 renamed, 4 left alone") || pv.Import.Disabled() {
				t.Errorf("summary %q, import disabled %t", pv.Summary.Text, pv.Import.Disabled())
			}
			if got := codebookPaths(t, wb.project); !slices.Equal(got, before) {
				t.Errorf("the preview changed the codebook: %q", got)
			}
			if wb.win.Canvas().Overlays().Top() == nil {
				t.Error("the preview dialog is not on screen")
			}

			test.Tap(tt.tap(pv))

			if got := codebookPaths(t, wb.project); !slices.Equal(got, tt.wantCodes) {
				t.Errorf("codebook after %s\n%q\nwant\n%q", tt.name, got, tt.wantCodes)
			}
			if tt.wantUndo == "" {
				tt.wantUndo = undoBefore // Cancel records nothing
			}
			if label, _ := wb.project.UndoLabel(); label != tt.wantUndo {
				t.Errorf("undo label %q, want %q", label, tt.wantUndo)
			}
			if tt.wantStatus != "" && wb.LastAction.Text != tt.wantStatus {
				t.Errorf("status %q, want %q", wb.LastAction.Text, tt.wantStatus)
			}
			if wb.win.Canvas().Overlays().Top() != nil {
				t.Errorf("the dialog is still open after %s", tt.name)
			}
			// The workbench shows the codebook it has now.
			if wb.st.codebook.Len() != len(tt.wantCodes) {
				t.Errorf("the codebook panel was not reloaded")
			}
		})
	}
}

func TestCodebookPreviewOfTheSameCodebook(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	path := filepath.Join(t.TempDir(), "same.qdc")
	if err := wb.project.ExportFile(path, storage.Filter{}); err != nil {
		t.Fatal(err)
	}
	pv, err := wb.previewCodebook(path)
	if err != nil {
		t.Fatal(err)
	}
	if !pv.Import.Disabled() || !strings.Contains(pv.Summary.Text, "nothing to import") {
		t.Errorf("importing the project's own codebook: import disabled %t, summary %q", pv.Import.Disabled(), pv.Summary.Text)
	}
}

func TestCodebookPreviewOfABadFile(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	path := filepath.Join(t.TempDir(), "broken.qdc")
	if err := os.WriteFile(path, []byte(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="x"`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := wb.previewCodebook(path); err == nil || !strings.Contains(err.Error(), "broken.qdc") {
		t.Errorf("error %v should name the file", err)
	}
}

// coderExport makes, from a copy of the sample project, the .qdpx a coder
// sends back after coding phrase of the Sony article with Trust.
func coderExport(t *testing.T, coder, phrase string) string {
	t.Helper()
	dir := t.TempDir()
	if err := CreateSampleProject(filepath.Join(dir, coder+".qdb")); err != nil {
		t.Fatal(err)
	}
	p, err := storage.Open(filepath.Join(dir, coder+".qdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	doc, err := p.DocumentNamed("sony-hack-cyber-dialogue.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ = p.Document(doc.ID)
	i := strings.Index(doc.Text, phrase)
	start := coding.ByteToRune(doc.Text, i)
	if _, err := p.Code(storage.CodeRequest{Coder: coder, Document: doc.Name, CodePath: "Trust", Span: coding.Span{Start: start, End: start + len([]rune(phrase))}}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, coder+".qdpx")
	if err := p.ExportFile(out, storage.Filter{}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMergeCodersWork(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	carol := coderExport(t, "carol", "deepened their distrust")
	bob := coderExport(t, "bob", "mutual trust")
	bad := filepath.Join(t.TempDir(), "bad.qdpx")
	if err := os.WriteFile(bad, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	merge := func(paths ...string) *mergeReport {
		t.Helper()
		got := make(chan *mergeReport, 1)
		wb.mergeFiles(paths, func(r *mergeReport) { got <- r })
		return await(t, got, "the merge")
	}

	r := merge(carol, bad, bob)
	if len(r.Merged) != 2 || len(r.Failed) != 1 || !strings.Contains(r.Failed[0], "bad.qdpx") {
		t.Fatalf("report: merged %q, failed %q", r.Merged, r.Failed)
	}
	for i, want := range []string{"carol.qdpx: documents 2 matched, 0 added; codes 5 matched, 0 added; coders 0 matched, 1 added; codings 1 added (carol 1)",
		"bob.qdpx: documents 2 matched, 0 added; codes 5 matched, 0 added; coders 0 matched, 1 added; codings 1 added (bob 1)"} {
		if !strings.HasPrefix(r.Merged[i], want) {
			t.Errorf("report line %q, want %q…", r.Merged[i], want)
		}
	}
	if n, _ := wb.project.CodingCount(); n != 2 {
		t.Errorf("%d codings after the merge, want 2", n)
	}
	if docs, _ := wb.project.Documents(); len(docs) != 2 {
		t.Errorf("%d documents after the merge, want the 2 sample articles matched by their text", len(docs))
	}
	if len(wb.st.coders) != 3 || wb.LastAction.Text != "Merged 2 of 3 files (Ctrl+Z undoes the last)" {
		t.Errorf("workbench not reloaded: coders %v, status %q", wb.st.coders, wb.LastAction.Text)
	}

	again := merge(carol, bob)
	if len(again.Merged) != 2 || !strings.Contains(again.Merged[0], "codings 0 added, 1 already in the project") {
		t.Errorf("merging again: %q %q", again.Merged, again.Failed)
	}
	if n, _ := wb.project.CodingCount(); n != 2 {
		t.Errorf("%d codings after merging twice, want 2", n)
	}
}

func TestExportSelection(t *testing.T) {
	coders := []coding.Coder{{ID: "c1", Name: "alice"}, {ID: "c2", Name: "bob"}}
	docs := []coding.Document{{ID: "d1", Name: "one.txt"}, {ID: "d2", Name: "two.txt"}, {ID: "d3", Name: "three.txt"}}
	tests := []struct {
		name          string
		coders, docs  []string // chosen; nil keeps the default (all)
		wantCoders    []string
		wantDocuments []string
		wantErr       string
	}{
		{name: "everything by default"},
		{name: "one coder", coders: []string{"bob"}, wantCoders: []string{"c2"}},
		{name: "two documents", docs: []string{"three.txt", "one.txt"}, wantDocuments: []string{"d3", "d1"}},
		{name: "no coder", coders: []string{}, wantErr: "choose at least one coder"},
		{name: "no document", docs: []string{}, wantErr: "choose at least one document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newExportSelection(coders, docs)
			if tt.coders != nil {
				s.Coders.SetSelected(tt.coders)
			}
			if tt.docs != nil {
				s.Documents.SetSelected(tt.docs)
			}
			f, err := s.Filter()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(f.Coders, tt.wantCoders) || !slices.Equal(f.Documents, tt.wantDocuments) {
				t.Errorf("filter %+v, %v; want coders %q documents %q", f, err, tt.wantCoders, tt.wantDocuments)
			}
		})
	}
}

func TestExportProjectOfChosenCoder(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	for _, path := range []string{coderExport(t, "carol", "deepened their distrust"), coderExport(t, "bob", "mutual trust")} {
		if err := wb.project.ImportFile(path).Err; err != nil {
			t.Fatal(err)
		}
	}
	wb.sync()
	s := newExportSelection(wb.st.coders, wb.st.docs)
	s.Coders.SetSelected([]string{"bob"})
	f, err := s.Filter()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "bob only.qdpx")
	finished := make(chan error, 1)
	wb.exportInBackground(out, f, func(err error) { finished <- err })
	if err := await(t, finished, "the export"); err != nil {
		t.Fatal(err)
	}
	rp, err := refi.ReadProjectFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(rp.Coders) != 1 || rp.Coders[0].Name != "bob" || len(rp.Codings) != 1 || len(rp.Documents) != 2 || len(rp.Codes) != 5 {
		t.Errorf("export of bob's work: %d coders %v, %d codings, %d documents, %d codes", len(rp.Coders), rp.Coders, len(rp.Codings), len(rp.Documents), len(rp.Codes))
	}
}
