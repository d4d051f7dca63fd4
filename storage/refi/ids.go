package refi

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"

	"desktop/marginalia/coding"
)

// namespace is the UUID namespace of the name-based (version 5) GUIDs this
// package derives, such as the GUID of the <Coding> inside each selection.
var namespace = [16]byte{0x6d, 0x61, 0x72, 0x67, 0x69, 0x6e, 0x61, 0x6c, 0x69, 0x61, 0x2f, 0x72, 0x65, 0x66, 0x69, 0x31} // "desktop/marginalia/refi1"

// deriveID returns a name-based (version 5) UUID for name: the same name
// always gives the same UUID. It is how this package keeps GUIDs stable for
// things our domain does not identify on its own, such as the <Coding>
// element of a selection (deriveID("coding:" + codingID)).
func deriveID(name string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	var b [16]byte
	copy(b[:], h.Sum(nil))
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b[:])
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

// codingElementID is the GUID of the <Coding> element written for a coding.
func codingElementID(codingID string) string { return deriveID("coding:" + codingID) }

// inlineMemoID is the GUID of the <Note> written for the Memo field of a
// document, code or coding.
func inlineMemoID(target coding.MemoTarget, targetID string) string {
	return deriveID("memo:" + string(target) + ":" + targetID)
}

// unknownCoderID identifies the coder of codings whose file names nobody.
var unknownCoderID = deriveID("coder:unknown")

// normalizeID is coding.NormalizeID with a fast path for GUIDs already in
// our form (a regular expression per GUID is a tenth of the time of
// reading a large project).
func normalizeID(s string) (string, bool) {
	if len(s) == 36 {
		ok := true
		for i := 0; i < 36 && ok; i++ {
			c := s[i]
			switch i {
			case 8, 13, 18, 23:
				ok = c == '-'
			default:
				ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
			}
		}
		if ok {
			return s, true
		}
	}
	return coding.NormalizeID(s)
}

// checkID normalises a GUID we are about to write and says what is wrong
// with it otherwise.
func checkID(kind, name, id string) (string, error) {
	n, ok := normalizeID(id)
	if !ok {
		return "", fmt.Errorf("%s %q: id %q is not a GUID", kind, name, id)
	}
	return n, nil
}
