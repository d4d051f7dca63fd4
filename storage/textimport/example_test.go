package textimport_test

import (
	"fmt"

	"desktop/marginalia/storage/textimport"
)

func ExampleRead() {
	// A Windows text file: byte order mark, CRLF line ends, a final newline.
	data := []byte("\ufeff“Trust” in cyberspace\r\n\r\n信任\r\n")
	r, err := textimport.Read("notes/trust.txt", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %q\n", r.Name, r.Text)

	_, err = textimport.Read("scan.txt", []byte("GIF89a\x01\x00\x01\x00\x00\x00"))
	fmt.Println(err)
	// Output:
	// trust.txt: "“Trust” in cyberspace\n\n信任\n"
	// scan.txt: looks like a binary file, not text (NUL byte at offset 7)
}
