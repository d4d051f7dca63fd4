package storage_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// projectContents is what a user would compare between two projects.
type projectContents struct {
	Documents []coding.Document
	Codes     []coding.Code
	Coders    []coding.Coder
	Codings   []coding.Coding
	Undo      string
}

func contentsOf(t *testing.T, p *storage.Project) projectContents {
	t.Helper()
	var c projectContents
	docs, err := p.Documents()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		full, err := p.Document(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Documents = append(c.Documents, full)
	}
	cb, err := p.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	c.Codes = cb.Codes()
	if c.Coders, err = p.Coders(); err != nil {
		t.Fatal(err)
	}
	if c.Codings, err = p.Codings(storage.Filter{}); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(c.Codings, func(a, b coding.Coding) int { return strings.Compare(a.ID, b.ID) })
	c.Undo, _ = p.UndoLabel()
	return c
}

func TestBackupAndRestoreGiveBackTheProjectAsItWas(t *testing.T) {
	s := newSample(t)
	code, err := s.p.EnsureCodePath("Norms > Sovereignty")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: code.ID, CoderID: s.alice.ID, Span: find(t, s.sony, "cyber vandalism")}); err != nil {
		t.Fatal(err)
	}
	want := contentsOf(t, s.p)
	dir := filepath.Join(t.TempDir(), "backups")
	info, err := s.p.Backup(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Documents != 2 || info.Codings != 1 || info.Codes != 2 || info.Coders != 1 {
		t.Errorf("backup info = %+v; want 2 documents, 1 coding, 2 codes, 1 coder", info)
	}
	if !strings.HasPrefix(filepath.Base(info.Path), "study ") || time.Since(info.Time) > time.Minute || time.Since(info.Time) < 0 {
		t.Errorf("backup %s taken at %v: want a name starting with the project's and a time of now", info.Path, info.Time)
	}

	// Changes after the backup are not in it.
	if _, err := s.p.AddCoding(coding.Coding{DocumentID: s.setb.ID, CodeID: code.ID, CoderID: s.alice.ID, Span: coding.Span{Start: 0, End: 5}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.p.DeleteCode(code.ID); err != nil {
		t.Fatal(err)
	}

	list, err := storage.ListBackups(dir)
	if err != nil || len(list) != 1 || list[0].Path != info.Path || list[0].Codings != 1 || list[0].Err != nil {
		t.Fatalf("ListBackups = %+v, %v; want the one backup with 1 coding", list, err)
	}

	restored := filepath.Join(t.TempDir(), "restored.qdb")
	if _, err := storage.Restore(info.Path, restored); err != nil {
		t.Fatal(err)
	}
	p, err := storage.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if got := contentsOf(t, p); !reflect.DeepEqual(got, want) {
		t.Errorf("restored project differs from the project at the backup:\n got %+v\nwant %+v", got, want)
	}
	if r, err := p.Check(); err != nil || !r.OK() {
		t.Errorf("check of the restored project: %v %v", r.Problems, err)
	}
	// Undo works in the restored project: the coding goes.
	if _, err := p.Undo(); err != nil {
		t.Fatal(err)
	}
	if n, _ := p.CodingCount(); n != 0 {
		t.Errorf("after undo in the restored project: %d codings; want 0", n)
	}

	// Never over an existing file.
	before, _ := os.ReadFile(restored)
	if _, err := storage.Restore(info.Path, restored); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("restore over an existing file: %v; want a refusal", err)
	}
	if after, _ := os.ReadFile(restored); !slices.Equal(before, after) {
		t.Error("a refused restore changed the existing file")
	}
	if _, err := s.p.BackupTo(restored); err == nil {
		t.Error("BackupTo an existing file succeeded")
	}
	if _, err := storage.Restore(filepath.Join("..", "testdata", "corpus", "sony-hack-cyber-dialogue.txt"), filepath.Join(t.TempDir(), "x.qdb")); err == nil {
		t.Error("restore from a file that is not a project succeeded")
	}
}

func TestBackupRotation(t *testing.T) {
	loc := time.FixedZone("UTC+2", 2*3600)
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, loc)
	at := func(daysAgo, hour, minute int) storage.BackupInfo {
		t := time.Date(2026, 11, 30-daysAgo, hour, minute, 0, 0, loc)
		return storage.BackupInfo{Path: t.Format(time.RFC3339), Time: t}
	}
	series := func(n int, each func(i int) storage.BackupInfo) []storage.BackupInfo {
		var out []storage.BackupInfo
		for i := range n {
			out = append(out, each(i))
		}
		return out
	}
	names := func(bs []storage.BackupInfo) []string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Path)
		}
		slices.Sort(out)
		return out
	}
	tests := []struct {
		name    string
		backups []storage.BackupInfo
		remove  []storage.BackupInfo
	}{
		{"none", nil, nil},
		{"ten today: all kept", series(10, func(i int) storage.BackupInfo { return at(0, 11, i) }), nil},
		{"twelve today: the two oldest go", series(12, func(i int) storage.BackupInfo { return at(0, 10, i) }),
			[]storage.BackupInfo{at(0, 10, 0), at(0, 10, 1)}},
		{"six yesterday and six today: the last ten stay",
			append(series(6, func(i int) storage.BackupInfo { return at(1, 9, i) }), series(6, func(i int) storage.BackupInfo { return at(0, 9, i) })...),
			[]storage.BackupInfo{at(1, 9, 0), at(1, 9, 1)}},
		{"one a day for 40 days: 30 days kept, older go",
			series(40, func(i int) storage.BackupInfo { return at(i, 8, 0) }),
			series(10, func(i int) storage.BackupInfo { return at(30+i, 8, 0) })},
		{"many a day for 12 days: the newest of each day and the last ten",
			series(36, func(i int) storage.BackupInfo { return at(i/3, 8+i%3, 0) }),
			// the last ten are days 0–2 (9) and day 3 at 10:00; of days 3–11 the newest (10:00) stays.
			append(series(2, func(i int) storage.BackupInfo { return at(3, 8+i, 0) }),
				series(16, func(i int) storage.BackupInfo { return at(4+i/2, 8+i%2, 0) })...)},
		{"a day is a day in local time", []storage.BackupInfo{
			at(0, 11, 0), at(0, 10, 0), at(0, 9, 0), at(0, 8, 0), at(0, 7, 0), at(0, 6, 0), at(0, 5, 0), at(0, 4, 0), at(0, 3, 0), at(0, 2, 0),
			at(0, 1, 0), at(0, 0, 30), at(1, 23, 30)}, // 00:30 local is yesterday in UTC, and 23:30 the day before
			[]storage.BackupInfo{at(0, 1, 0), at(0, 0, 30)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shuffled := slices.Clone(tt.backups)
			slices.Reverse(shuffled) // order of the input does not matter
			got := storage.BackupsToRemove(shuffled, now)
			if !slices.Equal(names(got), names(tt.remove)) {
				t.Errorf("remove %v\nwant   %v", names(got), names(tt.remove))
			}
		})
	}
}

