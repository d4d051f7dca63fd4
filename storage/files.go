package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"desktop/marginalia/coding"
	"desktop/marginalia/storage/refi"
	"desktop/marginalia/storage/textimport"
	"desktop/marginalia/storage/xlsx"
)

// ImportDocumentFile imports one document file (any format textimport
// reads) as one transaction. The returned warnings come from the reader
// (for example a text read as Windows-1252).
func (p *Project) ImportDocumentFile(path string) (DocumentAdded, []string, error) {
	res, err := textimport.ReadFile(path)
	if err != nil {
		return DocumentAdded{}, nil, err
	}
	added, err := p.AddDocuments([]coding.Document{coding.NewDocument(res.Name, res.Text)})
	if err != nil {
		return DocumentAdded{}, nil, fmt.Errorf("%s: %w", path, err)
	}
	return added[0], res.Warnings, nil
}

// ImportOutcome is what importing one file did to the project.
type ImportOutcome int

const (
	// ImportFailed: the file could not be imported and the project is unchanged (see FileImport.Err).
	ImportFailed ImportOutcome = iota
	// ImportAdded: the file brought something new (a document, codings, codes, a coder's work).
	ImportAdded
	// ImportAlreadyThere: everything in the file was in the project already;
	// for a document, FileImport.Existing names the document with the same text.
	ImportAlreadyThere
)

// String is how a summary names the outcome: "added", "already in the project", "failed".
func (o ImportOutcome) String() string {
	switch o {
	case ImportAdded:
		return "added"
	case ImportAlreadyThere:
		return "already in the project"
	default:
		return "failed"
	}
}

// FileImport is what ImportFile did with one file.
type FileImport struct {
	Path    string
	Outcome ImportOutcome
	// Existing is, for a document already in the project, the name it has there.
	Existing string
	// Summary is one line of what was read and what was added (empty when the import failed).
	Summary string
	// Warnings are the reader's (for example a text read as Windows-1252).
	Warnings []string
	// Err is why the import failed; nil otherwise.
	Err error
}

// String is the result as one line (plus a line per warning): the summary,
// or the error.
func (r FileImport) String() string {
	if r.Err != nil {
		return r.Err.Error()
	}
	s := r.Summary
	for _, w := range r.Warnings {
		s += "\n  warning: " + w
	}
	return s
}

// ImportFile imports one file by its extension: a document, a codings CSV,
// a REFI-QDA codebook (.qdc) or project (.qdpx). It is one transaction: on
// any error the project is unchanged and the result's Outcome is
// ImportFailed, with the reason in Err.
func (p *Project) ImportFile(path string) FileImport {
	return p.ImportFileWith(path, ImportOptions{})
}

// ImportOptions are the choices of an import.
type ImportOptions struct {
	// CodebookOnly brings in only the codes and users of a .qdpx file:
	// the way to use a file whose source texts are missing (which is
	// otherwise refused whole; see refi.ErrTextMissing).
	CodebookOnly bool
}

// ImportFileWith is ImportFile with options.
func (p *Project) ImportFileWith(path string, opt ImportOptions) FileImport {
	r, err := p.importFile(path, opt)
	r.Path = path
	if err != nil {
		return FileImport{Path: path, Outcome: ImportFailed, Err: err}
	}
	return r
}

func (p *Project) importFile(path string, opt ImportOptions) (FileImport, error) {
	name := filepath.Base(path)
	switch ext := strings.ToLower(filepath.Ext(path)); {
	case textimport.Supported(path):
		added, warnings, err := p.ImportDocumentFile(path)
		if err != nil {
			return FileImport{}, err
		}
		if added.Existing {
			return FileImport{Outcome: ImportAlreadyThere, Existing: added.Document.Name, Warnings: warnings,
				Summary: fmt.Sprintf("%s: already in the project as %q (same text), not added again", name, added.Document.Name)}, nil
		}
		return FileImport{Outcome: ImportAdded, Warnings: warnings,
			Summary: fmt.Sprintf("%s: imported as %q (%d characters)", name, added.Document.Name, added.Document.Length)}, nil
	case ext == ".csv":
		r, err := p.ImportCodingsCSVFile(path)
		if err != nil {
			return FileImport{}, err
		}
		outcome := ImportAdded
		if r.Added == 0 && len(r.NewCodes) == 0 && len(r.NewCoders) == 0 && r.Read > 0 {
			outcome = ImportAlreadyThere
		}
		return FileImport{Outcome: outcome, Summary: fmt.Sprintf("%s: %d codings read, %d added, %d already in the project; %d new codes, %d new coders",
			name, r.Read, r.Added, r.AlreadyThere, len(r.NewCodes), len(r.NewCoders))}, nil
	case ext == ".qdc":
		cb, err := refi.ReadCodebookFile(path)
		if err != nil {
			return FileImport{}, err
		}
		plan, err := p.ImportCodebook(cb, name)
		if err != nil {
			return FileImport{}, err
		}
		outcome := ImportAlreadyThere
		if slices.ContainsFunc(plan.Changes, func(c CodeChange) bool { return c.Kind != "unchanged" }) {
			outcome = ImportAdded
		}
		return FileImport{Outcome: outcome, Summary: plan.Summary(), Warnings: plan.Warnings}, nil
	case ext == ".qdpx":
		rp, err := refi.ReadProjectFileWith(path, refi.ReadOptions{CodebookOnly: opt.CodebookOnly})
		if err != nil {
			return FileImport{}, err
		}
		r, err := p.MergeProject(rp, name)
		if err != nil {
			return FileImport{}, err
		}
		outcome := ImportAlreadyThere
		if r.DocumentsAdded+r.CodesAdded+r.CodersAdded+r.AttributesAdded+r.ValuesSet+r.SetsAdded+r.CasesAdded > 0 || len(r.CodingsAdded) > 0 {
			outcome = ImportAdded
		}
		summary := r.Summary()
		if opt.CodebookOnly {
			summary += " (codes and users only)"
		}
		return FileImport{Outcome: outcome, Summary: summary, Warnings: r.Warnings}, nil
	default:
		return FileImport{}, fmt.Errorf("%s: cannot import %q files (documents: %s; codings: .csv; REFI-QDA: .qdc .qdpx)", path, ext, textimport.ExtensionList())
	}
}

