package refi

import (
	"archive/zip"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"desktop/marginalia/coding"
)

// projectFile is the name of the XML file inside the .qdpx we write.
const projectFile = "project.qde"

// DefaultProjectName names a project written without a name.
const DefaultProjectName = "Marginalia project"

// WriteProject writes p as a REFI-QDA project (.qdpx): a zip with
// project.qde, valid against Project.xsd, and each document's stored text as
// sources/<guid>.txt (UTF-8, "\n" line endings, no BOM).
//
// Coders become <User>s; each document a <TextSource>; each coding a
// <PlainTextSelection> whose GUID is the coding's ID, whose name is the
// coded text (its start and end when long, joined by "…"; a reader can
// check its positions against it) and whose positions count p.Positions
// (code points of the stored text unless UTF-16 code units are asked
// for), holding one <Coding> (GUID derived from the coding ID with
// deriveID, so stable) by the coder with a <CodeRef> to the code. A
// coding's Memo is the selection's <Description> (where ATLAS.ti keeps a
// quotation's comment). Memos, and the Memo fields of documents and codes,
// become <Note>s referenced from what they are about; a memo whose coder is
// not among p.Coders (an export filtered by coder) is written without its
// author.
//
// The output is deterministic: elements are sorted (coders and documents by
// name, codings by position, notes by GUID) and the zip entries carry the
// latest timestamp found in the data, so the same project gives the same
// bytes. p is checked first (GUIDs, references, spans inside their text);
// nothing is written if it is inconsistent.
func WriteProject(w io.Writer, p Project) error {
	pw, err := newProjectWriter(p)
	if err != nil {
		return fmt.Errorf("write project: %w", err)
	}
	if err := pw.write(w); err != nil {
		return fmt.Errorf("write project: %w", err)
	}
	return nil
}

// note is a <Note> to write.
type note struct {
	id, name, coder, text string
	modified              time.Time
}

// projectWriter holds a checked, normalised and sorted copy of a Project.
type projectWriter struct {
	name     string
	coders   []coding.Coder
	codes    *codeTree
	docs     []coding.Document
	codings  map[string][]coding.Coding // document ID -> codings by position
	notes    []note
	noteRefs map[string][]string // target key -> note GUIDs
	stamp    time.Time
	units    Units
	attrs    []coding.Attribute                 // by position
	values   map[string][]coding.AttributeValue // document ID -> values by attribute position
	sets     []coding.DocumentSet               // by name; members written, in document order
	types    map[string]coding.AttributeType    // attribute ID -> type
	cases    []caseOut                          // by name
	codeSets []coding.CodeSet                   // code groups, by name
}

func targetKey(t coding.MemoTarget, id string) string { return string(t) + ":" + id }

func newProjectWriter(p Project) (*projectWriter, error) {
	pw := &projectWriter{name: cmp.Or(strings.TrimSpace(p.Name), DefaultProjectName),
		codings: map[string][]coding.Coding{}, noteRefs: map[string][]string{},
		stamp: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), units: Units{UTF16: p.Positions.UTF16}}
	var err error
	if pw.codes, err = newCodeTree(p.Codes); err != nil {
		return nil, err
	}
	coders := map[string]bool{}
	for _, c := range p.Coders {
		if c.ID, err = checkID("coder", c.Name, c.ID); err != nil {
			return nil, err
		}
		if coders[c.ID] {
			return nil, fmt.Errorf("coder %q: id %s is used by two coders", c.Name, c.ID)
		}
		coders[c.ID] = true
		pw.coders = append(pw.coders, c)
	}
	slices.SortFunc(pw.coders, func(a, b coding.Coder) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	lengths := map[string]int{}
	for _, d := range p.Documents {
		if d.ID, err = checkID("document", d.Name, d.ID); err != nil {
			return nil, err
		}
		if _, dup := lengths[d.ID]; dup {
			return nil, fmt.Errorf("document %q: id %s is used by two documents", d.Name, d.ID)
		}
		if !utf8.ValidString(d.Text) {
			return nil, fmt.Errorf("document %q: text is not valid UTF-8", d.Name)
		}
		lengths[d.ID] = utf8.RuneCountInString(d.Text)
		pw.later(d.Created)
		pw.addInlineMemo(coding.MemoOnDocument, d.ID, "document "+d.Name, d.Memo)
		pw.docs = append(pw.docs, d)
	}
	slices.SortFunc(pw.docs, func(a, b coding.Document) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	order := map[string]int{}
	for i, d := range pw.docs {
		order[d.ID] = i
	}
	if err := pw.checkVariables(p, order); err != nil {
		return nil, err
	}
	if pw.codeSets, err = checkCodeSets(p.CodeSets, pw.codes); err != nil {
		return nil, err
	}
	pw.codes.walk(func(c coding.Code) { pw.addInlineMemo(coding.MemoOnCode, c.ID, "code "+c.Name, c.Memo) })
	codings := map[string]bool{}
	for _, c := range p.Codings {
		if err := pw.addCoding(c, codings, lengths, coders); err != nil {
			return nil, err
		}
	}
	for _, list := range pw.codings {
		slices.SortFunc(list, func(a, b coding.Coding) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), strings.Compare(a.ID, b.ID))
		})
	}
	targets := map[coding.MemoTarget]func(string) bool{
		coding.MemoOnProject:  func(id string) bool { return true },
		coding.MemoOnDocument: func(id string) bool { _, ok := lengths[id]; return ok },
		coding.MemoOnCode:     func(id string) bool { _, ok := pw.codes.byID[id]; return ok },
		coding.MemoOnCoding:   func(id string) bool { return codings[id] },
	}
	for _, m := range p.Memos {
		if err := pw.addMemo(m, targets, coders); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(pw.notes, func(a, b note) int { return strings.Compare(a.id, b.id) })
	for k := range pw.noteRefs {
		slices.Sort(pw.noteRefs[k])
	}
	pw.keepWrittenPassages()
	return pw, nil
}

