package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"desktop/marginalia/coding"
)

// errNotFound is wrapped by lookups that find nothing.
var errNotFound = errors.New("not found")

// DocumentAdded says what AddDocuments did with one document.
type DocumentAdded struct {
	Document coding.Document // as stored (ID, final name); Text omitted
	Existing bool            // the same text was already in the project under this document
}

// AddDocuments stores new documents in one transaction. A document whose
// text (by SHA-256) is already in the project is not added again: the
// existing one is reported instead. A name already taken by another text
// gets a numbered suffix ("a.txt" becomes "a (2).txt").
func (p *Project) AddDocuments(docs []coding.Document) ([]DocumentAdded, error) {
	label := "Import documents"
	if len(docs) == 1 {
		label = "Import " + docs[0].Name
	}
	out := make([]DocumentAdded, 0, len(docs))
	err := p.do(label, func(a *action) error {
		for _, d := range docs {
			added, err := a.addDocument(d)
			if err != nil {
				return err
			}
			out = append(out, added)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// addDocument stores d unless its text is already in the project, in which
// case it reports the existing document. Documents are not journalled (an
// import is not undone), but they are in the action's change set.
func (a *action) addDocument(d coding.Document) (DocumentAdded, error) {
	q := a.tx
	if d.ID == "" || d.SHA256 == "" {
		return DocumentAdded{}, fmt.Errorf("add document %q: missing id or hash", d.Name)
	}
	if err := coding.ValidateName("document", d.Name); err != nil {
		return DocumentAdded{}, err
	}
	existing, err := documentWhere(q, "sha256 = ? ORDER BY created, id", d.SHA256)
	if err == nil {
		return DocumentAdded{Document: existing, Existing: true}, nil
	} else if !errors.Is(err, errNotFound) {
		return DocumentAdded{}, err
	}
	return a.insertDocument(d)
}

// mergeDocument finds the project's document for a source of a REFI-QDA
// file: the document with its ID if the text is the same, else a document
// with the same text (SHA-256) that no other source of the file has
// matched (claimed), else a new document. So two sources with different
// GUIDs stay two documents even when their texts are the same, and a
// coder's copy of an article still merges onto the lead's document.
func (a *action) mergeDocument(d coding.Document, claimed map[string]bool) (DocumentAdded, error) {
	if d.ID == "" || d.SHA256 == "" {
		return DocumentAdded{}, fmt.Errorf("add document %q: missing id or hash", d.Name)
	}
	if existing, err := documentWhere(a.tx, "id = ?", d.ID); err == nil {
		if existing.SHA256 == d.SHA256 && !claimed[existing.ID] {
			claimed[existing.ID] = true
			return DocumentAdded{Document: existing, Existing: true}, nil
		}
	} else if !errors.Is(err, errNotFound) {
		return DocumentAdded{}, err
	}
	rows, err := a.tx.Query("SELECT "+documentInfoColumns+" FROM documents WHERE sha256 = ? ORDER BY created, id", d.SHA256)
	if err != nil {
		return DocumentAdded{}, err
	}
	var match *coding.Document
	for rows.Next() {
		existing, err := scanDocumentInfo(rows)
		if err != nil {
			rows.Close()
			return DocumentAdded{}, err
		}
		if !claimed[existing.ID] {
			match = &existing
			break
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return DocumentAdded{}, err
	}
	if match != nil {
		claimed[match.ID] = true
		return DocumentAdded{Document: *match, Existing: true}, nil
	}
	if err := coding.ValidateName("document", d.Name); err != nil {
		return DocumentAdded{}, err
	}
	added, err := a.insertDocument(d)
	if err == nil {
		claimed[added.Document.ID] = true
	}
	return added, err
}

// insertDocument adds d as a new document, with a new ID if its ID is
// taken and a free name.
func (a *action) insertDocument(d coding.Document) (DocumentAdded, error) {
	q := a.tx
	var err error
	if _, err := documentWhere(q, "id = ?", d.ID); err == nil {
		d.ID = coding.NewID() // the ID is taken by a different text
	}
	if d.Name, err = freeName(q, d.Name); err != nil {
		return DocumentAdded{}, err
	}
	if _, err := q.Exec(`INSERT INTO documents(id, name, text, length, sha256, memo, created) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Name, d.Text, d.Length, d.SHA256, d.Memo, formatTime(d.Created)); err != nil {
		return DocumentAdded{}, fmt.Errorf("add document %q: %w", d.Name, err)
	}
	d.Text = ""
	recordRow(&a.set.Documents, nil, d)
	return DocumentAdded{Document: d}, nil
}

// freeName returns name, or name with the first free " (n)" suffix before
// its extension.
func freeName(q queryer, name string) (string, error) {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	candidate := name
	for n := 2; ; n++ {
		var taken int
		if err := q.QueryRow("SELECT COUNT(*) FROM documents WHERE name = ?", candidate).Scan(&taken); err != nil {
			return "", err
		}
		if taken == 0 {
			return candidate, nil
		}
		candidate = fmt.Sprintf("%s (%d)%s", stem, n, ext)
	}
}

const documentInfoColumns = "id, name, length, sha256, memo, created"

func scanDocumentInfo(r scanner) (coding.Document, error) {
	var (
		d       coding.Document
		created string
	)
	err := r.Scan(&d.ID, &d.Name, &d.Length, &d.SHA256, &d.Memo, &created)
	d.Created = parseTime(created)
	return d, err
}

func documentWhere(q queryer, cond string, args ...any) (coding.Document, error) {
	d, err := scanDocumentInfo(q.QueryRow("SELECT "+documentInfoColumns+" FROM documents WHERE "+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return d, errNotFound
	}
	return d, err
}

// Documents lists the project's documents by name, without their text.
func (p *Project) Documents() ([]coding.Document, error) { return loadDocuments(p.db) }

func loadDocuments(q queryer) ([]coding.Document, error) {
	return collect(q, scanDocumentInfo, "SELECT "+documentInfoColumns+" FROM documents ORDER BY name COLLATE NOCASE")
}

// Document returns the document with the given ID, with its text.
func (p *Project) Document(id string) (coding.Document, error) {
	d, err := documentWhere(p.db, "id = ?", id)
	if err != nil {
		return d, fmt.Errorf("document %s: %w", id, err)
	}
	return p.withText(d)
}

// DocumentNamed finds a document by its name, with its text. The error
// names the document when there is none.
func (p *Project) DocumentNamed(name string) (coding.Document, error) {
	d, err := documentNamed(p.db, name)
	if err != nil {
		return d, err
	}
	return p.withText(d)
}

// documentNamed finds a document by its name, without its text.
func documentNamed(q queryer, name string) (coding.Document, error) {
	d, err := documentWhere(q, "name = ?", name)
	if errors.Is(err, errNotFound) {
		return d, fmt.Errorf("no document named %q in the project: %w", name, errNotFound)
	}
	return d, err
}

// withText returns d with its stored text.
func (p *Project) withText(d coding.Document) (coding.Document, error) {
	if err := p.db.QueryRow("SELECT text FROM documents WHERE id = ?", d.ID).Scan(&d.Text); err != nil {
		return d, fmt.Errorf("document %q: %w", d.Name, err)
	}
	return d, nil
}

// RenameDocument gives a document a new name, which must be free.
func (p *Project) RenameDocument(id, name string) error {
	if err := coding.ValidateName("document", name); err != nil {
		return err
	}
	return p.updateDocument("Rename document", id, func(d *coding.Document) { d.Name = name })
}

// SetDocumentMemo replaces a document's memo.
func (p *Project) SetDocumentMemo(id, memo string) error {
	return p.updateDocument("Edit document memo", id, func(d *coding.Document) { d.Memo = memo })
}

// updateDocument changes a document's name or memo as one action (not
// journalled, like imports, but in the change log).
func (p *Project) updateDocument(label, id string, change func(*coding.Document)) error {
	return p.do(label, func(a *action) error {
		before, err := documentWhere(a.tx, "id = ?", id)
		if err != nil {
			return fmt.Errorf("%s: document %s: %w", strings.ToLower(label), id, err)
		}
		after := before
		change(&after)
		if after == before {
			return nil
		}
		_, err = a.tx.Exec("UPDATE documents SET name = ?, memo = ? WHERE id = ?", after.Name, after.Memo, id)
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("a document named %q already exists", after.Name)
		}
		if err != nil {
			return err
		}
		recordRow(&a.set.Documents, before, after)
		return nil
	})
}

// FilterNamed makes a Filter from coder and document names, as people give
// them (on the command line, say), without loading any text.
func (p *Project) FilterNamed(coders, documents []string) (Filter, error) {
	var f Filter
	for _, name := range coders {
		c, err := p.CoderNamed(name)
		if err != nil {
			return f, err
		}
		f.Coders = append(f.Coders, c.ID)
	}
	for _, name := range documents {
		d, err := documentNamed(p.db, name)
		if err != nil {
			return f, err
		}
		f.Documents = append(f.Documents, d.ID)
	}
	return f, nil
}
