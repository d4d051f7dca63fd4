package app

import (
	"bytes"
	"errors"
	"log"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

// The favourites record disappears; every other Fyne error, including its
// cause and location, still reaches stderr.
func TestFavouritesLogFilter(t *testing.T) {
	var out bytes.Buffer
	old, flags := log.Writer(), log.Flags()
	log.SetOutput(&favouritesLogFilter{out: &out})
	log.SetFlags(0)
	defer func() { log.SetOutput(old); log.SetFlags(flags) }()

	fyne.LogError("Getting favorite locations", errors.New("this computer does not define a VIDEOS folder"))
	fyne.LogError("Unable to read ListableURI file:///x", errors.New("permission denied"))
	fyne.LogError("Getting favorite locations", nil)
	log.Print("plain line")

	got := out.String()
	for _, gone := range []string{"favorite", "VIDEOS"} {
		if bytes.Contains(out.Bytes(), []byte(gone)) {
			t.Errorf("filtered log still mentions %q:\n%s", gone, got)
		}
	}
	for _, kept := range []string{"Fyne error:  Unable to read ListableURI file:///x", "  Cause: permission denied", "  At: ", "plain line"} {
		if !bytes.Contains(out.Bytes(), []byte(kept)) {
			t.Errorf("filtered log lost %q:\n%s", kept, got)
		}
	}
}

// An empty preferences file (a write cut short) becomes "{}", which Fyne
// loads without "Preferences load error: EOF"; a real one is left alone.
func TestRepairPreferences(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.json")
	os.WriteFile(empty, nil, 0o600)
	full := filepath.Join(dir, "full.json")
	os.WriteFile(full, []byte(`{"coderName":"alice"}`), 0o600)
	repairPreferences(empty)
	repairPreferences(full)
	repairPreferences(filepath.Join(dir, "missing.json"))
	if b, _ := os.ReadFile(empty); string(b) != "{}\n" {
		t.Errorf("empty file became %q, want {}", b)
	}
	if b, _ := os.ReadFile(full); string(b) != `{"coderName":"alice"}` {
		t.Errorf("a real preferences file was changed to %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file was created (Fyne handles that case itself)")
	}
}
