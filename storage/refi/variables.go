package refi

// Attributes and document sets in a .qdpx: attributes are <Variables>,
// a document's values are <VariableValue>s in its <TextSource>, and sets
// are <Sets> with a <MemberSource> per document.
//
// REFI-QDA has no category type and no saved filter, so both travel in a
// <Description> that other tools show as text: a category is a Text
// variable described as categoryMarker followed by its values, one a line;
// a saved filter is a set described as filterMarker followed by its
// condition, listing the documents that meet it now as its members (so a
// tool without filters still sees the group). Reading gives both back.
//
// A case is a <Case> with its values as <VariableValue>s and its documents
// as <SourceRef>s (how NVivo exports a classification, too).
//
// On reading, a Boolean variable is yes/no, Integer and Float numbers,
// Date and DateTime dates (the date of a DateTime), anything else text; a
// case's <SelectionRef>s (passages) and <CodeRef>s, and a set's member
// notes, are left out, with a warning. A set's member codes make a code
// group (codesets.go).

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"desktop/marginalia/coding"
)

const (
	categoryMarker = "Category. Values, one a line:"
	filterMarker   = "Saved filter. Members are the documents where:"
)

// variableType is the typeOfVariable written for an attribute type.
func variableType(t coding.AttributeType) string {
	switch t {
	case coding.TypeNumber:
		return "Float"
	case coding.TypeDate:
		return "Date"
	case coding.TypeYesNo:
		return "Boolean"
	}
	return "Text"
}

// valueElement is the element a value of the type is written in.
func valueElement(t coding.AttributeType) string {
	switch t {
	case coding.TypeNumber:
		return "FloatValue"
	case coding.TypeDate:
		return "DateValue"
	case coding.TypeYesNo:
		return "BooleanValue"
	}
	return "TextValue"
}

