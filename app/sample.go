package app

import (
	"fmt"
	"os"

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
	return nil
}
