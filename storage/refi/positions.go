package refi

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Units says what a file's positions count. The schema says "characters";
// tools differ on what that is. The zero value is the schema's reading and
// ours: Unicode code points, a CRLF line break counting as one (the text is
// stored with "\n" line endings).
type Units struct {
	// UTF16: positions count UTF-16 code units, so a character outside the
	// Basic Multilingual Plane (an emoji, a CJK Extension B ideograph)
	// counts two. NVivo counts this way.
	UTF16 bool
	// CRLFTwo: a CRLF line break of the source's text counts as two
	// characters (NVivo for Windows).
	CRLFTwo bool
}

// CodePoints is the schema's reading, and the zero Units.
var CodePoints = Units{}

// UTF16Units counts UTF-16 code units (positions "for NVivo").
var UTF16Units = Units{UTF16: true}

// String names the convention for messages: "code points", "UTF-16 code
// units", and either followed by ", each CRLF line break as two".
func (u Units) String() string {
	s := "code points"
	if u.UTF16 {
		s = "UTF-16 code units"
	}
	if u.CRLFTwo {
		s += ", each CRLF line break as two"
	}
	return s
}

// ParseUnits reads the name of a convention as a user types it:
// "codepoints" (or "code points", "runes", "") or "utf16" ("utf-16").
func ParseUnits(s string) (Units, error) {
	switch strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, " ", ""))) {
	case "", "codepoints", "codepoint", "runes":
		return CodePoints, nil
	case "utf16", "utf-16":
		return UTF16Units, nil
	}
	return Units{}, fmt.Errorf("positions %q: use codepoints or utf16", s)
}

// Inside marks, in a table made by PositionTable, a position that falls
// inside one character: between the two UTF-16 code units of a surrogate
// pair, or between the CR and the LF of a line break counted as two.
const Inside = -1

// PositionTable maps positions counted in units u in raw (a source's text
// as its file holds it, without the byte order marks it starts with) onto positions in code
// points of the stored text (coding.NormalizeText of raw, where CRLF and a
// lone CR become "\n"). Entry p is the stored position of position p, or
// Inside; the table has one entry per position from 0 to the end of the
// text in units u, so its last entry is the stored text's length. Stored
// positions appear in order, each exactly once.
//
// For a text without CRLF and without characters outside the Basic
// Multilingual Plane every convention agrees and the table is the identity.
func PositionTable(raw string, u Units) []int32 {
	table := make([]int32, 0, len(raw)+1)
	s := int32(0)
	for i, r := range raw {
		if r == '\n' && i > 0 && raw[i-1] == '\r' {
			continue // the LF of a CRLF: counted with its CR
		}
		table = append(table, s)
		switch {
		case r == '\r' && i+1 < len(raw) && raw[i+1] == '\n':
			if u.CRLFTwo {
				table = append(table, Inside)
			}
		case r > 0xFFFF && u.UTF16:
			table = append(table, Inside)
		}
		s++
	}
	return append(table, s)
}

// StoredToUnits is the inverse of PositionTable for a stored text (which has
// no CR): entry q is the position, in units u, of stored position q. Only
// u.UTF16 matters, since stored text has "\n" line endings.
func StoredToUnits(stored string, u Units) []int32 {
	table := make([]int32, 0, len(stored)+1)
	p := int32(0)
	for _, r := range stored {
		table = append(table, p)
		p++
		if r > 0xFFFF && u.UTF16 {
			p++
		}
	}
	return append(table, p)
}

// needsTable reports whether the conventions disagree on raw: it has a CRLF
// or a character outside the Basic Multilingual Plane (whose UTF-8 encoding
// is the only one to start with a byte of 0xF0 or more).
func needsTable(raw string) (crlf, astral bool) {
	crlf = strings.Contains(raw, "\r\n")
	for i := 0; i < len(raw); i++ {
		if raw[i] >= 0xF0 {
			astral = true
			break
		}
	}
	return crlf, astral
}

// positionError explains why position p (in units u) cannot be placed in
// raw, or returns "" when it can.
func positionError(table []int32, raw string, u Units, p int) string {
	if p < 0 {
		return fmt.Sprintf("%d is negative", p)
	}
	if p >= len(table) {
		return fmt.Sprintf("%d is past the end of the text (%d characters, counting %s)", p, len(table)-1, u)
	}
	if table[p] != Inside {
		return ""
	}
	// Find the character: the stored position before p, as a rune of raw.
	q := table[p-1]
	i, n := 0, int32(0)
	for i < len(raw) && n < q {
		_, size := utf8.DecodeRuneInString(raw[i:])
		if raw[i] == '\r' && strings.HasPrefix(raw[i+1:], "\n") {
			size = 2
		}
		i += size
		n++
	}
	if strings.HasPrefix(raw[i:], "\r\n") {
		return fmt.Sprintf("%d falls between the CR and the LF of a line break (counting %s)", p, u)
	}
	r, _ := utf8.DecodeRuneInString(raw[i:])
	return fmt.Sprintf("%d falls between the two UTF-16 code units of %U %q (counting %s)", p, r, r, u)
}
