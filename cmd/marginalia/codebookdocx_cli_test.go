package main

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// docxText is the text of word/document.xml in a .docx, read back with
// Go: the text of each paragraph, one a line.
func docxText(t *testing.T, path string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	r, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var sb strings.Builder
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return sb.String()
		}
		if err != nil {
			t.Fatalf("%s: word/document.xml: %v", path, err)
		}
		switch x := tok.(type) {
		case xml.CharData:
			sb.Write(x)
		case xml.EndElement:
			if x.Name.Local == "p" {
				sb.WriteString("\n")
			}
		case xml.StartElement:
			if x.Name.Local == "br" {
				sb.WriteString("\n")
			}
		}
	}
}

// TestCodebookDocx writes the codebook report as .docx and reads it as a
// user's word processor would: LibreOffice Writer (headless) converts it
// to plain text, which must hold every code's path, description and
// passages; without LibreOffice the zip is read back with Go.
func TestCodebookDocx(t *testing.T) {
	dir, project := codebookProject(t)
	out := filepath.Join(dir, "codebook.docx")
	if got := mustMG(t, "report", project, "--kind", "codebook", "--examples", "2", "-o", out); got != "wrote "+out+"\n" {
		t.Errorf("printed %q", got)
	}
	text := docxText(t, out)
	if soffice, err := exec.LookPath("soffice"); err == nil {
		conv := filepath.Join(dir, "txt")
		cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "lo-profile"), "--headless",
			"--convert-to", "txt:Text (encoded):UTF8", "--outdir", conv, out)
		done := make(chan error, 1)
		go func() { done <- cmd.Run() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("LibreOffice could not convert the .docx: %v", err)
			}
		case <-time.After(2 * time.Minute):
			cmd.Process.Kill()
			t.Fatal("LibreOffice took over 2 minutes")
		}
		raw, err := os.ReadFile(filepath.Join(conv, "codebook.txt"))
		if err != nil {
			t.Fatalf("LibreOffice wrote no text: %v", err)
		}
		text = strings.TrimPrefix(string(raw), "\ufeff")
	} else {
		t.Log("no LibreOffice (soffice) here: the .docx is checked by reading it back with Go only")
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for _, want := range []string{
		"Codebook: study\n",
		"■ Trust\nColour #2E86DE · key 1 · applied to text\nDefinition\nStatements about confidence",
		"■ Norms\n", "■ Sovereignty\n", "■ Cooperation\n", "■ Conflict\n",
		"■ Conflict > 攻击\n",
		"Definition\n攻击 <script>alert(1)</script> & more\nWhen to use\n“quoted”\nWhen not to use\n\n",
		"Coded passages\n战略互信\n互信.txt [2,6) · alice\n互信\n互信.txt [4,6) · bob\n",
		"中美战略互信\n互信.txt [0,6) · bob\n",
		"Coder\nCodings\nDocuments\nCharacters\nall\n4\n1\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %q:\n%s", want, text)
		}
	}
}
