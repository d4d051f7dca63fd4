package assets

import _ "embed"

// The licence file is generated from the module cache and committed, so a
// plain `go build` ships it and a build needs nothing but the Go toolchain;
// TestThirdPartyLicensesUpToDate fails when go.mod changed and it did not.
//go:generate go run ./licensegen -o THIRD_PARTY_LICENSES.txt

//go:embed THIRD_PARTY_LICENSES.txt
var thirdPartyLicenses string

// ThirdPartyLicenses is the text of the licences of the third-party code
// linked into Marginalia (Go, SQLite, Fyne, excelize, pgx and the rest),
// as their licences require it to ship with the program.
func ThirdPartyLicenses() string { return thirdPartyLicenses }
