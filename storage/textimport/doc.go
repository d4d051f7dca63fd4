// Package textimport turns document files from outside (.txt, .md, .html,
// .htm, .docx, .odt, .pdf) into the stored text of a Marginalia document.
// It owns the decoding of those formats and nothing else: it neither writes
// to the project nor creates the coding.Document (the caller does that from
// the Result).
//
// Every importer returns text in the stored form of package coding
// (coding.NormalizeText: no byte order mark, "\n" line ends). Nothing else
// in a .txt or .md file is changed, trailing line breaks included: a UTF-8
// article comes out byte for byte as it is in the file, apart from the byte
// order marks it starts with (all of them: the one that tells the encoding,
// and any a tool added again after it) and CRLF line ends, so that its
// SHA-256 is the same as any other tool that keeps the text gets; a U+FEFF
// after the first other character is the text's own. Text made from a
// converted format (.html, .docx, .odt, .pdf) has no leading blank lines,
// no trailing white space and no U+FEFF anywhere (the format's byte order
// mark, or an invisible zero-width no-break space).
//
// # Formats
//
//   - .txt, .md: UTF-8 (with or without a byte order mark), UTF-16 LE or BE
//     with a byte order mark; a file that is not valid UTF-8 is read as
//     Windows-1252 (a superset of Latin-1) with a warning. Markdown is kept
//     as it is written. A file with a NUL byte or mostly control characters
//     is refused as binary.
//   - .html, .htm: the visible text of the body as a browser lays it out:
//     elements that browsers separate with a vertical margin (p, h1–h6,
//     ul, ol, dl, blockquote, pre, table, figure, hr) are separated by a
//     blank line, other block elements (div, li, tr, dt, dd, section,
//     article, …) and <br> start a new line, table cells are separated by a
//     tab, and white space inside a paragraph collapses to one space except
//     in <pre>. Scripts, styles, the head, navigation (nav, header, footer,
//     aside), forms and elements marked hidden are left out. The encoding
//     comes from a byte order mark or a <meta charset>, else UTF-8, else
//     Windows-1252 with a warning.
//   - .docx: the paragraphs of the main document part (word/document.xml),
//     one line each, the cells of a table row separated by tabs; w:tab is
//     a tab, w:br and w:cr a line break. Deleted and moved-away text of
//     tracked changes, hidden text, field codes and the fallback copies of
//     drawings are left out; footnotes, headers and comments (separate
//     parts) are not read.
//   - .odt: the text:p and text:h paragraphs of content.xml, one line each
//     (table cells as in .docx), with white space collapsed as the
//     OpenDocument standard says (text:s, text:tab and text:line-break give
//     spaces, tabs and line breaks). Footnote bodies, annotations, ruby
//     text, drawings and tracked deletions are left out, as the standard
//     says for a paragraph's text.
//   - .pdf: the text layer, page by page, pages separated by a blank line
//     (so a paragraph that runs over a page break is cut in two).
//     Lines are rebuilt from the glyph positions; a line that runs to the
//     right margin continues on the next one (joined with a space, or
//     nothing after a hyphen or between Chinese/Japanese characters), a
//     shorter line ends with a line break, and a larger vertical gap than
//     the page's usual line spacing is a paragraph break (a blank line).
//     Typographic ligatures (ﬁ, ﬂ, …) are spelt out. Text in form XObjects
//     is read; images are not. A PDF without a text layer (a scan) is
//     refused: run OCR first.
//
// In .docx and .odt, every paragraph ends with one newline, so empty
// paragraphs become empty lines: a text file opened in a word processor and
// saved as .docx or .odt imports back as the same text.
//
// # Untrusted input
//
// Files are limited to MaxFileSize. .docx and .odt are zip archives: more
// than MaxZipEntries entries, or a document part that expands beyond
// MaxExpandedSize, is refused as a likely zip bomb; the XML is read with
// encoding/xml, which never loads external entities, and a DOCTYPE is
// refused outright. The PDF reader (github.com/ledongthuc/pdf) trusts its
// input: it may panic, loop, allocate what a number in the file asks for,
// or recurse until the stack overflows. Its panics are recovered and
// reported as errors (inside a page, as a warning with the text read so
// far), and the known ways into the others are closed before it gets there
// (pdfguard.go): absurd cross-reference sizes, object streams inside object
// streams, content streams that end in an open hex string or expand beyond
// MaxExpandedSize, and a bound on how often it may read the file. As a last
// resort, reading a PDF gives up with an error after a deadline (30 s plus
// 1 s per MiB). Errors name the file and say what was wrong; the sentinel
// errors (ErrEmpty, ErrBinary, ErrNoTextLayer, ...) can be tested with
// errors.Is.
package textimport
