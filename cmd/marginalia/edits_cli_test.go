package main

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desktop/marginalia/storage/teamtest"
)

// sampleStudy is the sample project with ann's and ben's codings of Trust
// and Norms in the Sony article.
func sampleStudy(t *testing.T) string {
	t.Helper()
	project := filepath.Join(t.TempDir(), "study.qdb")
	mustMG(t, "new", project, "--sample")
	for _, w := range [][]string{{"ann", "Trust", "10", "40"}, {"ben", "Trust", "20", "50"}, {"ann", "Norms", "100", "140"}} {
		mustMG(t, "code", project, "--coder", w[0], "--document", sony, "--code", w[1], "--start", w[2], "--end", w[3])
	}
	return project
}

// refused runs a command line that must fail, saying want on stderr, and
// leave the project exactly as it was (its list --json and its codings).
func refused(t *testing.T, project, want string, args ...string) {
	t.Helper()
	before, rows := mustMG(t, "list", project, "--json"), exportCSV(t, project)
	o := mg(t, args...)
	if o.code == 0 || !strings.Contains(o.stderr, want) {
		t.Errorf("marginalia %s: exit %d, stderr %q; want a failure saying %q", strings.Join(args, " "), o.code, o.stderr, want)
	}
	if after := mustMG(t, "list", project, "--json"); after != before || !slices.EqualFunc(exportCSV(t, project), rows, slices.Equal) {
		t.Errorf("marginalia %s failed but changed the project", strings.Join(args, " "))
	}
}

// TestCodebookCommandsChangeTheCodebook renames, moves, recolours,
// describes, keys, merges and deletes codes on the command line, checks
// each through list --json and export, and each refusal changes nothing.
func TestCodebookCommandsChangeTheCodebook(t *testing.T) {
	p := sampleStudy(t)
	trustID := list(t, p).codeIDs()["Trust"]

	if out := mustMG(t, "codebook", p, "rename", "Trust", "Trust in institutions"); !strings.Contains(out, "renamed Trust to Trust in institutions") {
		t.Errorf("rename says %q", out)
	}
	if id := list(t, p).codeIDs()["Trust in institutions"]; id != trustID {
		t.Errorf("after rename the code has ID %q, want the same %q", id, trustID)
	}
	for _, r := range exportCSV(t, p) {
		if r[2] == "Trust" {
			t.Errorf("a coding still has the old name: %q", r)
		}
	}
	refused(t, p, `"Norms" already exists`, "codebook", p, "rename", "Trust in institutions", "Norms")
	refused(t, p, `no code "Trust"`, "codebook", p, "rename", "Trust", "Faith")

	mustMG(t, "codebook", p, "move", "Norms", "Trust in institutions")
	if _, ok := list(t, p).codeIDs()["Trust in institutions > Norms"]; !ok {
		t.Errorf("after move the codes are %v", list(t, p).codeIDs())
	}
	refused(t, p, "", "codebook", p, "move", "Trust in institutions", "Trust in institutions > Norms")
	if out := mustMG(t, "codebook", p, "move", "Trust in institutions > Norms", "--top"); !strings.Contains(out, "moved Trust in institutions > Norms to Norms") {
		t.Errorf("move --top says %q", out)
	}

	mustMG(t, "codebook", p, "colour", "Conflict", "#ff0000")
	if c := list(t, p).codeColors()["Conflict"]; !strings.EqualFold(c, "#FF0000") {
		t.Errorf("Conflict's colour is %s, want #FF0000", c)
	}
	refused(t, p, "", "codebook", p, "colour", "Conflict", "reddish")

	mustMG(t, "codebook", p, "describe", "Conflict", "--definition", "Open hostility, courts, agencies and treaties.")
	for _, c := range list(t, p).Codes {
		if c.Path == "Conflict" && (c.Description == nil || c.Description.Definition != "Open hostility, courts, agencies and treaties.") {
			t.Errorf("Conflict's description is %+v", c.Description)
		}
	}
	if out := mustMG(t, "codebook", p, "describe", "Conflict"); !strings.Contains(out, "Definition: Open hostility") {
		t.Errorf("describe without flags prints %q", out)
	}

	// A key another code has moves, and the message says from which.
	keys := list(t, p).codesBy(func(c listedCode) string { return string(rune('0' + c.Key)) })
	trustKey := keys["Trust in institutions"]
	out := mustMG(t, "codebook", p, "key", "Conflict", trustKey)
	if want := "Conflict has the key " + trustKey + " now, taken from Trust in institutions"; !strings.Contains(out, want) {
		t.Errorf("key says %q, want %q", out, want)
	}
	keys = list(t, p).codesBy(func(c listedCode) string { return string(rune('0' + c.Key)) })
	if keys["Conflict"] != trustKey || keys["Trust in institutions"] != "0" {
		t.Errorf("after key: %v", keys)
	}
	refused(t, p, "give 1–9, or none", "codebook", p, "key", "Conflict", "10")

	// Merge moves the codings; delete asks for --force when codings go.
	if out := mustMG(t, "codebook", p, "merge", "Norms", "Conflict"); !strings.Contains(out, "merged Norms into Conflict (1 coding moved)") {
		t.Errorf("merge says %q", out)
	}
	refused(t, p, "2 codings (ann 1, ben 1) go with it", "codebook", p, "delete", "Trust in institutions")
	if out := mustMG(t, "codebook", p, "delete", "Trust in institutions", "--force"); !strings.Contains(out, "deleted Trust in institutions and 2 codings") {
		t.Errorf("delete --force says %q", out)
	}
	mustMG(t, "codebook", p, "delete", "Cooperation") // no codings: no --force needed
	rows := exportCSV(t, p)
	if len(rows) != 1 || rows[0][0] != "ann" || rows[0][2] != "Conflict" {
		t.Errorf("after merge and delete the codings are %q, want ann's one Conflict", rows)
	}
	if _, ok := list(t, p).codeIDs()["Cooperation"]; ok {
		t.Error("Cooperation is still there after delete")
	}
	refused(t, p, "unknown codebook change", "codebook", p, "recolour", "Conflict", "#00ff00")
	refused(t, p, "expected: marginalia codebook PROJECT merge PATH INTO", "codebook", p, "merge", "Conflict")
}

