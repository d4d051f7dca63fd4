package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/storage"
)

// A read-only project opens with a banner saying so and why; coding says
// why it cannot be done, and undo shows storage's "FILE is read-only"
// error; nothing changes.
func TestReadOnlyProjectShowsABannerAndRefusesCoding(t *testing.T) {
	a := test.NewTempApp(t)
	path := newSampleProject(t, "sample.qdb")
	p, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.EnsureCoder("alice"); err != nil {
		t.Fatal(err)
	}
	p.Close()
	p, err = storage.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	defer w.Close()
	wb := NewWorkbench(a, w, p)
	w.SetContent(wb.Content())
	w.Resize(fyne.NewSize(1300, 850))
	wb.SetCoder("alice")
	if w.Canvas().Overlays().Top() != nil {
		t.Fatalf("choosing an existing coder showed %q", overlayText(w))
	}
	banner := false
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "Read-only: it was opened read-only.") {
			banner = true
		}
	}
	if !banner {
		t.Error("no read-only banner")
	}
	d, err := p.DocumentNamed(sonyArticle)
	if err != nil {
		t.Fatal(err)
	}
	wb.OpenDocument(d.ID)
	dragSelect(w, wb, spanOf(t, wb, "cyber vandalism"))
	cb, _ := p.Codebook()
	trust := cb.Codes()[0]
	wb.ApplyCode(trust.ID)
	if got := wb.Status.Text + wb.LastAction.Text; !strings.Contains(got, "sample.qdb is read-only: it was opened read-only") {
		t.Errorf("coding on a read-only project says %q", got)
	}
	wb.Undo()
	if msg := overlayText(w); !strings.Contains(msg, "ample.qdb is read-only: it was opened read-only") { // the dialog capitalises
		t.Errorf("undo on a read-only project: dialog %q", msg)
	}
	if n, _ := p.CodingCount(); n != 0 {
		t.Errorf("%d codings in the read-only project", n)
	}
}

// A project in a shared folder is explained once per project, not at every
// opening.
func TestSharedFolderWarningOnce(t *testing.T) {
	a := test.NewTempApp(t)
	path := newSampleProject(t, "sample.qdb")
	t.Setenv("MARGINALIA_SHARED_FOLDER", "1")
	w := test.NewWindow(nil)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 700))
	for i, want := range []bool{true, false} {
		p, err := storage.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		warnSharedFolder(a, w, p)
		shown := strings.Contains(overlayText(w), "sample.qdb is in a folder marked as shared")
		if shown != want {
			t.Errorf("opening %d: warning shown %v, want %v (%q)", i+1, shown, want, overlayText(w))
		}
		if top := w.Canvas().Overlays().Top(); top != nil {
			w.Canvas().Overlays().Remove(top)
		}
		p.Close()
	}
}
