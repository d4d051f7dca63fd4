// Package assets holds what ships inside the Marginalia binary: the app
// icon, the sample articles and the starter codebook of the sample project.
package assets

import (
	"embed"
	"io/fs"
	"path"

	"desktop/marginalia/coding"
)

//go:embed icon.png
var iconPNG []byte

//go:embed sample/*.txt
var sampleFS embed.FS

// IconPNG is the app icon, 256×256 PNG.
func IconPNG() []byte { return iconPNG }

// Article is a sample document: its file name and text.
type Article struct {
	Name string
	Text string
}

// SampleArticles are the two China–US cyber policy op-eds of the sample
// project, in file name order.
func SampleArticles() []Article {
	entries, err := fs.Glob(sampleFS, "sample/*.txt")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	out := make([]Article, 0, len(entries))
	for _, name := range entries {
		data, err := sampleFS.ReadFile(name)
		if err != nil {
			panic(err) // embedded at build time
		}
		out = append(out, Article{Name: path.Base(name), Text: string(data)})
	}
	return out
}

// StarterCodebook is the sample project's codebook: five themes of the
// China–US cyber policy debate, each with a definition and its own colour.
func StarterCodebook() []coding.Code {
	codes := []coding.Code{
		{Name: "Trust", Color: "#2E86DE", Description: coding.Description{
			Definition: "Statements about confidence, or its absence, between China and the United States in cyberspace.",
			WhenToUse:  "Mutual confidence, suspicion, credibility, transparency as a way to build trust.",
			Example:    "“the lack of mutual trust”"}},
		{Name: "Norms", Color: "#E67E22", Description: coding.Description{
			Definition: "Rules, standards and expectations of acceptable state behaviour in cyberspace.",
			WhenToUse:  "International law, codes of conduct, naming what counts as an attack."}},
		{Name: "Sovereignty", Color: "#8E44AD", Description: coding.Description{
			Definition: "Claims of state authority over networks, data and information within borders."}},
		{Name: "Cooperation", Color: "#27AE60", Description: coding.Description{
			Definition:   "Joint action, dialogue or agreements between the two countries on cyber issues.",
			WhenNotToUse: "Mere calls for trust without a joint mechanism: use Trust."}},
		{Name: "Conflict", Color: "#C0392B", Description: coding.Description{
			Definition: "Attacks, accusations, sanctions, indictments and other adversarial acts or rhetoric."}},
	}
	for i := range codes {
		codes[i].Codable = true
		codes[i].Position = i
	}
	return codes
}
