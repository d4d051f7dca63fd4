package app

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"desktop/marginalia/coding"
	mstorage "desktop/marginalia/storage"
)

// A team project on a PostgreSQL server (storage/postgres.go), as the
// window shows it: File → Connect to team project…, a line under the top
// bar saying which project and who is connected (and whether it is in its
// blind phase), the coder fixed to the login's, the lead's Team menu, and
// a warning while the server cannot be reached. The server address and
// login are remembered; the password is not: it is asked for each time
// (or read from ~/.pgpass or PGPASSWORD, as every PostgreSQL client does).

// Preference keys of the last team project connected.
const (
	prefTeamURL   = "teamURL"   // without login or password
	prefTeamLogin = "teamLogin" // the database login
)

// teamURL joins a server URL (postgres://host/db?project=NAME), a login
// and a password ("" to leave it to ~/.pgpass or PGPASSWORD).
func teamURL(server, login, password string) (string, error) {
	server = strings.TrimSpace(server)
	if !mstorage.IsTeamURL(server) {
		return "", errors.New("the server address starts with postgres:// (for example postgres://db.example.org/research?project=cyber-study)")
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", fmt.Errorf("the server address is not a valid URL: %w", errors.Unwrap(err))
	}
	if u.Query().Get("project") == "" {
		return "", errors.New("the server address names no project: add ?project=NAME")
	}
	switch {
	case login == "":
		return "", errors.New("enter your login (the name the lead gave you)")
	case password == "":
		u.User = url.User(login)
	default:
		u.User = url.UserPassword(login, password)
	}
	return u.String(), nil
}

// connectDialog asks for a team project's address, login and password,
// and opens it in this window.
func (wb *Workbench) connectDialog() {
	prefs := wb.app.Preferences()
	server := newDialogEntry(wb.win.Canvas(), false)
	server.SetPlaceHolder("postgres://host:5432/database?project=NAME")
	server.SetText(prefs.String(prefTeamURL))
	login := newDialogEntry(wb.win.Canvas(), false)
	login.SetText(prefs.String(prefTeamLogin))
	password := newDialogEntry(wb.win.Canvas(), false)
	password.Password = true
	password.SetPlaceHolder("not stored; empty to use ~/.pgpass")
	form := showForm("Connect to team project", "Connect", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Server", server),
		widget.NewFormItem("Login", login),
		widget.NewFormItem("Password", password),
	}, func(ok bool) {
		if !ok {
			return
		}
		target, err := teamURL(server.Text, strings.TrimSpace(login.Text), password.Text)
		if err != nil {
			showError(wb.win, err)
			return
		}
		prefs.SetString(prefTeamURL, strings.TrimSpace(server.Text))
		prefs.SetString(prefTeamLogin, strings.TrimSpace(login.Text))
		wb.connect(target)
	}, wb.win, 560)
	password.OnSubmitted = func(string) { form.Submit() }
	focus := server
	if server.Text != "" {
		focus = login
		if login.Text != "" {
			wb.win.Canvas().Focus(password)
			return
		}
	}
	wb.win.Canvas().Focus(focus)
}

// connect opens the team project at target (a URL with its credentials)
// in the background, then in this window.
func (wb *Workbench) connect(target string) {
	progress := dialog.NewCustomWithoutButtons("Connecting", widget.NewProgressBarInfinite(), wb.win)
	stop := showProgressLater(func() { showKeyed(wb.win, progress, nil, nil) })
	go func() {
		p, err := mstorage.Open(target)
		fyne.Do(func() {
			stop()
			progress.Hide()
			if err != nil {
				showError(wb.win, err)
				return
			}
			wb.replaceProject(p, "")
		})
	}()
}