// later moves the zip timestamp to t if t is later.
func (pw *projectWriter) later(t time.Time) {
	if t.After(pw.stamp) {
		pw.stamp = t
	}
}

func (pw *projectWriter) addCoding(c coding.Coding, seen map[string]bool, lengths map[string]int, coders map[string]bool) error {
	var err error
	if c.ID, err = checkID("coding", c.Span.String(), c.ID); err != nil {
		return err
	}
	what := "coding " + c.ID
	if seen[c.ID] {
		return fmt.Errorf("%s: the id is used by two codings", what)
	}
	seen[c.ID] = true
	if c.DocumentID, err = checkID(what+": document", "", c.DocumentID); err != nil {
		return err
	}
	if c.CodeID, err = checkID(what+": code", "", c.CodeID); err != nil {
		return err
	}
	if c.CoderID, err = checkID(what+": coder", "", c.CoderID); err != nil {
		return err
	}
	length, ok := lengths[c.DocumentID]
	switch {
	case !ok:
		return fmt.Errorf("%s: document %s is not in the project", what, c.DocumentID)
	case pw.codes.byID[c.CodeID].ID == "":
		return fmt.Errorf("%s: code %s is not in the codebook", what, c.CodeID)
	case !coders[c.CoderID]:
		return fmt.Errorf("%s: coder %s is not in the project", what, c.CoderID)
	}
	if err := c.Span.Validate(length); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	pw.later(c.Created)
	pw.codings[c.DocumentID] = append(pw.codings[c.DocumentID], c)
	return nil
}

func (pw *projectWriter) addInlineMemo(target coding.MemoTarget, id, what, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	n := note{id: inlineMemoID(target, id), name: "Memo on " + what, text: text}
	pw.notes = append(pw.notes, n)
	pw.noteRefs[targetKey(target, id)] = append(pw.noteRefs[targetKey(target, id)], n.id)
}

func (pw *projectWriter) addMemo(m coding.Memo, targets map[coding.MemoTarget]func(string) bool, coders map[string]bool) error {
	id, err := checkID("memo", string(m.Target), m.ID)
	if err != nil {
		return err
	}
	exists, ok := targets[m.Target]
	if !ok {
		return fmt.Errorf("memo %s: unknown target %q", id, m.Target)
	}
	targetID := ""
	if m.Target != coding.MemoOnProject {
		if targetID, err = checkID("memo "+id+": target", string(m.Target), m.TargetID); err != nil {
			return err
		}
	}
	if !exists(targetID) {
		return fmt.Errorf("memo %s: its %s %s is not in the project", id, m.Target, targetID)
	}
	if m.CoderID != "" {
		if m.CoderID, err = checkID("memo "+id+": coder", "", m.CoderID); err != nil {
			return err
		}
		if !coders[m.CoderID] {
			m.CoderID = "" // an export filtered by coder: the memo stays, without its author
		}
	}
	pw.later(m.Updated)
	pw.notes = append(pw.notes, note{id: id, name: "Memo on " + string(m.Target), coder: m.CoderID, text: m.Text, modified: m.Updated})
	pw.noteRefs[targetKey(m.Target, targetID)] = append(pw.noteRefs[targetKey(m.Target, targetID)], id)
	return nil
}