// TestUncodeMemoUndoAndRedo removes codings, edits memos and undoes each
// coder's own actions only, checked through export.
func TestUncodeMemoUndoAndRedo(t *testing.T) {
	p := sampleStudy(t)
	span := sony + ":10-40"

	// Coding again what is coded adds nothing and says so.
	out := mustMG(t, "code", p, "--coder", "ann", "--document", sony, "--code", "Trust", "--start", "10", "--end", "40")
	if !strings.Contains(out, "nothing added") || !strings.Contains(out, "already coded with Trust by ann") {
		t.Errorf("coding a coded passage again says %q", out)
	}
	if n := len(exportCSV(t, p)); n != 3 {
		t.Errorf("%d codings after coding a coded passage again, want 3", n)
	}

	// Two codings share the span: uncode asks which.
	mustMG(t, "code", p, "--coder", "ann", "--document", sony, "--code", "Norms", "--start", "10", "--end", "40")
	refused(t, p, "2 codings of that span", "uncode", p, span)
	refused(t, p, "no coding of", "uncode", p, sony+":11-40")
	refused(t, p, "expected a coding's ID or DOCUMENT:START-END", "uncode", p, "nonsense")
	if out := mustMG(t, "uncode", p, span, "--code", "Trust"); !strings.Contains(out, "removed coding Trust by ann in "+sony+" [10,40)") {
		t.Errorf("uncode says %q", out)
	}
	has := func(coder, code, start string) bool {
		return slices.ContainsFunc(exportCSV(t, p), func(r []string) bool { return r[0] == coder && r[2] == code && r[3] == start })
	}
	if has("ann", "Trust", "10") || !has("ann", "Norms", "10") {
		t.Errorf("after uncode --code Trust: %q", exportCSV(t, p))
	}

	// Ben acts after ann; ann's undo takes back her own last action.
	mustMG(t, "code", p, "--coder", "ben", "--document", sony, "--code", "Norms", "--start", "200", "--end", "230")
	out = mustMG(t, "undo", p, "--coder", "ann")
	if !strings.Contains(out, "Undid: Remove coding (Trust by ann in "+sony+" [10,40)") {
		t.Errorf("ann's undo says %q", out)
	}
	if !has("ann", "Trust", "10") || !has("ben", "Norms", "200") {
		t.Errorf("after ann's undo: %q, want her coding back and ben's kept", exportCSV(t, p))
	}
	out = mustMG(t, "undo", p, "--coder", "ben")
	if !strings.Contains(out, "Undid: Code passage (Norms by ben") || has("ben", "Norms", "200") || !has("ann", "Norms", "10") {
		t.Errorf("ben's undo says %q, leaving %q", out, exportCSV(t, p))
	}
	if out := mustMG(t, "redo", p, "--coder", "ben"); !strings.Contains(out, "Redid: Code passage (Norms by ben") || !has("ben", "Norms", "200") {
		t.Errorf("ben's redo says %q", out)
	}
	refused(t, p, "nothing to undo for carl", "undo", p, "--coder", "carl")
	refused(t, p, "--coder NAME is required", "undo", p)

	// Memos: a coding's (undoable), a code's, a document's.
	mustMG(t, "memo", p, "coding", span, "--code", "Trust", "fragile trust")
	memoOf := func() string {
		for _, r := range exportCSV(t, p) {
			if r[0] == "ann" && r[2] == "Trust" && r[3] == "10" {
				return r[6]
			}
		}
		return "(no coding)"
	}
	if m := memoOf(); m != "fragile trust" {
		t.Errorf("the coding's memo is %q", m)
	}
	if out := mustMG(t, "memo", p, "coding", span, "--code", "Trust"); out != "fragile trust\n" {
		t.Errorf("memo without text prints %q", out)
	}
	saved := stdin
	stdin = strings.NewReader("two\nlines\n")
	mustMG(t, "memo", p, "coding", span, "--code", "Trust", "--stdin")
	stdin = saved
	if m := memoOf(); m != "two\nlines" {
		t.Errorf("memo --stdin stored %q", m)
	}
	mustMG(t, "undo", p, "--coder", "ann")
	if m := memoOf(); m != "fragile trust" {
		t.Errorf("after undo the memo is %q, want the one before", m)
	}
	mustMG(t, "memo", p, "coding", span, "--code", "Trust", "--clear")
	if m := memoOf(); m != "" {
		t.Errorf("memo --clear left %q", m)
	}
	refused(t, p, "one of them", "memo", p, "coding", span, "--code", "Trust", "text", "--clear")
	mustMG(t, "memo", p, "code", "Norms", "about rules")
	if out := mustMG(t, "memo", p, "code", "Norms"); out != "about rules\n" {
		t.Errorf("the code's memo reads %q", out)
	}
	mustMG(t, "memo", p, "document", sony, "from the web")
	if out := mustMG(t, "memo", p, "document", sony); out != "from the web\n" {
		t.Errorf("the document's memo reads %q", out)
	}
	refused(t, p, `no document named "nope.txt"`, "memo", p, "document", "nope.txt", "x")
}