// teamLine is the line under the top bar of a team project's window: the
// project, the server, who is connected and whether the blind phase is on.
func teamLine(p *mstorage.Project) string {
	t := p.Team()
	who := t.Login
	if t.Coder != "" && t.Coder != t.Login {
		who += " (coding as " + t.Coder + ")"
	}
	role := "coder"
	if t.Lead {
		role = "lead"
	}
	line := fmt.Sprintf("Team project %q on %s — connected as %s, %s", t.Project, t.Server, who, role)
	if all, docs, err := p.Blind(); err == nil && (all || docs > 0) {
		scope := "the whole project"
		if !all {
			scope = coding.Plural(docs, "document")
		}
		line += " — blind phase for " + scope + ": the server shows each coder only their own codings there"
	}
	return line
}

// showTeam updates the team line and the title.
func (wb *Workbench) showTeam() {
	if wb.project.Team() == nil {
		return
	}
	wb.teamBadge.SetText(teamLine(wb.project))
	wb.showDocument()
}

// teamTitle is the title of a team project: its name and the server.
func teamTitle(t *mstorage.Team) string {
	return fmt.Sprintf("%s (team, %s)", t.Project, t.Server)
}

// setOffline shows or hides the warning that the server cannot be reached
// (err nil: it answers again, and the window reads what it missed).
func (wb *Workbench) setOffline(err error) {
	was := wb.offline != ""
	if err == nil {
		wb.offline = ""
		wb.offlineBanner.Hide()
		wb.frame.Refresh()
		wb.Codes.selectionChanged()
		if was {
			wb.done("The server answers again")
			wb.reloadLater()
		}
		return
	}
	wb.offline = "The server cannot be reached (" + err.Error() + "): nothing can be saved until it answers. " +
		"Everything you did before is saved on the server; what you try now is refused with a message."
	wb.offlineBanner.SetText(wb.offline)
	if !was {
		wb.offlineBanner.Show()
		wb.frame.Refresh()
		wb.Codes.selectionChanged() // the codebook's editing buttons wait for the server
	}
}

// teamMenu is the lead's Team menu: start and end the blind phase.
func (wb *Workbench) teamMenu() *fyne.Menu {
	return fyne.NewMenu("Team",
		fyne.NewMenuItem("Start the blind phase", func() {
			wb.setBlind(true, "", "Blind phase started: each coder sees only their own codings")
		}),
		fyne.NewMenuItem("Start the blind phase for a set…", wb.blindSetDialog),
		fyne.NewMenuItem("End the blind phase", func() {
			wb.setBlind(false, "", "Blind phase ended: everyone sees everyone's codings")
		}),
	)
}

// setBlind starts (on) or ends the blind phase, for the project or a set,
// reads the project again, as the server now shows it, and says done.
func (wb *Workbench) setBlind(on bool, set, done string) {
	if err := wb.project.SetBlind(on, set); err != nil {
		showError(wb.win, err)
		return
	}
	wb.reloadLater()
	wb.showTeam()
	wb.done(done)
}

// blindSetDialog asks for a document set and starts the blind phase for
// its documents.
func (wb *Workbench) blindSetDialog() {
	var names []string
	for _, s := range wb.st.Sets() {
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		showInformation("Blind phase for a set", "The project has no document sets yet: make one in the documents panel (Save as set…).", wb.win)
		return
	}
	pick := widget.NewSelect(names, nil)
	pick.SetSelected(names[0])
	showForm("Start the blind phase for a set", "Start", "Cancel", []*widget.FormItem{widget.NewFormItem("Set", pick)}, func(ok bool) {
		if !ok {
			return
		}
		wb.setBlind(true, pick.Selected, "Blind phase started for the documents of "+pick.Selected)
	}, wb.win, 420)
}

// canEditCodebook is false for a team project's coder whom the lead has
// not allowed to change the codebook, and for everyone while the server
// cannot be reached: the server would refuse it.
func (wb *Workbench) canEditCodebook() bool {
	t := wb.project.Team()
	return t == nil || wb.offline == "" && (t.Lead || t.Codebook)
}