func (pw *projectWriter) write(w io.Writer) error {
	zw := zip.NewWriter(w)
	header := func(name string) *zip.FileHeader {
		return &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: pw.stamp.UTC().Truncate(time.Second)}
	}
	f, err := zw.CreateHeader(header(projectFile))
	if err != nil {
		return err
	}
	if err := pw.writeXML(f); err != nil {
		return err
	}
	for _, d := range pw.docs {
		f, err := zw.CreateHeader(header("sources/" + d.ID + ".txt"))
		if err != nil {
			return err
		}
		text := d.Text
		if strings.HasPrefix(text, "\ufeff") {
			// A text stored before NormalizeText removed every leading
			// BOM: readers that remove one (other tools) keep its own.
			text = "\ufeff" + text
		}
		if _, err := io.WriteString(f, text); err != nil {
			return err
		}
	}
	return zw.Close()
}

func (pw *projectWriter) writeNoteRefs(x *xmlWriter, target coding.MemoTarget, id string) {
	for _, n := range pw.noteRefs[targetKey(target, id)] {
		x.start("NoteRef")
		x.attr("targetGUID", n)
		x.end("NoteRef")
	}
}

func (pw *projectWriter) writeXML(w io.Writer) error {
	x := newXMLWriter(w)
	x.start("Project")
	x.attr("xmlns", projectNamespace)
	x.attr("name", pw.name)
	x.attr("origin", Origin)
	if len(pw.coders) > 0 {
		x.start("Users")
		for _, c := range pw.coders {
			x.start("User")
			x.attr("guid", c.ID)
			x.attr("name", c.Name)
			x.end("User")
		}
		x.end("Users")
	}
	if len(pw.codes.byID) > 0 {
		x.start("CodeBook")
		pw.codes.write(x, func(id string) []string { return pw.noteRefs[targetKey(coding.MemoOnCode, id)] })
		x.end("CodeBook")
	}
	pw.writeVariables(x)
	pw.writeCases(x)
	if len(pw.docs) > 0 {
		x.start("Sources")
		for _, d := range pw.docs {
			pw.writeSource(x, d)
		}
		x.end("Sources")
	}
	if len(pw.notes) > 0 {
		x.start("Notes")
		for _, n := range pw.notes {
			x.start("Note")
			x.attr("guid", n.id)
			x.attr("name", n.name)
			x.attr("creatingUser", n.coder)
			x.attrTime("modifiedDateTime", n.modified)
			x.textElement("PlainTextContent", n.text)
			x.end("Note")
		}
		x.end("Notes")
	}
	pw.writeSets(x)
	pw.writeNoteRefs(x, coding.MemoOnProject, "")
	x.end("Project")
	return x.flush()
}

func (pw *projectWriter) writeSource(x *xmlWriter, d coding.Document) {
	x.start("TextSource")
	x.attr("guid", d.ID)
	x.attr("name", d.Name)
	x.attr("plainTextPath", "internal://"+d.ID+".txt")
	x.attrTime("creationDateTime", d.Created)
	var runes []rune
	var units []int32 // stored position -> written position, when they differ
	if list := pw.codings[d.ID]; len(list) > 0 {
		runes = []rune(d.Text)
		if _, astral := needsTable(d.Text); astral && pw.units.UTF16 {
			units = StoredToUnits(d.Text, pw.units)
		}
	}
	for _, c := range pw.codings[d.ID] {
		start, end := c.Start, c.End
		if units != nil {
			start, end = int(units[start]), int(units[end])
		}
		x.start("PlainTextSelection")
		x.attr("guid", c.ID)
		x.attr("name", selectionName(runes[c.Start:c.End]))
		x.attrInt("startPosition", start)
		x.attrInt("endPosition", end)
		x.attr("creatingUser", c.CoderID)
		x.attrTime("creationDateTime", c.Created)
		if strings.TrimSpace(c.Memo) != "" {
			x.textElement("Description", c.Memo)
		}
		x.start("Coding")
		x.attr("guid", codingElementID(c.ID))
		x.attr("creatingUser", c.CoderID)
		x.attrTime("creationDateTime", c.Created)
		x.start("CodeRef")
		x.attr("targetGUID", c.CodeID)
		x.end("CodeRef")
		pw.writeNoteRefs(x, coding.MemoOnCoding, c.ID)
		x.end("Coding")
		x.end("PlainTextSelection")
	}
	pw.writeNoteRefs(x, coding.MemoOnDocument, d.ID)
	pw.writeValues(x, d.ID)
	x.end("TextSource")
}

// selectionName is the name written for a selection: its text on one line
// (runs of white space as one space), or, beyond 80 characters, its first
// 40 and last 39 joined by "…".
func selectionName(text []rune) string {
	const most, head, tail = 80, 40, 39
	if len(text) > 4*most {
		text = append(append(slices.Clone(text[:2*most]), ' '), text[len(text)-2*most:]...)
	}
	r := []rune(strings.Join(strings.Fields(string(text)), " "))
	if len(r) <= most {
		return string(r)
	}
	return strings.TrimSpace(string(r[:head])) + "…" + strings.TrimSpace(string(r[len(r)-tail:]))
}
