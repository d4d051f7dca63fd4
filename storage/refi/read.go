package refi

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"desktop/marginalia/coding"
)

// ReadProject reads a REFI-QDA project (.qdpx) of the given size.
//
// The project file is the first *.qde at the root of the zip (whatever its
// name; failing that, the first in the shallowest folder); source texts are
// looked up in sources/ or Sources/ next to it, or taken from
// <PlainTextContent>. Texts may be UTF-8 with or without a BOM, or UTF-16
// with a BOM, with any line endings; each Document gets the stored text
// (coding.NormalizeText) and the positions are mapped onto it.
//
// The schema counts positions in "characters"; tools differ on what that
// is (code points, or UTF-16 code units as NVivo counts; a CRLF line break
// as one or as two). For each source the convention is decided from
// evidence (see detectUnits: selection names that hold the coded text,
// else how selection ends fall on word and line edges) and positions are
// mapped onto code points of the stored text. A warning names each source
// not read as plain code points, and each whose evidence is weak or
// contradictory; a position inside a surrogate pair or a CRLF is an error
// naming the selection.
//
// Each <Coding> inside a <PlainTextSelection> becomes a coding (a selection
// with several codings gives several); its ID is the selection's GUID when
// the selection holds one coding, else the <Coding>'s GUID. Its coder is the
// <Coding>'s creatingUser, else the selection's, else the source's, else the
// project's creatingUserGUID, else an "Unknown coder"; users referred to but
// not listed are added as coders. A <Coding> directly in a <TextSource>
// codes the whole text. Exact duplicate codings are dropped with a warning,
// as are empty selections; picture, audio and video sources, and PDF
// sources without a text representation, are left out with a warning naming
// them. A PDF source with a plain-text <Representation> becomes a document
// with that text and the codings made on it. A source without a name takes
// the base name of its text file. A <Description> of a source or a
// selection becomes the Memo of its document or of each of its codings.
//
// A selection past the end of its text, a coding of a code not in the
// codebook, a missing or repeated GUID, a text file not in the archive, or
// any XML or zip error is an error naming the file, the line, the source
// and the selection; then the Project is empty.
//
// The zip is untrusted. It is refused whole if an entry's name would leave
// the folder it is extracted to (an absolute path, a ".." level, with "/"
// or "\\", a drive letter), an entry is a symbolic link or appears twice,
// there are more than 100,000 entries, they expand to more than 2 GiB in
// all, or an entry over 1 MiB expands more than 200 times (or beyond what
// its header declares). Nothing outside the zip is ever read: a
// "relative://" or "absolute://" plainTextPath is looked for by its base
// name in sources/. <Note>s become memos (see Project.Memos).
func ReadProject(r io.ReaderAt, size int64) (Project, error) {
	return readProject(r, size, "project", ReadOptions{})
}

// ReadOptions are the choices of ReadProjectWith.
type ReadOptions struct {
	// CodebookOnly reads only the users and the codebook (with the notes
	// on codes), leaving the sources, their texts and codings, and other
	// notes aside: the way to use a file whose texts are missing.
	CodebookOnly bool
}

// ErrTextMissing is wrapped by the error of ReadProject for a file that
// does not hold the text of one of its sources. Such a file is refused
// whole (its codings could not be placed); ReadOptions.CodebookOnly still
// reads its codes and users. A note (memo) whose text is missing is left
// out with a warning naming it.
var ErrTextMissing = errors.New("a source's text is missing")

// ReadProjectWith is ReadProject with options.
func ReadProjectWith(r io.ReaderAt, size int64, opt ReadOptions) (Project, error) {
	return readProject(r, size, "project", opt)
}

