package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"desktop/marginalia/coding"
	"desktop/marginalia/coding/agreement"
)

// The sheets of the workbook, in order.
const (
	SummarySheet       = "Summary"
	CodeDocumentSheet  = "Code x Document"
	DisagreementsSheet = "Disagreements"
	CodingsSheet       = "Codings"
	CodebookSheet      = "Codebook"
)

// Sheets lists the sheet names in workbook order; ConsensusSheet comes
// after CodeDocumentSheet when the study has a consensus.
var Sheets = []string{SummarySheet, CodeDocumentSheet, DisagreementsSheet, CodingsSheet, CodebookSheet}

// Study is what the workbook shows: an agreement comparison with what is
// needed to name its coders, documents and codes and to quote the coded text.
type Study struct {
	// Coders are the compared coders, in the order of the report's columns.
	Coders []coding.Coder
	// Documents are the considered documents, with their stored text.
	Documents []coding.Document
	// Codebook names the codes (paths "Parent > Child") and gives their
	// colours and descriptions; nil counts as an empty codebook.
	Codebook *coding.Codebook
	// Codings are the codings of the compared coders in the considered
	// documents; codings of other coders are left out.
	Codings []coding.Coding
	// Report is agreement.Compare's outcome for these coders and documents.
	Report agreement.Report
	// Disagreements is agreement.Disagreements' outcome for the same study.
	Disagreements []agreement.Disagreement
	// Unitizing, when not nil, is Krippendorff's unitizing alpha of the
	// same study, per code (as category) and overall: the Summary then has
	// a Unitizing α column beside alpha.
	Unitizing *agreement.UnitizingResult
	// Consensus, when not nil, is each coder's agreement with the
	// consensus coder: the workbook then has a Consensus sheet.
	Consensus *Consensus
	// Intervals, when not nil, is agreement.Bootstrap's outcome for the
	// same study: the Summary then gives the intervals of kappa and alpha
	// and the chances that alpha is below 0.667 and 0.8.
	Intervals *agreement.Intervals
	// Generated is when the comparison was made.
	Generated time.Time
}

// book is a workbook being written, with lookups from IDs to names.
type book struct {
	f      *excelize.File
	st     *styles
	study  Study
	coder  map[string]int // coder ID → index in study.Coders
	docs   map[string]*docText
	docIdx map[string]int // document ID → index in study.Documents
	codes  *coding.Codebook
	paths  map[string]string // code ID → path
	// later writes the rows of each sheet that is only a table, by sheet
	// name, once the rest of the workbook is written (package.go).
	later map[string]func(*rowWriter) error
}

// Write writes the workbook of s to w (see the package documentation for
// its sheets).
func Write(w io.Writer, s Study) (err error) {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close workbook: %w", cerr)
		}
	}()
	b, err := newBook(f, s)
	if err != nil {
		return err
	}
	for _, write := range []func() error{b.summary, b.codeByDocument, b.consensus, b.disagreements, b.codings, b.codebook} {
		if err := write(); err != nil {
			return fmt.Errorf("agreement workbook: %w", err)
		}
	}
	// Summary, the first sheet, is active as in a new file. (SetActiveSheet
	// would parse every streamed sheet back into memory.)
	if len(b.later) == 0 {
		if err := f.Write(w); err != nil {
			return fmt.Errorf("write agreement workbook: %w", err)
		}
		return nil
	}
	// The workbook without the rows of its large sheets is small; its
	// parts are copied into w with those rows written in.
	var small bytes.Buffer
	if err := f.Write(&small); err != nil {
		return fmt.Errorf("write agreement workbook: %w", err)
	}
	if err := writePackage(w, small.Bytes(), b.later); err != nil {
		return fmt.Errorf("write agreement workbook: %w", err)
	}
	return nil
}

// newBook indexes s and prepares f: its sheets, document properties and
// styles.
func newBook(f *excelize.File, s Study) (*book, error) {
	b := &book{f: f, study: s, coder: map[string]int{}, docs: map[string]*docText{}, docIdx: map[string]int{}, codes: s.Codebook,
		later: map[string]func(*rowWriter) error{}}
	if b.codes == nil {
		b.codes = coding.NewCodebook(nil)
	}
	b.paths = make(map[string]string, b.codes.Len())
	for _, c := range b.codes.Codes() {
		b.paths[c.ID] = b.codes.Path(c.ID)
	}
	for i, c := range s.Coders {
		if _, dup := b.coder[c.ID]; !dup {
			b.coder[c.ID] = i
		}
	}
	for i, d := range s.Documents {
		if _, dup := b.docs[d.ID]; !dup {
			b.docs[d.ID] = &docText{name: d.Name, Text: coding.NewText(d.Text)}
			b.docIdx[d.ID] = i
		}
	}
	if err := f.SetSheetName(f.GetSheetName(0), SummarySheet); err != nil {
		return nil, fmt.Errorf("name sheet %s: %w", SummarySheet, err)
	}
	for _, name := range Sheets[1:] {
		if name == DisagreementsSheet && s.Consensus != nil {
			if _, err := f.NewSheet(ConsensusSheet); err != nil {
				return nil, fmt.Errorf("add sheet %s: %w", ConsensusSheet, err)
			}
		}
		if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("add sheet %s: %w", name, err)
		}
	}
	props := &excelize.DocProperties{Title: "Inter-coder agreement", Creator: "Marginalia"}
	if !s.Generated.IsZero() {
		props.Created = s.Generated.UTC().Format(time.RFC3339)
	}
	if err := f.SetDocProps(props); err != nil {
		return nil, fmt.Errorf("document properties: %w", err)
	}
	var err error
	b.st, err = newStyles(f)
	return b, err
}

// coderName is the name of a compared coder, or the ID of another.
func (b *book) coderName(id string) string {
	if i, ok := b.coder[id]; ok {
		return b.study.Coders[i].Name
	}
	return id
}

// docName is the name of a considered document, or the ID of another.
func (b *book) docName(id string) string {
	if d, ok := b.docs[id]; ok {
		return d.name
	}
	return id
}

// text is the text of a span of a document ("" for an unknown document).
func (b *book) text(doc string, span coding.Span) string {
	if d, ok := b.docs[doc]; ok {
		return d.Slice(span)
	}
	return ""
}

// codePath is the path of a code ("Parent > Child"), or the ID of a code
// missing from the codebook.
func (b *book) codePath(id string) string {
	if p, ok := b.paths[id]; ok {
		return p
	}
	return id
}

// fastZip is a zip writer that deflates at the fastest level: on large
// studies compressing costs more than writing the sheets, and the file is
// only a little larger.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return zw
}
