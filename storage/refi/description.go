package refi

import (
	"strings"

	"desktop/marginalia/coding"
)

// The labels that introduce the parts of a description after its definition.
const (
	labelWhenToUse    = "When to use:"
	labelWhenNotToUse = "When not to use:"
	labelExample      = "Example:"
)

// FormatDescription lays out the four parts of a code's description as the
// text of a REFI-QDA <Description>: the definition first, then, after a
// blank line, one labelled paragraph per other part that is not empty:
//
//	Acts that damage or deface property without political aim.
//
//	When to use: the speaker calls an act vandalism.
//	When not to use: the act is called terrorism or war.
//	Example: “cyber vandalism”
//
// Each part is trimmed; ParseDescription reads the text back into the same
// parts.
func FormatDescription(d coding.Description) string {
	var b strings.Builder
	if def := strings.TrimSpace(d.Definition); def != "" {
		b.WriteString(def)
	}
	first := true
	for _, p := range []struct{ label, text string }{
		{labelWhenToUse, d.WhenToUse},
		{labelWhenNotToUse, d.WhenNotToUse},
		{labelExample, d.Example},
	} {
		text := strings.TrimSpace(p.text)
		if text == "" {
			continue
		}
		switch {
		case first && b.Len() > 0:
			b.WriteString("\n\n")
		case !first:
			b.WriteString("\n")
		}
		first = false
		b.WriteString(p.label + " " + text)
	}
	return b.String()
}

// ParseDescription splits a <Description> text into its parts: lines that
// begin with "When to use:", "When not to use:" or "Example:" (in any case,
// "Examples:" too) start that part, which runs to the next such line; the
// text before the first of them is the definition. A description written by
// another tool, without those labels, becomes the definition. Line endings
// are normalised to "\n" and each part is trimmed.
func ParseDescription(s string) coding.Description {
	var d coding.Description
	cur := &d.Definition
	var buf []string
	flush := func() {
		text := strings.TrimSpace(strings.Join(buf, "\n"))
		if text != "" {
			if *cur != "" {
				*cur += "\n"
			}
			*cur += text
		}
		buf = buf[:0]
	}
	for _, line := range strings.Split(lineBreaks.Replace(s), "\n") {
		field, rest, ok := labelled(&d, line)
		if !ok {
			buf = append(buf, line)
			continue
		}
		flush()
		cur = field
		buf = append(buf, rest)
	}
	flush()
	return d
}

// lineBreaks turns CRLF and CR into LF.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// labelled reports whether line starts a labelled part, which field of d it
// fills, and the text after the label.
func labelled(d *coding.Description, line string) (*string, string, bool) {
	trimmed := strings.TrimLeft(line, " \t")
	for _, l := range []struct {
		label string
		field *string
	}{
		{labelWhenToUse, &d.WhenToUse},
		{labelWhenNotToUse, &d.WhenNotToUse},
		{labelExample, &d.Example},
		{"Examples:", &d.Example},
	} {
		if len(trimmed) >= len(l.label) && strings.EqualFold(trimmed[:len(l.label)], l.label) {
			return l.field, trimmed[len(l.label):], true
		}
	}
	return nil, "", false
}
