package coding

// IsCJK reports whether r is Chinese, Japanese or Korean writing: CJK
// ideographs (with the compatibility and supplementary-plane ones), kana,
// Hangul, CJK radicals, symbols and punctuation, CJK compatibility forms,
// and half- and full-width forms. These scripts are written without spaces
// between words (Korean, though spaced, breaks lines between syllables) and
// take two columns in East Asian typography.
//
// It is the one place Marginalia decides this: the viewer breaks lines
// between such runes, the PDF importer joins wrapped lines without a space
// between them, REFI-QDA import treats positions between them as word
// boundaries, and the workbook counts them as two characters wide.
func IsCJK(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x11FF, // Hangul Jamo
		r >= 0x2E80 && r <= 0x9FFF,   // radicals, CJK symbols and punctuation, kana, ideographs
		r >= 0xAC00 && r <= 0xD7AF,   // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,   // compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,   // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFFEF,   // half- and full-width forms
		r >= 0x20000 && r <= 0x3FFFF: // supplementary ideographic planes
		return true
	}
	return false
}