// TestHelpListsTheEditCommands: help lists each new command with its usage.
func TestHelpListsTheEditCommands(t *testing.T) {
	out := mustMG(t, "help")
	for _, want := range []string{"marginalia codebook PROJECT rename PATH NAME", "marginalia uncode PROJECT ID|DOCUMENT:START-END",
		"marginalia memo PROJECT coding", "marginalia undo PROJECT --coder NAME", "marginalia redo PROJECT --coder NAME"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// TestEditCommandsOnATeamProject renames a code, removes a coding and
// undoes on a team project's URL: each login undoes only its own actions,
// and a coder without codebook rights may not rename.
func TestEditCommandsOnATeamProject(t *testing.T) {
	adminURL := teamtest.Admin(t)
	admin, err := url.Parse(adminURL)
	if err != nil {
		t.Fatal(err)
	}
	sfx := teamtest.Suffix()
	lead, anna := "lead"+sfx, "anna"+sfx
	c := &teamCLI{t: t, admin: admin, project: "edits" + sfx}
	adminPassword, _ := admin.User.Password()
	annaPassword := "anna-" + sfx
	c.passwords = []string{adminPassword, annaPassword}
	teamtest.DropAtCleanup(t, c.project, lead, anna)
	leadPassword := generatedPassword(t, c.must("", "server", "init", adminURL, "--project", c.project, "--lead", lead), lead)
	c.passwords = append(c.passwords, leadPassword)
	c.must(annaPassword+"\n", "server", "add-coder", adminURL, "--project", c.project, "--coder", anna, "--password-stdin")
	leadURL, annaURL := c.url(lead, leadPassword), c.url(anna, annaPassword)
	file := filepath.Join(t.TempDir(), "study.qdb")
	mustMG(t, "new", file, "--sample")
	c.must("", "push", file, leadURL)

	listed := func() listing {
		var l listing
		if err := json.Unmarshal([]byte(c.must("", "list", leadURL, "--json")), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	c.must("", "code", annaURL, "--coder", anna, "--document", sony, "--code", "Trust", "--start", "10", "--end", "40")
	if out := c.must("", "code", annaURL, "--coder", anna, "--document", sony, "--code", "Trust", "--start", "10", "--end", "40"); !strings.Contains(out, "nothing added") {
		t.Errorf("coding a coded passage again on the URL says %q", out)
	}
	if o := c.run("", "codebook", annaURL, "rename", "Trust", "Faith"); o.code == 0 || !strings.Contains(o.stderr, "not permitted") {
		t.Errorf("anna renaming a code without codebook rights: exit %d, %s", o.code, o.stderr)
	}
	if out := c.must("", "codebook", leadURL, "rename", "Trust", "Faith"); !strings.Contains(out, "renamed Trust to Faith") {
		t.Errorf("the lead's rename says %q", out)
	}
	if _, ok := listed().codeIDs()["Faith"]; !ok {
		t.Errorf("after the lead's rename the codes are %v", listed().codeIDs())
	}
	if out := c.must("", "uncode", annaURL, sony+":10-40", "--coder", anna); !strings.Contains(out, "removed coding Faith by "+anna) {
		t.Errorf("anna's uncode says %q", out)
	}
	if rows := c.export(leadURL); len(rows) != 0 {
		t.Errorf("after uncode the project has codings %q", rows)
	}
	if o := c.run("", "undo", annaURL, "--coder", lead); o.code == 0 || !strings.Contains(o.stderr, "you are "+anna) {
		t.Errorf("anna undoing the lead's action: exit %d, %s", o.code, o.stderr)
	}
	// The lead acted after anna's coding, but anna's undo takes her own.
	if out := c.must("", "undo", annaURL, "--coder", anna); !strings.Contains(out, "Undid: Remove coding (Faith by "+anna) {
		t.Errorf("anna's undo says %q", out)
	}
	if rows := c.export(leadURL); len(rows) != 1 || rows[0][0] != anna || rows[0][2] != "Faith" {
		t.Errorf("after anna's undo the codings are %q, want hers back", rows)
	}
	if out := c.must("", "undo", leadURL, "--coder", lead); !strings.Contains(out, "Undid: Edit code Faith") {
		t.Errorf("the lead's undo says %q", out)
	}
	if rows := c.export(leadURL); len(rows) != 1 || rows[0][2] != "Trust" {
		t.Errorf("after the lead's undo the codings are %q, want anna's Trust", rows)
	}
	// A memo on the URL, and its undo.
	c.must("", "memo", annaURL, "coding", sony+":10-40", "--coder", anna, "fragile trust")
	if out := c.must("", "memo", leadURL, "coding", sony+":10-40"); out != "fragile trust\n" {
		t.Errorf("the memo read on the URL: %q", out)
	}
	if out := c.must("", "undo", annaURL, "--coder", anna); !strings.Contains(out, "Undid: Edit coding memo") {
		t.Errorf("anna's undo of her memo says %q", out)
	}
	if out := c.must("", "memo", leadURL, "coding", sony+":10-40"); !strings.Contains(out, "no memo") {
		t.Errorf("after the undo the memo reads %q", out)
	}
	// Deleting a code anna's coding uses needs --force, even for the lead.
	if o := c.run("", "codebook", leadURL, "delete", "Trust"); o.code == 0 || !strings.Contains(o.stderr, "1 coding ("+anna+" 1) goes with it") {
		t.Errorf("the lead deleting Trust without --force: exit %d, %s", o.code, o.stderr)
	}
	if n := len(c.export(leadURL)); n != 1 {
		t.Errorf("a refused delete left %d codings, want 1", n)
	}
}
