package refi

import (
	"marginalia/coding"
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
	// Memos are notes on the project, a document, a code or a coding, other
	// than those kept in the Memo field of a document, code or coding.
	Memos []coding.Memo
	// Warnings lists what was repaired or left out while reading.
	Warnings []string
}
