// Package refi reads and writes the REFI-QDA exchange formats (QDA-XML 1.0,
// www.qdasoftware.org): the codebook file (.qdc, namespace
// urn:QDA-XML:codebook:1.0) and the project file (.qdpx, a zip holding
// project.qde in namespace urn:QDA-XML:project:1.0 and the source texts
// under sources/). It owns the mapping between those files and the domain of
// package coding, and nothing else: it does not touch the project database.
//
// # Writing
//
// WriteCodebook and WriteProject produce files that validate against the
// published schemas, with every GUID taken from our UUIDs, so exporting the
// same data twice gives byte-identical files (elements are sorted, zip
// timestamps come from the data). A code's Description is written as its
// definition followed by the lines "When to use: …", "When not to use: …"
// and "Example: …" (see FormatDescription); ParseDescription reads that back.
//
// # Reading
//
// ReadCodebook and ReadProject accept what the tools in the wild write:
// a UTF-8 byte order mark, GUIDs in upper case or in braces, "#RGB" or
// "#RRGGBBAA" colours, empty <Sets/> and <Codes/>, a project file with any
// name ending in .qde, a sources/ or Sources/ folder, text files with a BOM
// and CRLF line endings. Positions are mapped onto rune offsets of the
// stored text (coding.NormalizeText) from the convention each source's
// evidence shows: code points or UTF-16 code units, CRLF counted as one or
// two (see ReadProject and PositionTable). What was repaired is listed in
// Warnings. Input is untrusted: external XML
// entities are never expanded (a DOCTYPE is refused), and zip entries that
// would leave the folder, symlinks, too many entries and implausible
// expansion are refused. Any error returns nothing partial.
package refi
