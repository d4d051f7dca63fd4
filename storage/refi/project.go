package refi

import (
	"desktop/marginalia/coding"
)

// Project is the content of a .qdpx file.
type Project struct {
	// Name is the project's name (the name attribute of <Project>).
	Name string
	// Origin is the tool that wrote the file, if it says (read only; we
	// write Origin).
	Origin string
	// Coders are the file's users. Every coding's and memo's CoderID is
	// among them.
	Coders []coding.Coder
	// Codes are the codebook, parents before children (see Codebook.Codes).
	Codes []coding.Code
	// Documents are the text sources, each with its stored text
	// (coding.NormalizeText), SHA256 and Length filled in.
	Documents []coding.Document
	// Codings are the coded passages, positions in runes of the stored text.
	Codings []coding.Coding
	// Memos are notes on the project (TargetID empty), a document, a code
	// or a coding, other than those kept in the Memo field of a document,
	// code or coding. WriteProject writes both kinds as <Note>s referenced
	// from their target (a Memo field's note gets a GUID derived from the
	// target, so that ReadProject puts it back in the field). On reading, a
	// note on a selection goes to each of its codings, and a note nothing
	// refers to is a memo on the project.
	Memos []coding.Memo
	// Attributes are the <Variables>; Values the documents' values of them
	// (canonical, see coding.Attribute.Parse); Sets the <Sets> of sources,
	// a saved filter listing its members of the moment as Documents when
	// written and none when read (see variables.go).
	Attributes []coding.Attribute
	Values     []coding.AttributeValue
	Sets       []coding.DocumentSet
	// Cases are the <Cases>: each gathers documents (<SourceRef>s) and
	// passages (<SelectionRef>s, as the IDs of Codings; on writing, those
	// not among Codings are left out) and has values of the Attributes of
	// its own (<VariableValue>s).
	Cases []coding.Case
	// CodeSets are the code groups: <Sets> of <MemberCode>s (see
	// codesets.go). Each member is among Codes.
	CodeSets []coding.CodeSet
	// Warnings lists what was repaired or left out while reading.
	Warnings []string
	// Positions is how WriteProject counts positions: code points (the
	// zero value, the schema's reading) or, for a tool that counts UTF-16
	// code units such as NVivo, UTF16Units. ReadProject leaves it zero:
	// it maps every source's positions onto code points.
	Positions Units
}
