package app

import (
	"fmt"
	"os"
	"strings"

	"desktop/marginalia/assets"
	"desktop/marginalia/coding"
	"desktop/marginalia/storage"
)

// CreateSampleProject creates a project at path with the sample articles
// and the starter codebook (Trust, Norms, Sovereignty, Cooperation, Conflict).
func CreateSampleProject(path string) (err error) {
	p, err := storage.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		p.Close()
		if err != nil {
			os.Remove(path)
		}
	}()
	var docs []coding.Document
	for _, a := range assets.SampleArticles() {
		docs = append(docs, coding.NewDocument(a.Name, a.Text))
	}
	if _, err := p.AddDocuments(docs); err != nil {
		return fmt.Errorf("sample project: %w", err)
	}
	if err := p.AddCodes(assets.StarterCodebook()); err != nil {
		return fmt.Errorf("sample project: %w", err)
	}
	table := [][]string{{"document", "date", "author", "affiliation:category", "language:category"}}
	for _, a := range assets.SampleArticles() {
		d := describeArticle(a.Text)
		table = append(table, []string{a.Name, d.date, d.author, d.affiliation, d.language})
	}
	if _, err := p.ImportAttributeTable("Describe the sample articles", table); err != nil {
		return fmt.Errorf("sample project: %w", err)
	}
	return nil
}

// article is what a sample article's first lines say of it.
type article struct{ date, author, affiliation, language string }

// describeArticle reads the first lines of a sample article:
//
//	Language : English 简体 繁體
//	(title)
//	Jun 05 , 2014
//	  • Li Zheng
//	    Assistant Research Fellow, CICIR
func describeArticle(text string) article {
	var a article
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
		if len(lines) == 5 {
			break
		}
	}
	if len(lines) < 5 {
		return a
	}
	if lang, ok := strings.CutPrefix(lines[0], "Language :"); ok && len(strings.Fields(lang)) > 0 {
		a.language = strings.Fields(lang)[0]
	}
	a.date = lines[2] // "Jun 05 , 2014": the date attribute reads it
	a.author = strings.TrimSpace(strings.TrimPrefix(lines[3], "•"))
	if i := strings.LastIndex(lines[4], ","); i >= 0 {
		a.affiliation = strings.TrimSpace(lines[4][i+1:])
	}
	return a
}
