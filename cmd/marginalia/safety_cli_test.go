package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cliChildEnv makes the test binary run the marginalia command line given
// after "--" and exit with its status: TestReadOnlyCommandsAsAnotherUser
// runs it as another user.
const cliChildEnv = "MARGINALIA_TEST_RUN_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(cliChildEnv) != "" {
		for i, arg := range os.Args {
			if arg == "--" {
				os.Exit(run(os.Args[i+1:], os.Stdout, os.Stderr))
			}
		}
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// A project the user may not change: list, text, agreement and export
// work, and every write fails with "FILE is read-only", naming the file.
// The tests run as root in CI, whom permissions do not stop, so the
// commands run as user nobody (65534) through setpriv.
func TestReadOnlyCommandsAsAnotherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root, to run the commands as user nobody (65534) through setpriv")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("setpriv (util-linux) is not installed: cannot drop privileges for this test")
	}
	base, err := os.MkdirTemp("", "marginalia-ro-cli-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	os.Chmod(base, 0o755)
	project := filepath.Join(base, "study.qdb")
	mustMG(t, "new", project, "--sample")
	mustMG(t, "code", project, "--coder", "alice", "--document", sony, "--code", "Trust", "--start", "0", "--end", "10")
	mustMG(t, "code", project, "--coder", "bob", "--document", sony, "--code", "Trust", "--start", "5", "--end", "10")
	out := filepath.Join(base, "out")
	os.Mkdir(out, 0o777)
	os.Chmod(out, 0o777)
	digest := fileDigest(t, project)
	article, err := filepath.Abs(corpus(setback))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(base, "marginalia.test")
	if b, err := os.ReadFile(os.Args[0]); err != nil || os.WriteFile(bin, b, 0o755) != nil {
		t.Fatalf("copy the test binary: %v", err)
	}
	asNobody := func(args ...string) outcome {
		cmd := exec.Command(setpriv, append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", bin, "-test.run=^$", "--"}, args...)...)
		cmd.Dir = base
		cmd.Env = append(os.Environ(), cliChildEnv+"=1", "HOME="+base)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return outcome{code: code, stdout: stdout.String(), stderr: stderr.String()}
	}
	for _, args := range [][]string{
		{"list", project},
		{"text", project, sony, "--start", "0", "--end", "10"},
		{"agreement", project, "--coders", "alice,bob"},
		{"export", project, filepath.Join(out, "codings.csv")},
		{"export", project, filepath.Join(out, "study.qdpx")},
	} {
		if o := asNobody(args...); o.code != 0 || o.stdout == "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", strings.Join(args, " "), o.code, o.stdout, o.stderr)
		}
	}
	for _, args := range [][]string{
		{"code", project, "--coder", "carol", "--document", sony, "--code", "Trust", "--start", "0", "--end", "10"},
		{"import", project, article},
		{"import", project, filepath.Join(out, "codings.csv")},
	} {
		o := asNobody(args...)
		if o.code != 1 || !strings.Contains(o.stderr, "study.qdb is read-only: you do not have permission to change it") || strings.Contains(o.stderr, "readonly database") {
			t.Errorf("%s: exit %d, stderr %q; want 1 and \"study.qdb is read-only: …\"", strings.Join(args, " "), o.code, o.stderr)
		}
	}
	if fileDigest(t, project) != digest {
		t.Errorf("the read-only project changed")
	}
}

// In a shared folder each command says so in one line on stderr and works;
// while another computer holds the project, commands are refused with who
// and since when.
func TestCommandsInASharedFolder(t *testing.T) {
	project := projectWithArticles(t)
	t.Setenv("MARGINALIA_SHARED_FOLDER", "1")
	o := mg(t, "code", project, "--coder", "alice", "--document", sony, "--code", "Trust", "--start", "0", "--end", "10")
	if o.code != 0 || strings.Count(o.stderr, "\n") != 1 || !strings.HasPrefix(o.stderr, "marginalia: note: "+filepath.Base(project)+" is in a folder marked as shared") {
		t.Errorf("code in a shared folder: exit %d, stderr %q", o.code, o.stderr)
	}
	if _, err := os.Stat(project + ".lock"); !os.IsNotExist(err) {
		t.Errorf("the lock file outlived the command: %v", err)
	}
	os.WriteFile(project+".lock", []byte(`{"host":"lab-pc-7","pid":4242,"since":"2026-11-23T09:30:00Z"}`), 0o644)
	o = mg(t, "list", project)
	if o.code != 1 || !strings.Contains(o.stderr, filepath.Base(project)+" is in use by lab-pc-7 since 2026-11-23") {
		t.Errorf("list while another computer has it: exit %d, stderr %q", o.code, o.stderr)
	}
}
