package storage_test

import (
	"strings"
	"testing"
)

// FuzzImportCodingsCSV feeds arbitrary CSV to the codings importer: it must
// never panic, and a refused file must leave the project without codings.
func FuzzImportCodingsCSV(f *testing.F) {
	for _, seed := range []string{
		"coder,document,code,start,end\nalice,sony-hack-cyber-dialogue.txt,Trust,0,10\n",
		"coder,document,code,start,end,text,memo\nbob,setback-cyber-cooperation.txt,Norms > Cyber vandalism,5,9,x,\"a, memo\"\n",
		"\ufeffcoder,document,code,start,end\r\nalice,sony-hack-cyber-dialogue.txt,Trust,7035,7036\r\n",
		"coder,document,code,start,end\nalice,sony-hack-cyber-dialogue.txt,Trust,-1,99999999999999999999\n",
		"coder,document,code\n\"unterminated",
		"",
	} {
		f.Add(seed)
	}
	s := newSample(f)
	f.Fuzz(func(t *testing.T, data string) {
		before, _ := s.p.CodingCount()
		report, err := s.p.ImportCodingsCSV(strings.NewReader(data), "fuzz.csv")
		after, _ := s.p.CodingCount()
		if err != nil {
			if after != before {
				t.Fatalf("refused file changed the codings: %d → %d (%v)", before, after, err)
			}
			if !strings.Contains(err.Error(), "fuzz.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if after != before+report.Added {
			t.Fatalf("report says %d added, count went %d → %d", report.Added, before, after)
		}
	})
}