// ImportableExtensions are the extensions ImportFile reads, lower case with
// the dot: the document formats, then .csv, .qdc and .qdpx.
func ImportableExtensions() []string {
	return append(slices.Clone(textimport.Extensions()), ".csv", ".qdc", ".qdpx")
}

// ExportKind is one kind of file ExportFile writes: its extension (lower
// case, with the dot) and what such a file holds.
type ExportKind struct {
	Ext, Holds string
}

// exportKinds are the files ExportFile writes, in the order the window's
// Export… dialog offers them.
var exportKinds = []ExportKind{
	{".csv", "codings"},
	{".xlsx", "agreement workbook"},
	{".qdc", "REFI-QDA codebook"},
	{".qdpx", "REFI-QDA project"},
}

// ExportKinds are the kinds of file ExportFile writes, by extension.
func ExportKinds() []ExportKind { return slices.Clone(exportKinds) }

// ExportExtensions are the extensions of ExportKinds, in their order.
func ExportExtensions() []string {
	exts := make([]string, len(exportKinds))
	for i, k := range exportKinds {
		exts[i] = k.Ext
	}
	return exts
}

// ExportKindList names the kinds ExportFile writes, for help and errors:
// ".csv (codings), .xlsx (agreement workbook), …".
func ExportKindList() string {
	parts := make([]string, len(exportKinds))
	for i, k := range exportKinds {
		parts[i] = k.Ext + " (" + k.Holds + ")"
	}
	return strings.Join(parts, ", ")
}

// ExportFile writes the codings that pass the filter to path, in the format
// its extension names. The file is written whole or not at all.
func (p *Project) ExportFile(path string, f Filter) error {
	return p.ExportFileWith(path, f, ExportOptions{})
}

// ExportOptions are the choices of an export besides which codings it holds.
type ExportOptions struct {
	// Positions is how a .qdpx counts positions: refi.CodePoints (the
	// zero value, as the schema says and QualCoder, MAXQDA and ATLAS.ti
	// read them) or refi.UTF16Units for NVivo. Other formats always count
	// code points; asking them for UTF-16 is an error.
	Positions refi.Units
}

// ExportFileWith is ExportFile with options.
func (p *Project) ExportFileWith(path string, f Filter, opt ExportOptions) error {
	if opt.Positions != refi.CodePoints && !strings.EqualFold(filepath.Ext(path), ".qdpx") {
		return fmt.Errorf("export %s: positions in %s are only written to .qdpx files; other formats count code points", path, opt.Positions)
	}
	var write func(*os.File) error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv":
		write = func(out *os.File) error { return p.ExportCodingsCSV(out, f) }
	case ".xlsx":
		cmp, err := p.compareFiltered(f)
		if err != nil {
			return fmt.Errorf("export %s: %w", path, err)
		}
		write = func(out *os.File) error { return xlsx.Write(out, cmp.Study()) }
	case ".qdc":
		write = func(out *os.File) error { return p.ExportCodebook(out) }
	case ".qdpx":
		write = func(out *os.File) error {
			rp, err := p.ExchangeProject(f)
			if err != nil {
				return err
			}
			rp.Positions = opt.Positions
			return refi.WriteProject(out, rp)
		}
	default:
		if ext == "" {
			return fmt.Errorf("%s: the name has no extension, which says what to write: end it with %s", path, ExportKindList())
		}
		return fmt.Errorf("%s: cannot export to %q files: end the name with %s", path, ext, ExportKindList())
	}
	return writeFileAtomically(path, write)
}

// compareFiltered compares the coders and documents of a filter; no
// coders means every coder of the project.
func (p *Project) compareFiltered(f Filter) (Comparison, error) {
	coders, err := p.Coders()
	if err != nil {
		return Comparison{}, err
	}
	coders = slices.DeleteFunc(coders, func(c coding.Coder) bool { return len(f.Coders) > 0 && !slices.Contains(f.Coders, c.ID) })
	var docs []coding.Document
	for _, id := range f.Documents {
		d, err := documentWhere(p.db, "id = ?", id)
		if err != nil {
			return Comparison{}, fmt.Errorf("document %s: %w", id, err)
		}
		docs = append(docs, d)
	}
	return p.compare(coders, docs, 0)
}

// writeFileAtomically writes through a temporary file beside path and
// renames it into place, so that a failed export never leaves half a file.
func writeFileAtomically(path string, write func(f *os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil { // on disk before it takes the name
		tmp.Close()
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it private
		return fmt.Errorf("export %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}