// checkVariables checks and sorts the attributes, values and sets to
// write; docs are the IDs of the documents written.
func (pw *projectWriter) checkVariables(p Project, docs map[string]int) error {
	attrs := map[string]coding.Attribute{}
	pw.types = map[string]coding.AttributeType{}
	for _, a := range p.Attributes {
		var err error
		if a.ID, err = checkID("attribute", a.Name, a.ID); err != nil {
			return err
		}
		if err := a.Validate(); err != nil {
			return err
		}
		if _, dup := attrs[a.ID]; dup {
			return fmt.Errorf("attribute %q: id %s is used by two attributes", a.Name, a.ID)
		}
		attrs[a.ID] = a
		pw.attrs = append(pw.attrs, a)
		pw.types[a.ID] = a.Type
	}
	coding.SortAttributes(pw.attrs)
	pw.values = map[string][]coding.AttributeValue{}
	for _, v := range p.Values {
		a, ok := attrs[v.AttributeID]
		if !ok {
			return fmt.Errorf("value %q: attribute %s is not in the project", v.Value, v.AttributeID)
		}
		if _, ok := docs[v.DocumentID]; !ok {
			return fmt.Errorf("value of %s: document %s is not in the project", a.Name, v.DocumentID)
		}
		canonical, err := a.Parse(v.Value)
		if err != nil {
			return fmt.Errorf("value of %s: %w", a.Name, err)
		}
		if canonical == "" {
			continue
		}
		v.Value = canonical
		pw.values[v.DocumentID] = append(pw.values[v.DocumentID], v)
	}
	position := map[string]int{}
	for i, a := range pw.attrs {
		position[a.ID] = i
	}
	for _, list := range pw.values {
		slices.SortFunc(list, func(a, b coding.AttributeValue) int { return position[a.AttributeID] - position[b.AttributeID] })
	}
	for _, s := range p.Sets {
		var err error
		if s.ID, err = checkID("set", s.Name, s.ID); err != nil {
			return err
		}
		if err := coding.ValidateName("set", s.Name); err != nil {
			return err
		}
		var members []string
		for _, id := range s.Documents {
			if _, ok := docs[id]; ok && !slices.Contains(members, id) {
				members = append(members, id)
			}
		}
		slices.SortFunc(members, func(a, b string) int { return docs[a] - docs[b] })
		s.Documents = members
		pw.sets = append(pw.sets, s)
	}
	slices.SortFunc(pw.sets, func(a, b coding.DocumentSet) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	return pw.checkCases(p.Cases, attrs, position, docs)
}

// caseOut is a case as written: its members among the documents written,
// in their order, and its values by attribute position.
type caseOut struct {
	coding.Case
	values []coding.AttributeValue
}

func (pw *projectWriter) checkCases(cases []coding.Case, attrs map[string]coding.Attribute, position map[string]int, docs map[string]int) error {
	for _, c := range cases {
		var err error
		if c.ID, err = checkID("case", c.Name, c.ID); err != nil {
			return err
		}
		if err := coding.ValidateName("case", c.Name); err != nil {
			return err
		}
		out := caseOut{Case: coding.Case{ID: c.ID, Name: c.Name}}
		for _, id := range c.Passages {
			if !slices.Contains(out.Passages, id) {
				out.Passages = append(out.Passages, id) // keepWrittenPassages keeps those written
			}
		}
		for _, id := range c.Documents {
			if _, ok := docs[id]; ok && !slices.Contains(out.Documents, id) {
				out.Documents = append(out.Documents, id)
			}
		}
		slices.SortFunc(out.Documents, func(a, b string) int { return docs[a] - docs[b] })
		for id, raw := range c.Values {
			a, ok := attrs[id]
			if !ok {
				return fmt.Errorf("case %q: attribute %s is not in the project", c.Name, id)
			}
			v, err := a.Parse(raw)
			if err != nil {
				return fmt.Errorf("case %q: value of %s: %w", c.Name, a.Name, err)
			}
			if v != "" {
				out.values = append(out.values, coding.AttributeValue{AttributeID: id, Value: v})
			}
		}
		slices.SortFunc(out.values, func(a, b coding.AttributeValue) int { return position[a.AttributeID] - position[b.AttributeID] })
		pw.cases = append(pw.cases, out)
	}
	slices.SortFunc(pw.cases, func(a, b caseOut) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	return nil
}

// keepWrittenPassages keeps in each case the passages whose coding is
// written (codings holds their IDs), in the order of the sources and
// positions they are written in.
func (pw *projectWriter) keepWrittenPassages() {
	order := map[string]int{}
	for _, d := range pw.docs {
		for _, c := range pw.codings[d.ID] {
			order[c.ID] = len(order)
		}
	}
	for i := range pw.cases {
		c := &pw.cases[i]
		c.Passages = slices.DeleteFunc(c.Passages, func(id string) bool { _, ok := order[id]; return !ok })
		slices.SortFunc(c.Passages, func(a, b string) int { return order[a] - order[b] })
	}
}

// writeCases writes each case's values, then its documents, then its
// passages (the selections of its codings).
func (pw *projectWriter) writeCases(x *xmlWriter) {
	if len(pw.cases) == 0 {
		return
	}
	x.start("Cases")
	for _, c := range pw.cases {
		x.start("Case")
		x.attr("guid", c.ID)
		x.attr("name", c.Name)
		pw.writeValueList(x, c.values)
		for _, id := range c.Documents {
			x.start("SourceRef")
			x.attr("targetGUID", id)
			x.end("SourceRef")
		}
		for _, id := range c.Passages {
			x.start("SelectionRef")
			x.attr("targetGUID", id)
			x.end("SelectionRef")
		}
		x.end("Case")
	}
	x.end("Cases")
}

func (pw *projectWriter) writeVariables(x *xmlWriter) {
	if len(pw.attrs) == 0 {
		return
	}
	x.start("Variables")
	for _, a := range pw.attrs {
		x.start("Variable")
		x.attr("guid", a.ID)
		x.attr("name", a.Name)
		x.attr("typeOfVariable", variableType(a.Type))
		if a.Type == coding.TypeCategory {
			x.textElement("Description", categoryMarker+"\n"+strings.Join(a.Choices, "\n"))
		}
		x.end("Variable")
	}
	x.end("Variables")
}

func (pw *projectWriter) writeValues(x *xmlWriter, docID string) {
	pw.writeValueList(x, pw.values[docID])
}

// writeValueList writes <VariableValue>s, in the order given.
func (pw *projectWriter) writeValueList(x *xmlWriter, values []coding.AttributeValue) {
	types := pw.types
	for _, v := range values {
		x.start("VariableValue")
		x.start("VariableRef")
		x.attr("targetGUID", v.AttributeID)
		x.end("VariableRef")
		value := v.Value
		if types[v.AttributeID] == coding.TypeYesNo {
			value = strconv.FormatBool(value == "yes")
		}
		x.textElement(valueElement(types[v.AttributeID]), value)
		x.end("VariableValue")
	}
}

func (pw *projectWriter) writeSets(x *xmlWriter) {
	if len(pw.sets)+len(pw.codeSets) == 0 {
		return
	}
	x.start("Sets")
	for _, s := range pw.sets {
		x.start("Set")
		x.attr("guid", s.ID)
		x.attr("name", s.Name)
		if s.IsFilter() {
			x.textElement("Description", filterMarker+"\n"+s.Where)
		}
		for _, id := range s.Documents {
			x.start("MemberSource")
			x.attr("targetGUID", id)
			x.end("MemberSource")
		}
		x.end("Set")
	}
	writeCodeSets(x, pw.codeSets, false)
	x.end("Sets")
}

// readVariables reads <Variables> into Project.Attributes, making names
// usable (unique, without the characters filters compare with).
func (pr *projectReader) readVariables(vars *node) error {
	if vars == nil {
		return nil
	}
	names := uniqueNames{}
	for _, v := range vars.each("Variable") {
		id, err := pr.guid(v, "guid", "variable")
		if err != nil {
			return err
		}
		if _, dup := pr.attrs[id]; dup {
			return pr.errorf(v, "variable guid %s is used twice", id)
		}
		raw, _ := v.attr("name")
		name := strings.Map(func(r rune) rune {
			if strings.ContainsRune("=<>!", r) {
				return '-'
			}
			return r
		}, oneLine(raw))
		name = names.unique(name, "Variable", id)
		if name != oneLine(raw) {
			pr.warnf("line %d: variable %q is called %q", v.line, raw, name)
		}
		typ, _ := v.attr("typeOfVariable")
		a := coding.Attribute{ID: id, Name: name, Type: coding.TypeText, Position: len(pr.p.Attributes)}
		switch typ {
		case "Boolean":
			a.Type = coding.TypeYesNo
		case "Integer", "Float":
			a.Type = coding.TypeNumber
		case "Date", "DateTime":
			a.Type = coding.TypeDate
		default:
			desc := coding.NormalizeText(v.childText("Description"))
			if rest, ok := strings.CutPrefix(strings.TrimSpace(desc), categoryMarker); ok {
				var choices []string
				for _, c := range strings.Split(rest, "\n") {
					if c = strings.TrimSpace(c); c != "" && !slices.ContainsFunc(choices, func(x string) bool { return strings.EqualFold(x, c) }) {
						choices = append(choices, c)
					}
				}
				if len(choices) > 0 {
					a.Type, a.Choices = coding.TypeCategory, choices
				}
			}
		}
		pr.attrs[id] = len(pr.p.Attributes)
		pr.p.Attributes = append(pr.p.Attributes, a)
	}
	return nil
}

// readValues reads the <VariableValue>s of n as values of document docID;
// a value given twice keeps the first, with a warning when they differ.
func (pr *projectReader) readValues(n *node, docID, what string) error {
	return pr.eachValue(n, what, func(vv *node, a coding.Attribute, value string) {
		key := docID + ":" + a.ID
		if j, had := pr.values[key]; had {
			if pr.p.Values[j].Value != value {
				pr.warnf("line %d: %s: %s is %q already; %q left out", vv.line, what, a.Name, pr.p.Values[j].Value, value)
			}
			return
		}
		pr.values[key] = len(pr.p.Values)
		pr.p.Values = append(pr.p.Values, coding.AttributeValue{DocumentID: docID, AttributeID: a.ID, Value: value})
	})
}

// eachValue calls fn with each <VariableValue> of n that its variable can
// hold, in canonical form; one it cannot hold is left out with a warning.
func (pr *projectReader) eachValue(n *node, what string, fn func(vv *node, a coding.Attribute, value string)) error {
	for _, vv := range n.each("VariableValue") {
		ref := vv.child("VariableRef")
		if ref == nil {
			return pr.errorf(vv, "%s: a <VariableValue> without <VariableRef>", what)
		}
		id, err := pr.guid(ref, "targetGUID", what, ": variable reference")
		if err != nil {
			return err
		}
		i, ok := pr.attrs[id]
		if !ok {
			return pr.errorf(ref, "%s: variable %s is not among the <Variables>", what, id)
		}
		a := pr.p.Attributes[i]
		var raw string
		for _, c := range vv.children {
			if c.name != "VariableRef" {
				raw = strings.TrimSpace(string(c.text))
				if c.name == "DateTimeValue" {
					if t, err := time.Parse(time.RFC3339Nano, raw); err == nil {
						raw = t.Format(coding.DateLayout)
					}
				}
			}
		}
		value, err := a.Parse(raw)
		if err != nil {
			pr.warnf("line %d: %s: value of %s left out: %v", vv.line, what, a.Name, err)
			continue
		}
		if value != "" {
			fn(vv, a, value)
		}
	}
	return nil
}

// readCases reads <Cases> into Project.Cases: each case's values, the
// text sources it refers to and its passages (each <SelectionRef> gives
// the codings read from that selection; codes are left out, with a
// warning); names are made unique. A <Case> without a name that refers to
// one source and nothing else is how MAXQDA (and Quirkos) write a
// document's variables: its values become the document's (a value the
// source gives itself wins, with a warning when they differ), not a case.
func (pr *projectReader) readCases(cases *node) error {
	if cases == nil {
		return nil
	}
	names := uniqueNames{}
	seen := map[string]bool{}
	for _, cn := range cases.each("Case") {
		id, err := pr.guid(cn, "guid", "case")
		if err != nil {
			return err
		}
		if seen[id] {
			return pr.errorf(cn, "case guid %s is used twice", id)
		}
		seen[id] = true
		raw, _ := cn.attr("name")
		done, err := pr.documentValuesCase(cn, raw)
		if err != nil {
			return err
		}
		if done {
			continue
		}
		c := coding.Case{ID: id, Name: oneLine(raw)}
		what := "case " + strconv.Quote(c.Name)
		err = pr.eachValue(cn, what, func(vv *node, a coding.Attribute, value string) {
			if c.Values == nil {
				c.Values = map[string]string{}
			}
			if old, had := c.Values[a.ID]; had && old != value {
				pr.warnf("line %d: %s: %s is %q already; %q left out", vv.line, what, a.Name, old, value)
				return
			}
			c.Values[a.ID] = value
		})
		if err != nil {
			return err
		}
		for _, ref := range cn.each("SourceRef") {
			doc, err := pr.guid(ref, "targetGUID", what, ": source reference")
			if err != nil {
				return err
			}
			if _, ok := pr.docs[doc]; !ok {
				pr.warnf("line %d: %s: source %s is not a text source read; left out", ref.line, what, doc)
				continue
			}
			if !slices.Contains(c.Documents, doc) {
				c.Documents = append(c.Documents, doc)
			}
		}
		for _, ref := range cn.each("SelectionRef") {
			sel, err := pr.guid(ref, "targetGUID", what, ": selection reference")
			if err != nil {
				return err
			}
			ids, ok := pr.selections[sel]
			if !ok || len(ids) == 0 {
				pr.warnf("line %d: %s: selection %s is not a coded passage of a text source read; left out", ref.line, what, sel)
				continue
			}
			for _, id := range ids {
				if !slices.Contains(c.Passages, id) {
					c.Passages = append(c.Passages, id)
				}
			}
		}
		if codes := len(cn.each("CodeRef")); codes > 0 {
			pr.warnf("line %d: %s: %d codes not imported (Marginalia's cases gather documents and passages)", cn.line, what, codes)
		}
		c.Name = names.unique(c.Name, "Case", id)
		pr.p.Cases = append(pr.p.Cases, c)
	}
	return nil
}

// documentValuesCase reads a nameless <Case> of one source, no passages
// and no codes as that source's values (see readCases); done is false for
// any other case.
func (pr *projectReader) documentValuesCase(cn *node, name string) (done bool, err error) {
	refs := cn.each("SourceRef")
	if strings.TrimSpace(name) != "" || len(refs) != 1 || len(cn.each("SelectionRef"))+len(cn.each("CodeRef")) > 0 {
		return false, nil
	}
	doc, err := pr.guid(refs[0], "targetGUID", "case without a name: source reference")
	if err != nil {
		return true, err
	}
	i, ok := pr.docs[doc]
	if !ok {
		pr.warnf("line %d: the values of source %s (a case without a name) left out: it is not a text source read", cn.line, doc)
		return true, nil
	}
	return true, pr.readValues(cn, doc, "source "+strconv.Quote(pr.p.Documents[i].Name))
}

// readSets reads <Sets> of sources into Project.Sets.
func (pr *projectReader) readSets(sets *node) error {
	if sets == nil {
		return nil
	}
	names := uniqueNames{}
	for _, s := range sets.each("Set") {
		id, err := pr.guid(s, "guid", "set")
		if err != nil {
			return err
		}
		raw, _ := s.attr("name")
		name := oneLine(raw)
		what := "set " + strconv.Quote(name)
		if notes := len(s.each("MemberNote")); notes > 0 {
			pr.warnf("line %d: %s: %d member notes not imported (Marginalia's sets hold documents or codes)", s.line, what, notes)
		}
		set := coding.DocumentSet{ID: id, Name: name}
		desc := strings.TrimSpace(coding.NormalizeText(s.childText("Description")))
		if rest, ok := strings.CutPrefix(desc, filterMarker); ok && strings.TrimSpace(rest) != "" {
			set.Where = strings.Join(strings.Fields(rest), " ")
		}
		members := s.each("MemberSource")
		if !set.IsFilter() {
			if len(members) == 0 {
				continue // a group of codes (codesets.go) or notes only
			}
			for _, m := range members {
				doc, err := pr.guid(m, "targetGUID", what, ": member")
				if err != nil {
					return err
				}
				if _, ok := pr.docs[doc]; ok {
					set.Documents = append(set.Documents, doc)
				} else {
					pr.warnf("line %d: %s: member %s is not a text source read; left out", m.line, what, doc)
				}
			}
		}
		set.Name = names.unique(set.Name, "Set", id)
		pr.p.Sets = append(pr.p.Sets, set)
	}
	return nil
}
