// Package locale runs before Fyne reads the user's locale and keeps a plain
// "C.UTF-8" or "POSIX.UTF-8" locale (the default of many Debian machines
// and containers) from making Fyne log "Error parsing user locale C" on
// stderr at every start, CLI commands included.
//
// It works because Go initialises packages in import-path order where
// dependencies allow: this module's path sorts before fyne.io, and this
// package imports nothing of Fyne, so its init runs first. The main package
// imports it for that effect only.
package locale

import (
	"os"
	"strings"
)

func init() { useEnglishForPlainC(os.Getenv, os.Setenv) }

// useEnglishForPlainC asks for English messages, through the GNU LANGUAGE
// variable that Fyne's locale lookup honours, when the effective locale is
// the plain C or POSIX one with an encoding suffix and no language is
// named. It changes nothing else.
func useEnglishForPlainC(getenv func(string) string, setenv func(string, string) error) {
	if getenv("LANGUAGE") != "" {
		return
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if lang, _, ok := strings.Cut(v, "."); ok && (lang == "C" || lang == "POSIX") {
				_ = setenv("LANGUAGE", "en")
			}
			return
		}
	}
}
