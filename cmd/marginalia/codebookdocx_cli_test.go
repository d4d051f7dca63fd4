package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCodebookDocx writes the codebook report as .docx and reads it as a
// user's word processor would: LibreOffice Writer (headless) converts it
// to plain text, which must hold every code's path, description and
// passages. Without LibreOffice it is skipped: package analysis's
// TestCodebookDocx reads the package back with Go.
func TestCodebookDocx(t *testing.T) {
	dir, project := codebookProject(t)
	out := filepath.Join(dir, "codebook.docx")
	if got := mustMG(t, "report", project, "--kind", "codebook", "--examples", "2", "-o", out); got != "wrote "+out+"\n" {
		t.Errorf("printed %q", got)
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("no LibreOffice (soffice) here to open the .docx")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conv := filepath.Join(dir, "txt")
	if msg, err := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "lo-profile"), "--headless",
		"--convert-to", "txt:Text (encoded):UTF8", "--outdir", conv, out).CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice could not convert the .docx: %v\n%s", err, msg)
	}
	raw, err := os.ReadFile(filepath.Join(conv, "codebook.txt"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no text: %v", err)
	}
	text := strings.ReplaceAll(strings.TrimPrefix(string(raw), "\ufeff"), "\r\n", "\n")
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