func TestBackupPrunesOnlyThisProjectsBackups(t *testing.T) {
	s := newSample(t)
	dir := t.TempDir()
	old := time.Now().AddDate(0, 0, -40)
	for i := range 3 {
		for _, stem := range []string{"study.qdb", "other.qdb"} {
			path := filepath.Join(dir, storage.BackupFileName(stem, old.Add(time.Duration(i)*time.Hour)))
			if _, err := s.p.BackupTo(path); err != nil {
				t.Fatal(err)
			}
		}
	}
	for range 11 {
		if _, err := s.p.Backup(dir); err != nil {
			t.Fatal(err)
		}
	}
	list, err := storage.ListBackups(dir)
	if err != nil {
		t.Fatal(err)
	}
	var mine, other int
	for _, b := range list {
		switch b.Project {
		case "study":
			mine++
			if time.Since(b.Time) > time.Hour {
				t.Errorf("old backup %s kept", b.Path)
			}
		case "other":
			other++
		}
	}
	if mine != storage.BackupsKept || other != 3 {
		t.Errorf("after 11 backups: %d of this project's, %d of another's; want %d and 3", mine, other, storage.BackupsKept)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// A backup is taken from one read transaction: it does not wait for the
// window's writes to finish, and they do not wait for it.
func TestBackupDoesNotBlockWrites(t *testing.T) {
	s := newSample(t)
	code, err := s.p.EnsureCodePath("Trust")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		for range 20 {
			if _, err := s.p.Backup(filepath.Join(t.TempDir(), "b")); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := range 200 {
		if _, err := s.p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: code.ID, CoderID: s.alice.ID, Span: coding.Span{Start: i, End: i + 3}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Opening a project again and again backs it up once: BackupIfChanged
// writes a backup only when the project changed since its newest one (a
// coding, an undo), so unchanged starts do not push older, different
// backups out of the last BackupsKept.
func TestBackupIfChangedWritesOnlyAfterAChange(t *testing.T) {
	s := newSample(t)
	code, err := s.p.EnsureCodePath("Trust")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	backups := func() int {
		t.Helper()
		list, err := storage.ListBackups(dir)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	step := func(what string, wantWritten bool, wantBackups int) storage.BackupInfo {
		t.Helper()
		info, written, err := s.p.BackupIfChanged(dir)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if written != wantWritten || backups() != wantBackups {
			t.Errorf("%s: written %v, %d backups; want %v and %d", what, written, backups(), wantWritten, wantBackups)
		}
		return info
	}
	first := step("first start", true, 1)
	path := s.p.Path()
	for i := range 4 { // four starts, nothing changed
		if err := s.p.Close(); err != nil {
			t.Fatal(err)
		}
		if s.p, err = storage.Open(path); err != nil {
			t.Fatal(err)
		}
		if info := step(fmt.Sprintf("start %d", i+2), false, 1); info.Path != first.Path || info.Codes != 1 {
			t.Errorf("unchanged: got backup %s holding %d codes; want %s, the one made first", info.Path, info.Codes, first.Path)
		}
	}
	if _, err := s.p.AddCoding(coding.Coding{DocumentID: s.sony.ID, CodeID: code.ID, CoderID: s.alice.ID, Span: find(t, s.sony, "Sony")}); err != nil {
		t.Fatal(err)
	}
	if info := step("after a coding", true, 2); info.Codings != 1 {
		t.Errorf("the backup after a coding holds %d codings", info.Codings)
	}
	step("no change since", false, 2)
	if _, err := s.p.Undo(); err != nil {
		t.Fatal(err)
	}
	if info := step("after an undo", true, 3); info.Codings != 0 {
		t.Errorf("the backup after the undo holds %d codings", info.Codings)
	}
	// Backup itself (a backup asked for by name of its folder) always writes.
	if _, err := s.p.Backup(dir); err != nil || backups() != 4 {
		t.Errorf("Backup: %d backups, %v; want 4", backups(), err)
	}
}
