// Package teamtest gives tests a team project on a real PostgreSQL
// server: the one .ci/postgres starts on the loopback address, or the one
// MARGINALIA_TEST_POSTGRES names.
package teamtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"desktop/marginalia/storage"
)

// DefaultURL is the administrator URL .ci/postgres sets up.
const DefaultURL = "postgres://marginalia_admin:marginalia_admin@127.0.0.1:5432/marginalia_test?sslmode=disable"

// Admin returns the URL of a role that may create team projects, skipping
// the test when no server answers, unless MARGINALIA_REQUIRE_POSTGRES is
// set (as `make test` does once .ci/postgres has started one): then it
// fails.
func Admin(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("MARGINALIA_TEST_POSTGRES")
	if admin == "" {
		admin = DefaultURL
	}
	db, err := sql.Open("pgx", admin)
	if err == nil {
		err = db.Ping()
		db.Close()
	}
	if err != nil {
		msg := fmt.Sprintf("no PostgreSQL server for the team-project tests at %s (%v): run .ci/postgres as root, or set MARGINALIA_TEST_POSTGRES", storage.RedactURL(admin), err)
		if os.Getenv("MARGINALIA_REQUIRE_POSTGRES") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return admin
}

// Project is a team project made for one test.
type Project struct {
	Admin  string // the administrator's URL, with the project parameter
	Name   string
	Suffix string // the random tag New added to the project's and the logins' names
	Lead   string // the lead's login
	// Logins maps each login (the lead's and each coder's) to its password.
	Logins map[string]string
	server *url.URL
}

// New creates a team project with a unique name (prefix plus a random
// suffix), led by lead, with the given coders; the project and the logins
// it made are dropped when the test ends.
func New(t testing.TB, prefix, lead string, coders ...string) *Project {
	t.Helper()
	return NewWith(t, storage.InitTeam, prefix, lead, coders...)
}

// NewWith is New with init creating the project (storage.InitTeam, or a
// test's way of making an older one).
func NewWith(t testing.TB, init func(url, lead, password string) error, prefix, lead string, coders ...string) *Project {
	t.Helper()
	admin := Admin(t)
	suffix := Suffix()
	tp := &Project{Name: prefix + suffix, Suffix: suffix, Lead: lead + suffix, Logins: map[string]string{}}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	tp.server = u
	tp.Admin = tp.with(u.User)
	tp.Logins[tp.Lead] = storage.NewPassword()
	t.Cleanup(func() { drop(t, admin, tp.Name, slices.Collect(maps.Keys(tp.Logins))) })
	if err := init(tp.Admin, tp.Lead, tp.Logins[tp.Lead]); err != nil {
		t.Fatal(err)
	}
	for _, c := range coders {
		tp.AddCoder(t, c+suffix, false)
	}
	return tp
}

// Suffix is a random tag that keeps one test's names apart from another's.
func Suffix() string {
	b := make([]byte, 3)
	rand.Read(b)
	return "_" + hex.EncodeToString(b)
}

// AddCoder gives the project a coder with a login of that name.
func (tp *Project) AddCoder(t testing.TB, name string, codebook bool) {
	t.Helper()
	tp.Logins[name] = storage.NewPassword()
	if err := storage.AddCoder(tp.Admin, name, tp.Logins[name], codebook); err != nil {
		t.Fatal(err)
	}
}

// URL is the project's URL for login.
func (tp *Project) URL(login string) string {
	return tp.with(url.UserPassword(login, tp.Logins[login]))
}

func (tp *Project) with(user *url.Userinfo) string {
	u := *tp.server
	u.User = user
	q := u.Query()
	q.Set("project", tp.Name)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens the project as login.
func (tp *Project) Open(t testing.TB, login string) *storage.Project {
	t.Helper()
	p, err := storage.Open(tp.URL(login))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// SQL connects to the project's database as login, with the project's
// schema on the search path: what a coder has with psql.
func (tp *Project) SQL(t testing.TB, login string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", tp.ConnURL(login))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// ConnURL is a plain PostgreSQL connection URL of login (as psql takes it),
// with the project's schema on the search path.
func (tp *Project) ConnURL(login string) string {
	u := *tp.server
	u.User = url.UserPassword(login, tp.Logins[login])
	q := u.Query()
	q.Set("search_path", pgx.Identifier{tp.Name}.Sanitize())
	u.RawQuery = q.Encode()
	return u.String()
}

// DropAtCleanup drops, when the test ends, a team project made some other
// way (by the command line, say): its schema, its group roles and the
// given logins.
func DropAtCleanup(t testing.TB, project string, logins ...string) {
	admin := Admin(t)
	t.Cleanup(func() { drop(t, admin, project, logins) })
}

// drop removes a project's schema and the roles made for it.
func drop(t testing.TB, admin, project string, logins []string) {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return
	}
	defer db.Close()
	var stmts []string
	stmts = append(stmts, "DROP SCHEMA IF EXISTS "+pgx.Identifier{project}.Sanitize()+" CASCADE")
	for _, login := range logins {
		stmts = append(stmts, "DROP ROLE IF EXISTS "+pgx.Identifier{login}.Sanitize())
	}
	for _, group := range []string{"_lead", "_editor", "_coder", "_owner"} {
		stmts = append(stmts, "DROP ROLE IF EXISTS "+pgx.Identifier{project + group}.Sanitize())
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil && !strings.Contains(err.Error(), "does not exist") {
			t.Logf("cleaning up team project %s: %s: %v", project, s, err)
		}
	}
}
