// Package coding is Marginalia's domain: documents, the codebook, coders,
// codings, memos and the spans they cover.
//
// It is pure Go: it imports neither Fyne nor database/sql nor any file
// format. Every position is a 0-based, end-exclusive offset in Unicode code
// points (runes) of a document's stored text; NormalizeText gives that stored
// text from imported text, and RuneToByte/ByteToRune convert at the edges
// where Go strings need byte offsets.
//
// Identity is by UUID (NewID): documents, codes, coders, codings and memos
// keep their IDs for life, across export and import, and merges match on
// them. A document is also identified by the SHA-256 of its stored text
// (TextHash), so the same article imported twice is recognised.
package coding