// ReadProjectFileWith is ReadProjectFile with options.
func ReadProjectFileWith(path string, opt ReadOptions) (Project, error) {
	f, err := os.Open(path)
	if err != nil {
		return Project{}, fmt.Errorf("read project: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Project{}, fmt.Errorf("read project: %w", err)
	}
	return readProject(f, st.Size(), path, opt)
}

// ReadProjectFile reads the .qdpx file at path.
func ReadProjectFile(path string) (Project, error) {
	return ReadProjectFileWith(path, ReadOptions{})
}

func readProject(r io.ReaderAt, size int64, name string, opt ReadOptions) (Project, error) {
	a, err := openArchive(r, size, name)
	if err != nil {
		return Project{}, err
	}
	if a.qde.UncompressedSize64 > uint64(maxXMLSize) {
		return Project{}, fmt.Errorf("%s: %s is larger than %d MiB", name, a.qde.Name, maxXMLSize>>20)
	}
	data, err := a.read(a.qde)
	if err != nil {
		return Project{}, err
	}
	return readQDE(data, name+": "+a.qde.Name, a.openText, opt)
}

// readQDE reads the XML of a project file; openText reads the text a
// plainTextPath names.
func readQDE(data []byte, file string, openText func(ref string) ([]byte, error), opt ReadOptions) (Project, error) {
	root, err := parseXML(data, file)
	if err != nil {
		return Project{}, err
	}
	pr := &projectReader{reader: reader{file: file}, openText: openText, codebookOnly: opt.CodebookOnly,
		coders: map[string]int{}, codes: map[string]int{}, docs: map[string]int{}, docNames: map[string]bool{},
		codings: map[string]codingAt{}, selections: map[string][]string{}, identities: map[codingIdentity]bool{},
		notes: map[string]*node{}, attrs: map[string]int{}, values: map[string]int{}}
	if err := pr.read(root); err != nil {
		return Project{}, err
	}
	pr.p.Warnings = pr.allWarnings()
	return pr.p, nil
}

// codingAt is where a coding was read and where it went.
type codingAt struct {
	line  int
	index int // in Project.Codings; -1 when left out as a duplicate
}

// codingIdentity is what makes two codings the same (coding.Coding.SameAs).
type codingIdentity struct {
	document, code, coder string
	span                  coding.Span
}

// noteRef is a reference from something to a <Note>.
type noteRef struct {
	target   coding.MemoTarget
	targetID string
	note     string
}

type projectReader struct {
	reader
	openText   func(ref string) ([]byte, error)
	p          Project
	coders     map[string]int // ID -> index in p.Coders
	codes      map[string]int // ID -> index in p.Codes
	docs       map[string]int // ID -> index in p.Documents
	docNames   map[string]bool
	codings    map[string]codingAt // coding ID -> where it is
	selections map[string][]string // selection GUID -> the IDs of the codings read from it
	identities map[codingIdentity]bool
	notes      map[string]*node
	attrs      map[string]int // attribute ID -> index in p.Attributes
	values     map[string]int // value key (document:attribute) -> index in p.Values
	noteOrder  []string       // note GUIDs in file order
	refs       []noteRef
	creator    string // the project's creatingUserGUID
	// codebookOnly: read the users and codes only (ReadOptions).
	codebookOnly bool
	// textless names the notes left out because their text is not in the
	// file: `"Memo" (on code "Trust")`.
	textless []string
	// mapped lists, per convention other than code points, the sources
	// whose positions were mapped from it (line and what), for one
	// warning per convention.
	mapped      map[Units][]string
	mappedOrder []Units
}

func (pr *projectReader) read(root *node) error {
	if root.name != "Project" {
		return pr.errorf(root, "the root element is <%s>, not the <Project> of a REFI-QDA project", root.name)
	}
	pr.p.Name, _ = root.attr("name")
	pr.p.Origin, _ = root.attr("origin")
	if err := pr.readUsers(root.child("Users")); err != nil {
		return err
	}
	if v, ok := root.attr("creatingUserGUID"); ok {
		pr.creator, _ = normalizeID(v)
	}
	var codes []coding.Code
	var codeNotes map[string][]string
	var err error
	if cb := root.child("CodeBook"); cb != nil {
		if codes, codeNotes, err = pr.readCodes(cb.child("Codes")); err != nil {
			return err
		}
	}
	pr.p.Codes = codes
	for i, c := range codes {
		pr.codes[c.ID] = i
		for _, n := range codeNotes[c.ID] {
			pr.refs = append(pr.refs, noteRef{coding.MemoOnCode, c.ID, n})
		}
	}
	if err := pr.readNotes(root.child("Notes")); err != nil {
		return err
	}
	if pr.codebookOnly {
		return pr.readCodebookOnly(root)
	}
	if err := pr.readVariables(root.child("Variables")); err != nil {
		return err
	}
	if sources := root.child("Sources"); sources != nil {
		if err := pr.readSources(sources); err != nil {
			return err
		}
	}
	if err := pr.readCases(root.child("Cases")); err != nil {
		return err
	}
	if err := pr.readSets(root.child("Sets")); err != nil {
		return err
	}
	if pr.p.CodeSets, err = pr.readCodeSets(root.child("Sets"), pr.isCode, false); err != nil {
		return err
	}
	if err := pr.addRefs(root, coding.MemoOnProject, ""); err != nil {
		return err
	}
	for _, name := range []string{"Links", "Graphs"} {
		if n := root.child(name); n != nil && len(n.children) > 0 {
			pr.warnf("line %d: <%s> not imported (Marginalia has no %s)", n.line, name, strings.ToLower(name))
		}
	}
	return pr.resolveNotes()
}

// readCodebookOnly finishes reading the file for ReadOptions.CodebookOnly:
// notes on codes are kept; the sources and every other note are left out,
// with a warning saying how many.
func (pr *projectReader) readCodebookOnly(root *node) error {
	var keep []noteRef
	for _, ref := range pr.refs {
		if ref.target == coding.MemoOnCode {
			keep = append(keep, ref)
		}
	}
	pr.refs = keep
	var err error
	if pr.p.CodeSets, err = pr.readCodeSets(root.child("Sets"), pr.isCode, false); err != nil {
		return err
	}
	used := map[string]bool{}
	for _, ref := range keep {
		used[ref.note] = true
	}
	order := pr.noteOrder
	pr.noteOrder = nil
	left := 0
	for _, id := range order {
		if !used[id] {
			left++
		}
	}
	if sources := root.child("Sources"); sources != nil && len(sources.children) > 0 {
		pr.warnf("codes and users only: %s, with their codings, not imported", coding.Plural(len(sources.children), "source"))
	}
	if left > 0 {
		pr.warnf("codes and users only: %s not on codes not imported", coding.Plural(left, "note"))
	}
	return pr.resolveNotes()
}

func (pr *projectReader) readUsers(users *node) error {
	if users == nil {
		return nil
	}
	for _, u := range users.each("User") {
		id, err := pr.guid(u, "guid", "user")
		if err != nil {
			return err
		}
		if _, dup := pr.coders[id]; dup {
			return pr.errorf(u, "user guid %s is used twice", id)
		}
		name, _ := u.attr("name")
		if strings.TrimSpace(name) == "" {
			name, _ = u.attr("id")
		}
		pr.addCoder(id, name)
	}
	return nil
}

// uniqueNames makes the names of one kind of thing read from a file (its
// variables, cases, sets, code groups) non-empty and unique, ignoring case.
type uniqueNames map[string]bool

// unique is name, or kind and the start of the GUID id when name is empty,
// with " (…)" and the start of id added while the name is taken; it is
// taken from then on.
func (u uniqueNames) unique(name, kind, id string) string {
	if name == "" {
		name = kind + " " + id[:8]
	}
	for base := name; u[strings.ToLower(name)]; {
		name = base + " (" + id[:8] + ")"
	}
	u[strings.ToLower(name)] = true
	return name
}

// addCoder adds a coder, making its name non-empty and unique in the file.
func (pr *projectReader) addCoder(id, name string) {
	name = oneLine(name)
	if name == "" {
		name = "Coder " + id[:8]
	}
	taken := func(name string) bool {
		return slices.ContainsFunc(pr.p.Coders, func(c coding.Coder) bool { return c.Name == name })
	}
	if taken(name) {
		renamed := name
		for taken(renamed) {
			renamed += " (" + id[:8] + ")"
		}
		pr.warnf("two users are named %q; the one with guid %s is called %q", name, id, renamed)
		name = renamed
	}
	pr.coders[id] = len(pr.p.Coders)
	pr.p.Coders = append(pr.p.Coders, coding.Coder{ID: id, Name: name})
}

// coder returns the ID of the first of the given user GUIDs that is a
// GUID, adding a coder for a user the file does not list.
func (pr *projectReader) coder(candidates ...string) string {
	for _, c := range candidates {
		id, ok := normalizeID(c)
		if !ok {
			continue
		}
		if _, known := pr.coders[id]; !known {
			pr.warnf("user %s is not among the users; added as a coder", id)
			pr.addCoder(id, "")
		}
		return id
	}
	if _, known := pr.coders[unknownCoderID]; !known {
		pr.warnf("some codings do not say who made them; they are attributed to \"Unknown coder\"")
		pr.addCoder(unknownCoderID, "Unknown coder")
	}
	return unknownCoderID
}

func (pr *projectReader) readNotes(notes *node) error {
	if notes == nil {
		return nil
	}
	for _, n := range notes.each("Note") {
		id, err := pr.guid(n, "guid", "note")
		if err != nil {
			return err
		}
		if _, dup := pr.notes[id]; dup {
			return pr.errorf(n, "note guid %s is used twice", id)
		}
		pr.notes[id] = n
		pr.noteOrder = append(pr.noteOrder, id)
	}
	return nil
}

// addRefs records the notes n refers to.
func (pr *projectReader) addRefs(n *node, target coding.MemoTarget, targetID string) error {
	for _, ref := range n.each("NoteRef") {
		id, err := pr.guid(ref, "targetGUID", "note reference")
		if err != nil {
			return err
		}
		pr.refs = append(pr.refs, noteRef{target, targetID, id})
	}
	return nil
}

func (pr *projectReader) readSources(sources *node) error {
	skipped := map[string]int{}
	for _, n := range sources.children {
		switch n.name {
		case "TextSource":
			if _, err := pr.readTextSource(n, ""); err != nil {
				return err
			}
		case "PDFSource":
			if err := pr.readPDFSource(n); err != nil {
				return err
			}
		default:
			skipped[n.name]++
		}
	}
	kinds := make([]string, 0, len(skipped))
	for kind := range skipped {
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	for _, kind := range kinds {
		pr.warnf("%d <%s> elements not imported (Marginalia codes plain text only)", skipped[kind], kind)
	}
	pr.warnMapped()
	return nil
}

// warnMapped says, once per convention, whose positions were mapped from
// it: for one source its line and name, for more how many and the first
// few names (an NVivo project has one per source, all alike).
func (pr *projectReader) warnMapped() {
	const listed = 3
	for _, u := range pr.mappedOrder {
		sources := pr.mapped[u]
		if len(sources) == 1 {
			pr.warnf("%s: positions count %s; mapped onto the text", sources[0], u)
			continue
		}
		names := make([]string, 0, listed)
		for _, s := range sources[:min(len(sources), listed)] {
			_, name, _ := strings.Cut(s, ": source ")
			names = append(names, name)
		}
		more := ""
		if len(sources) > listed {
			more = fmt.Sprintf(" and %d more", len(sources)-listed)
		}
		pr.warnf("the positions of %d sources (%s%s) count %s; mapped onto their texts", len(sources), strings.Join(names, ", "), more, u)
	}
}

// readPDFSource reads a PDF source through its plain-text <Representation>
// (how NVivo and ATLAS.ti export coded PDFs): a document with the
// representation's text and the codings made on it. What is coded on the
// PDF's pages themselves cannot be placed in that text, and is left out
// with a warning; so is a PDF without a representation.
func (pr *projectReader) readPDFSource(n *node) error {
	name, _ := n.attr("name")
	id, _ := n.attr("guid")
	label := cmp.Or(oneLine(name), "with guid "+id)
	rep := n.child("Representation")
	if rep == nil {
		pr.warnf("line %d: PDF source %q has no plain-text <Representation>; left out with its %d PDF selections and %d codings",
			n.line, label, len(n.each("PDFSelection")), len(n.each("Coding")))
		return nil
	}
	docID, err := pr.readTextSource(rep, name)
	if err != nil || docID == "" {
		return err
	}
	if k := len(n.each("PDFSelection")); k > 0 {
		pr.warnf("line %d: PDF source %q: %d selections of areas on its pages not imported (the codings of its text representation are)", n.line, label, k)
	}
	if k := len(n.each("Coding")); k > 0 {
		pr.warnf("line %d: PDF source %q: %d codings of the whole PDF not imported", n.line, label, k)
	}
	pr.describe(n, coding.MemoOnDocument, docID)
	if err := pr.readValues(n, docID, "PDF source "+strconv.Quote(label)); err != nil {
		return err
	}
	return pr.addRefs(n, coding.MemoOnDocument, docID)
}

// describe appends the <Description> of n to the Memo field of what it
// describes.
func (pr *projectReader) describe(n *node, target coding.MemoTarget, id string) {
	desc := strings.TrimSpace(coding.NormalizeText(n.childText("Description")))
	if desc == "" {
		return
	}
	var field *string
	switch target {
	case coding.MemoOnDocument:
		field = &pr.p.Documents[pr.docs[id]].Memo
	case coding.MemoOnCoding:
		if at := pr.codings[id]; at.index >= 0 {
			field = &pr.p.Codings[at.index].Memo
		}
	}
	if field != nil && !strings.Contains(*field, desc) {
		*field = strings.TrimPrefix(*field+"\n\n"+desc, "\n\n")
	}
}

// sourceName is the name of a source for messages and for its document:
// its name, else fallback (the name of the PDF whose representation it
// is), else the base name of its text file, else "Source" and the start of
// its GUID.
func (pr *projectReader) sourceName(n *node, id, fallback string) string {
	name, _ := n.attr("name")
	return cmp.Or(oneLine(name), oneLine(fallback), textFileName(n), "Source "+id[:8])
}

// textFileName is the base name, without extension, of the plainTextPath
// of n, unless that is only a GUID (as the internal:// files of most tools
// are named).
func textFileName(n *node) string {
	ref, _ := n.attr("plainTextPath")
	ref = strings.ReplaceAll(strings.TrimSpace(ref), `\`, "/")
	if _, after, ok := strings.Cut(ref, "://"); ok {
		ref = after
	}
	if u, err := url.PathUnescape(ref); err == nil {
		ref = u
	}
	base := path.Base(ref)
	if base == "." || base == "/" {
		return ""
	}
	base = oneLine(strings.TrimSuffix(base, path.Ext(base)))
	if _, isID := coding.NormalizeID(base); isID {
		return ""
	}
	return base
}

// text reads the text of a source or note: from plainTextPath if given,
// else from <PlainTextContent>. It returns nil if there is neither.
func (pr *projectReader) text(n *node, what string) (*sourceText, error) {
	if ref, _ := n.attr("plainTextPath"); strings.TrimSpace(ref) != "" {
		data, err := pr.openText(strings.TrimSpace(ref))
		if err != nil {
			return nil, fmt.Errorf("%w (%w)", pr.errorf(n, "%s: %v", what, err), ErrTextMissing)
		}
		t, err := decodeText(data)
		if err != nil {
			return nil, pr.errorf(n, "%s: %s: %v", what, ref, err)
		}
		return t, nil
	}
	if c := n.child("PlainTextContent"); c != nil {
		return newSourceText(string(c.text)), nil
	}
	return nil, nil
}

// selection is a <PlainTextSelection> read but not yet placed.
type selection struct {
	n    *node
	id   string
	span coding.Span
}

// readTextSource reads a <TextSource> (or a PDF's <Representation>) and
// returns the ID of its document ("" when it is left out).
func (pr *projectReader) readTextSource(n *node, fallbackName string) (string, error) {
	id, err := pr.guid(n, "guid", "source")
	if err != nil {
		return "", err
	}
	name := pr.sourceName(n, id, fallbackName)
	what := "source " + strconv.Quote(name)
	if _, dup := pr.docs[id]; dup {
		return "", pr.errorf(n, "%s: guid %s is used by two sources", what, id)
	}
	text, err := pr.text(n, what)
	if err != nil {
		return "", err
	}
	if text == nil {
		pr.warnf("line %d: %s has no plain text (neither plainTextPath nor PlainTextContent); left out with its %d selections", n.line, what, len(n.each("PlainTextSelection")))
		return "", nil
	}
	if pr.docNames[name] {
		renamed := name
		for pr.docNames[renamed] {
			renamed += " (" + id[:8] + ")"
		}
		pr.warnf("line %d: two sources are named %q; this one is called %q", n.line, name, renamed)
		name = renamed
	}
	pr.docNames[name] = true
	created, _ := n.attr("creationDateTime")
	doc := coding.Document{ID: id, Name: name, Text: text.stored, SHA256: coding.TextHash(text.stored),
		Length: text.length, Created: pr.time(n, created)}
	pr.docs[id] = len(pr.p.Documents)
	pr.p.Documents = append(pr.p.Documents, doc)
	sourceUser, _ := n.attr("creatingUser")

	var sels []selection
	var spans []coding.Span
	var names []string
	for _, s := range n.each("PlainTextSelection") {
		sid, err := pr.guid(s, "guid", what, ": selection")
		if err != nil {
			return "", err
		}
		start, err := s.intAttr("startPosition")
		if err != nil {
			return "", fmt.Errorf("%s: %s: selection %s: %w", pr.file, what, sid, err)
		}
		end, err := s.intAttr("endPosition")
		if err != nil {
			return "", fmt.Errorf("%s: %s: selection %s: %w", pr.file, what, sid, err)
		}
		fail := func(format string, args ...any) (string, error) {
			return "", pr.errorf(s, "%s: selection %s: %s", what, sid, fmt.Sprintf(format, args...))
		}
		switch {
		case start < 0:
			return fail("startPosition %d is negative", start)
		case end < start:
			return fail("endPosition %d is before startPosition %d", end, start)
		}
		name, _ := s.attr("name")
		sels = append(sels, selection{s, sid, coding.Span{Start: start, End: end}})
		spans = append(spans, coding.Span{Start: start, End: end})
		names = append(names, name)
	}
	units, warning := text.detectUnits(spans, names)
	if units != CodePoints {
		if pr.mapped == nil {
			pr.mapped = map[Units][]string{}
		}
		if pr.mapped[units] == nil {
			pr.mappedOrder = append(pr.mappedOrder, units)
		}
		pr.mapped[units] = append(pr.mapped[units], fmt.Sprintf("line %d: %s", n.line, what))
	}
	if warning != "" {
		pr.warnf("line %d: %s: %s", n.line, what, warning)
	}
	for i, s := range sels {
		mapped, ok := text.mapSpan(units, s.span)
		if !ok {
			for _, end := range []struct {
				attr string
				p    int
			}{{"startPosition", s.span.Start}, {"endPosition", s.span.End}} {
				if msg := text.placeError(units, end.p); msg != "" {
					return "", pr.errorf(s.n, "%s: selection %s: %s %s", what, s.id, end.attr, msg)
				}
			}
		}
		sels[i].span = mapped
	}
	for _, s := range sels {
		if err := pr.readSelection(s, doc, what, sourceUser); err != nil {
			return "", err
		}
	}
	// Codings of the whole source.
	whole := selection{n: n, id: "", span: coding.Span{Start: 0, End: text.length}}
	if err := pr.readCodings(whole, doc, what, "", sourceUser); err != nil {
		return "", err
	}
	pr.describe(n, coding.MemoOnDocument, id)
	if err := pr.readValues(n, id, what); err != nil {
		return "", err
	}
	return id, pr.addRefs(n, coding.MemoOnDocument, id)
}

func (pr *projectReader) readSelection(s selection, doc coding.Document, what, sourceUser string) error {
	if s.span.Empty() {
		pr.warnf("line %d: %s: selection %s is empty; left out", s.n.line, what, s.id)
		return nil
	}
	user, _ := s.n.attr("creatingUser")
	return pr.readCodings(s, doc, what, user, sourceUser)
}

// readCodings reads the <Coding> children of a selection (or, with an empty
// selection id, of a source: codings of the whole text).
func (pr *projectReader) readCodings(s selection, doc coding.Document, what, selectionUser, sourceUser string) error {
	codings := s.n.each("Coding")
	if s.id == "" && len(codings) > 0 && doc.Length == 0 {
		pr.warnf("line %d: %s: codings of an empty text left out", s.n.line, what)
		return nil
	}
	created, _ := s.n.attr("creationDateTime")
	var ids []string
	for _, c := range codings {
		cid, err := pr.guid(c, "guid", what, ": coding")
		if err != nil {
			return err
		}
		ref := c.child("CodeRef")
		if ref == nil {
			return pr.errorf(c, "%s: coding %s has no <CodeRef>", what, cid)
		}
		code, err := pr.guid(ref, "targetGUID", what, ": coding ", cid, ": code reference")
		if err != nil {
			return err
		}
		if _, ok := pr.codes[code]; !ok {
			return pr.errorf(ref, "%s: coding %s refers to code %s, which is not in the codebook", what, cid, code)
		}
		if len(codings) == 1 && s.id != "" {
			cid = s.id
		}
		if at, dup := pr.codings[cid]; dup {
			return pr.errorf(c, "%s: coding %s: guid already used on line %d", what, cid, at.line)
		}
		user, _ := c.attr("creatingUser")
		when, _ := c.attr("creationDateTime")
		cd := coding.Coding{ID: cid, DocumentID: doc.ID, CodeID: code,
			CoderID: pr.coder(user, selectionUser, sourceUser, pr.creator),
			Span:    s.span, Created: pr.time(c, cmp.Or(when, created))}
		identity := codingIdentity{cd.DocumentID, cd.CodeID, cd.CoderID, cd.Span}
		if pr.identities[identity] {
			pr.codings[cid] = codingAt{c.line, -1}
			pr.warnf("line %d: %s: coding %s repeats an earlier coding (same code, coder and passage); left out", c.line, what, cid)
			continue
		}
		pr.identities[identity] = true
		pr.codings[cid] = codingAt{c.line, len(pr.p.Codings)}
		pr.p.Codings = append(pr.p.Codings, cd)
		ids = append(ids, cid)
		if err := pr.addRefs(c, coding.MemoOnCoding, cid); err != nil {
			return err
		}
	}
	if s.id == "" {
		return nil
	}
	pr.selections[s.id] = append(pr.selections[s.id], ids...)
	for _, cid := range ids {
		pr.describe(s.n, coding.MemoOnCoding, cid)
	}
	if len(ids) == 0 && strings.TrimSpace(s.n.childText("Description")) != "" {
		pr.warnf("line %d: %s: the description of selection %s, which codes nothing, left out", s.n.line, what, s.id)
	}
	for _, ref := range s.n.each("NoteRef") { // notes on the selection: on each of its codings
		nid, err := pr.guid(ref, "targetGUID", "note reference")
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			pr.warnf("line %d: %s: note %s on selection %s, which codes nothing, left out", ref.line, what, nid, s.id)
		}
		for _, cid := range ids {
			pr.refs = append(pr.refs, noteRef{coding.MemoOnCoding, cid, nid})
		}
	}
	return nil
}

// time reads an xsd:dateTime; one without a time zone is taken as UTC. An
// unreadable time is a warning, not an error: nothing depends on it.
func (pr *projectReader) time(n *node, v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC()
		}
	}
	pr.warnf("line %d: <%s>: date and time %q not understood; left empty", n.line, n.name, v)
	return time.Time{}
}

// resolveNotes turns the referenced notes into memos: a note our writer
// made for the Memo field of a document, code or coding goes back there,
// any other note becomes a Memo. Notes nothing refers to become memos on
// the project.
func (pr *projectReader) resolveNotes() error {
	used := map[string]bool{}
	memoIDs := map[string]bool{}
	for _, ref := range pr.refs {
		if _, ok := pr.notes[ref.note]; !ok {
			pr.warnf("a reference to note %s, which is not among the notes, ignored", ref.note)
			continue
		}
		used[ref.note] = true
		if err := pr.addNote(ref, memoIDs); err != nil {
			return err
		}
	}
	for _, id := range pr.noteOrder {
		if !used[id] {
			if err := pr.addNote(noteRef{coding.MemoOnProject, "", id}, memoIDs); err != nil {
				return err
			}
		}
	}
	if n := len(pr.textless); n > 0 {
		const listed = 10
		more := ""
		if n > listed {
			more = fmt.Sprintf(" and %d more", n-listed)
		}
		pr.warnf("%s left out, since the file does not hold their text: %s%s", coding.Plural(n, "note"), strings.Join(pr.textless[:min(n, listed)], ", "), more)
	}
	return nil
}

// noteTarget says what a note was on, for a warning.
func (pr *projectReader) noteTarget(ref noteRef) string {
	switch ref.target {
	case coding.MemoOnCode:
		if i, ok := pr.codes[ref.targetID]; ok {
			return fmt.Sprintf("on code %q", pr.p.Codes[i].Name)
		}
	case coding.MemoOnDocument:
		if i, ok := pr.docs[ref.targetID]; ok {
			return fmt.Sprintf("on document %q", pr.p.Documents[i].Name)
		}
	case coding.MemoOnCoding:
		return "on a coding"
	}
	return "on the project"
}

// addNote attaches the note ref names to ref's target.
func (pr *projectReader) addNote(ref noteRef, memoIDs map[string]bool) error {
	if at, ok := pr.codings[ref.targetID]; ref.target == coding.MemoOnCoding && (!ok || at.index < 0) {
		return nil // a coding left out as a duplicate
	}
	n := pr.notes[ref.note]
	t, err := pr.text(n, "note "+ref.note)
	if errors.Is(err, ErrTextMissing) {
		// A memo without its text is left out, named in a warning: the
		// codes, sources and codings do not depend on it.
		name, _ := n.attr("name")
		pr.textless = append(pr.textless, fmt.Sprintf("%q (%s)", cmp.Or(oneLine(name), ref.note), pr.noteTarget(ref)))
		return nil
	}
	if err != nil || t == nil || strings.TrimSpace(t.stored) == "" {
		return err
	}
	text := t.stored
	if ref.note == inlineMemoID(ref.target, ref.targetID) {
		var field *string
		switch ref.target {
		case coding.MemoOnDocument:
			field = &pr.p.Documents[pr.docs[ref.targetID]].Memo
		case coding.MemoOnCode:
			field = &pr.p.Codes[pr.codes[ref.targetID]].Memo
		case coding.MemoOnCoding:
			if at := pr.codings[ref.targetID]; at.index >= 0 {
				field = &pr.p.Codings[at.index].Memo
			}
		}
		if field != nil {
			*field = strings.TrimPrefix(*field+"\n\n"+text, "\n\n")
			return nil
		}
	}
	id := ref.note
	if memoIDs[id] {
		id = deriveID("memo:" + ref.note + ":" + string(ref.target) + ":" + ref.targetID)
	}
	memoIDs[id] = true
	m := coding.Memo{ID: id, Target: ref.target, TargetID: ref.targetID, Text: text}
	if user, _ := n.attr("creatingUser"); strings.TrimSpace(user) != "" {
		m.CoderID = pr.coder(user)
	}
	modified, _ := n.attr("modifiedDateTime")
	created, _ := n.attr("creationDateTime")
	m.Updated = pr.time(n, cmp.Or(modified, created))
	pr.p.Memos = append(pr.p.Memos, m)
	return nil
}

// oneLine makes a name fit on one line: line breaks and tabs become spaces,
// and the ends are trimmed.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s))
}
