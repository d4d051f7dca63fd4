package refi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"desktop/marginalia/coding"
)

// Namespaces of the two QDA-XML 1.0 schemas.
const (
	codebookNamespace = "urn:QDA-XML:codebook:1.0"
	projectNamespace  = "urn:QDA-XML:project:1.0"
)

// Origin is what our files give as their origin attribute.
const Origin = "Marginalia"

// maxXMLSize bounds a .qdc file or the project.qde inside a .qdpx.
var maxXMLSize int64 = 1 << 30

// ErrEmptyCodebook is returned by WriteCodebook for a codebook without
// codes: the schema requires at least one <Code>, so there is no valid file
// to write.
var ErrEmptyCodebook = errors.New("the codebook has no codes, and a REFI-QDA codebook file needs at least one")

// Codebook is the content of a .qdc file.
type Codebook struct {
	// Codes in file order, parents before their children. IDs are the
	// file's GUIDs in our lower-case form (coding.NormalizeID), ParentID
	// comes from the nesting, Position is the order among siblings, Color is
	// "#RRGGBB", Codable comes from isCodable and Description from
	// ParseDescription.
	Codes []coding.Code
	// Sets are the code groups (<Sets> of <MemberCode>s), by file order;
	// each member is among Codes.
	Sets []coding.CodeSet
	// Origin is the file's origin attribute (the tool that wrote it), if any.
	Origin string
	// Warnings lists what was repaired while reading: renamed codes,
	// replaced colours, members of code groups not in the codebook.
	Warnings []string
}

// WriteCodebook writes codes as a REFI-QDA codebook (.qdc), valid against
// Codebook.xsd: the hierarchy as nested <Code> elements, our code IDs as
// GUIDs, colours as "#RRGGBB" and the description as FormatDescription lays
// it out; then the code groups, if any, as <Sets> of <MemberCode>s (each
// member must be among codes). Code memos are not written: the codebook
// schema has no place for them (WriteProject writes them as notes). A
// codebook without codes gives ErrEmptyCodebook.
func WriteCodebook(w io.Writer, codes []coding.Code, groups ...coding.CodeSet) error {
	if len(codes) == 0 {
		return ErrEmptyCodebook
	}
	tree, err := newCodeTree(codes)
	if err != nil {
		return fmt.Errorf("write codebook: %w", err)
	}
	sets, err := checkCodeSets(groups, tree)
	if err != nil {
		return fmt.Errorf("write codebook: %w", err)
	}
	x := newXMLWriter(w)
	x.start("CodeBook")
	x.attr("xmlns", codebookNamespace)
	x.attr("origin", Origin)
	tree.write(x, nil)
	if len(sets) > 0 {
		x.start("Sets")
		writeCodeSets(x, sets, true)
		x.end("Sets")
	}
	x.end("CodeBook")
	if err := x.flush(); err != nil {
		return fmt.Errorf("write codebook: %w", err)
	}
	return nil
}

// ReadCodebook reads a REFI-QDA codebook (.qdc).
//
// It accepts a UTF-8 BOM (or UTF-16 with a BOM), GUIDs in upper case or in
// braces (normalised with coding.NormalizeID), "#RGB" and "#RRGGBBAA"
// colours (normalised to "#RRGGBB"), empty <Codes/> and <Sets/>, a missing
// isCodable (taken as true), and namespace prefixes. What it repairs, it
// lists in Warnings: a ">" in a code name (our path separator) becomes
// "›", line breaks and tabs in a name become spaces, a missing or invalid
// colour becomes a palette colour (coding.PaletteColor of the code's
// index). Code groups (<Sets>) are read into Sets; a member that is not a
// code of the file is left out, with a warning.
//
// A code without a GUID or name, a GUID that is not one or is used twice,
// an isCodable that is not a boolean, malformed XML and any DOCTYPE (so no
// entity is ever expanded) are errors naming the line; on error the
// Codebook is empty.
func ReadCodebook(r io.Reader) (Codebook, error) {
	return readCodebook(r, "codebook")
}

// ReadCodebookFile reads the .qdc file at path.
func ReadCodebookFile(path string) (Codebook, error) {
	f, err := os.Open(path)
	if err != nil {
		return Codebook{}, fmt.Errorf("read codebook: %w", err)
	}
	defer f.Close()
	return readCodebook(f, path)
}

func readCodebook(r io.Reader, file string) (Codebook, error) {
	data, err := readLimited(r, maxXMLSize, file)
	if err != nil {
		return Codebook{}, err
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return Codebook{}, fmt.Errorf("%s: this is a zip file (a .qdpx project?), not a REFI-QDA codebook (.qdc)", file)
	}
	root, err := parseXML(data, file)
	if err != nil {
		return Codebook{}, err
	}
	rd := &reader{file: file}
	if root.name != "CodeBook" {
		return Codebook{}, rd.errorf(root, "the root element is <%s>, not the <CodeBook> of a REFI-QDA codebook", root.name)
	}
	codes, _, err := rd.readCodes(root.child("Codes"))
	if err != nil {
		return Codebook{}, err
	}
	sets, err := rd.readCodeSets(root.child("Sets"), isCodeOf(codes), true)
	if err != nil {
		return Codebook{}, err
	}
	origin, _ := root.attr("origin")
	return Codebook{Codes: codes, Sets: sets, Origin: origin, Warnings: rd.allWarnings()}, nil
}
