package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/analysis"
	"desktop/marginalia/storage/xlsx"
)

// Analysis is what the analyses of package coding/analysis need from a
// project: the codebook (every code, in tree order), the selected coders
// and documents (without text) and their codings, with the names to
// present them.
type Analysis struct {
	Codebook  *coding.Codebook
	Coders    []coding.Coder
	Documents []coding.Document
	Codings   []coding.Coding
	// Proximity is the co-occurrence's; for Paragraph its paragraph starts
	// are filled in from the documents' texts.
	Proximity analysis.Proximity
	// Attributes and Sets are the project's, for crosstabs.
	Attributes *coding.AttributeTable
	Sets       []coding.DocumentSet
	Generated  time.Time
}

// Analyse reads what the analyses need: the codings of the filter's coders
// in its documents (empty lists: every coder, every document), every code
// of the codebook. The codes of the filter are ignored.
func (p *Project) Analyse(f Filter, prox analysis.Proximity) (Analysis, error) {
	a := Analysis{Proximity: prox, Generated: time.Now()}
	var err error
	if a.Codebook, err = p.Codebook(); err != nil {
		return a, err
	}
	coders, err := p.Coders()
	if err != nil {
		return a, err
	}
	for _, c := range coders {
		if len(f.Coders) == 0 || slices.Contains(f.Coders, c.ID) {
			a.Coders = append(a.Coders, c)
		}
	}
	docs, err := p.Documents()
	if err != nil {
		return a, err
	}
	for _, d := range docs {
		if len(f.Documents) == 0 || slices.Contains(f.Documents, d.ID) {
			a.Documents = append(a.Documents, d)
		}
	}
	if a.Codings, err = p.Codings(Filter{Coders: f.Coders, Documents: f.Documents}); err != nil {
		return a, err
	}
	if a.Attributes, err = p.AttributeTable(); err != nil {
		return a, err
	}
	if a.Sets, err = p.Sets(); err != nil {
		return a, err
	}
	if prox.Kind == analysis.Paragraph {
		a.Proximity.Paragraphs = map[string][]int{}
		for _, d := range a.Documents {
			full, err := p.Document(d.ID)
			if err != nil {
				return a, err
			}
			a.Proximity.Paragraphs[d.ID] = analysis.ParagraphStarts(full.Text)
		}
	}
	return a, nil
}

// Options selects the analysis' codes, documents and coders, in order.
func (a Analysis) Options() analysis.Options {
	opt := analysis.Options{Codes: []string{}, Documents: []string{}, Coders: []string{}}
	for _, c := range a.Codebook.Codes() {
		opt.Codes = append(opt.Codes, c.ID)
	}
	for _, d := range a.Documents {
		opt.Documents = append(opt.Documents, d.ID)
	}
	for _, c := range a.Coders {
		opt.Coders = append(opt.Coders, c.ID)
	}
	return opt // never nil lists, which would mean "every one" to package analysis
}

// Frequencies is analysis.CodeFrequencies of the analysis' codings.
func (a Analysis) Frequencies() analysis.Frequencies {
	return analysis.CodeFrequencies(a.Codings, a.Options())
}

// Matrix is analysis.CodeMatrix of the analysis' codings.
func (a Analysis) Matrix() analysis.Matrix { return analysis.CodeMatrix(a.Codings, a.Options()) }

// Cooccurrence is analysis.CodeCooccurrence of the analysis' codings.
func (a Analysis) Cooccurrence() analysis.Cooccurrence {
	return analysis.CodeCooccurrence(a.Codings, a.Options(), a.Proximity)
}

// Groups are the crosstab's columns: the analysed documents by their value
// of the attribute named by (any case), or by set when bySets is true
// (every set and saved filter of the project, by name).
func (a Analysis) Groups(by string, bySets bool) ([]analysis.Group, error) {
	docs := make([]string, len(a.Documents))
	for i, d := range a.Documents {
		docs[i] = d.ID
	}
	if bySets {
		if len(a.Sets) == 0 {
			return nil, fmt.Errorf("crosstab by sets: the project has no sets (make one with the set command or Save as set…)")
		}
		return analysis.GroupsBySets(a.Attributes, a.Sets, docs)
	}
	attr, ok := a.Attributes.Attribute(by)
	if !ok {
		var names []string
		for _, x := range a.Attributes.Attributes {
			names = append(names, x.Name)
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("crosstab by %q: the project has no attributes (import some with the attributes command)", by)
		}
		return nil, fmt.Errorf("crosstab by %q: no attribute of that name (the project has %s)", by, strings.Join(names, ", "))
	}
	return analysis.GroupsByAttribute(a.Attributes, attr, docs), nil
}

// Crosstab is analysis.CodeCrosstab of the analysis' codings by groups.
func (a Analysis) Crosstab(groups []analysis.Group) analysis.Crosstab {
	return analysis.CodeCrosstab(a.Codings, a.Options(), groups)
}

// Names names the analysis' codes (by path), documents and coders.
func (a Analysis) Names() analysis.Names {
	docs := map[string]string{}
	for _, d := range a.Documents {
		docs[d.ID] = d.Name
	}
	coders := map[string]string{}
	for _, c := range a.Coders {
		coders[c.ID] = c.Name
	}
	return analysis.Names{
		Code:     a.Codebook.Path,
		Document: func(id string) string { return docs[id] },
		Coder:    func(id string) string { return coders[id] },
	}
}

// ExportTables writes analysis tables to path, by its extension: .xlsx
// (one sheet per table, charts where a table has one) or .csv (the first
// table only, its footer rows after the body). The file is written whole
// or not at all.
func ExportTables(path, title string, tables []analysis.Table) error {
	if len(tables) == 0 {
		return fmt.Errorf("export %s: nothing to export", path)
	}
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".xlsx":
		return writeFileAtomically(path, func(f *os.File) error { return xlsx.WriteTables(f, title, tables) })
	case ".csv":
		return writeFileAtomically(path, func(f *os.File) error { return WriteTableCSV(f, tables[0]) })
	default:
		return fmt.Errorf("%s: analyses export to .xlsx or .csv, not %q", path, ext)
	}
}
