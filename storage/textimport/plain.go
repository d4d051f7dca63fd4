package textimport

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// sniffLen is how much of a file the control-character test looks at.
const sniffLen = 64 << 10

// importPlain reads a .txt or .md file: UTF-8, UTF-16 with a byte order
// mark, or else Windows-1252.
func importPlain(name string, data []byte) (string, []string, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeUTF16(name, data, binary.LittleEndian)
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeUTF16(name, data, binary.BigEndian)
	}
	start := 0
	if bytes.HasPrefix(data, bomUTF8) {
		start = len(bomUTF8)
	}
	if why := sniffBinary(data[start:], 1, start); why != "" {
		return "", nil, fmt.Errorf("%s: %w (%s)", name, ErrBinary, why)
	}
	if utf8.Valid(data[start:]) {
		return string(data[start:]), nil, nil
	}
	text, err := charmap.Windows1252.NewDecoder().Bytes(data[start:])
	if err != nil { // cannot happen: every byte has a meaning in Windows-1252
		return "", nil, fmt.Errorf("%s: reading as Windows-1252: %w", name, err)
	}
	return string(text), []string{name + ": not valid UTF-8; read as Windows-1252"}, nil
}

// decodeUTF16 decodes data, which starts with a UTF-16 byte order mark.
func decodeUTF16(name string, data []byte, order binary.ByteOrder) (string, []string, error) {
	units := make([]uint16, (len(data)-2)/2)
	for i := range units {
		units[i] = order.Uint16(data[2+2*i:])
	}
	if why := sniffBinary(units, 2, 2); why != "" {
		return "", nil, fmt.Errorf("%s: %w (%s)", name, ErrBinary, why)
	}
	var warnings []string
	if len(data)%2 != 0 {
		warnings = append(warnings, fmt.Sprintf("%s: UTF-16 text with an odd number of bytes; the last byte was ignored", name))
	}
	bad := 0
	for i := 0; i < len(units); i++ {
		switch u := units[i]; {
		case !utf16.IsSurrogate(rune(u)):
		case u < 0xdc00 && i+1 < len(units) && units[i+1] >= 0xdc00 && units[i+1] < 0xe000:
			i++
		default:
			bad++
		}
	}
	if bad > 0 {
		warnings = append(warnings, fmt.Sprintf("%s: %d broken UTF-16 characters replaced by U+FFFD", name, bad))
	}
	return string(utf16.Decode(units)), warnings, nil
}

// sniffBinary says why text made of these code units (width bytes each,
// the first at file offset base) looks binary, or "" if it looks like text:
// a NUL anywhere, or more than one in ten control characters (other than
// white space, Ctrl-Z and Escape) in the first sniffLen bytes.
func sniffBinary[U byte | uint16](units []U, width, base int) string {
	controls, n := 0, min(len(units), sniffLen/width)
	for i, u := range units {
		switch {
		case u == 0:
			if width == 1 {
				return fmt.Sprintf("NUL byte at offset %d", base+i)
			}
			return fmt.Sprintf("NUL character at offset %d", base+i*width)
		case i < n && (u < 0x20 || u == 0x7f):
			switch u {
			case '\t', '\n', '\v', '\f', '\r', 0x1a, 0x1b:
			default:
				controls++
			}
		}
	}
	if controls*10 > n {
		return fmt.Sprintf("%d control characters in the first %d bytes", controls, n*width)
	}
	return ""
}
