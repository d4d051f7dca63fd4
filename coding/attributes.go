package coding

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Attributes describe documents: each document may have a value for each
// of the project's attributes (date, author, affiliation, language…). An
// attribute has a type, and every value is kept in its type's canonical
// form (Attribute.Parse), so that comparing two values of an attribute is
// comparing what they mean: numbers as numbers, dates as dates.

// AttributeType is the kind of value an attribute holds.
type AttributeType string

// The attribute types.
const (
	TypeText     AttributeType = "text"
	TypeNumber   AttributeType = "number"
	TypeDate     AttributeType = "date"     // YYYY-MM-DD
	TypeYesNo    AttributeType = "yes/no"   // "yes" or "no"
	TypeCategory AttributeType = "category" // one of a fixed list of values
)

// AttributeTypes lists the types in the order a user is offered them.
var AttributeTypes = []AttributeType{TypeText, TypeNumber, TypeDate, TypeYesNo, TypeCategory}

// ParseAttributeType reads a type's name ("yes/no", also "yesno", "bool",
// "boolean").
func ParseAttributeType(s string) (AttributeType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "text", "string":
		return TypeText, nil
	case "number", "numeric":
		return TypeNumber, nil
	case "date":
		return TypeDate, nil
	case "yes/no", "yesno", "bool", "boolean":
		return TypeYesNo, nil
	case "category", "categorical":
		return TypeCategory, nil
	}
	return "", fmt.Errorf("unknown attribute type %q (use text, number, date, yes/no or category)", s)
}

// Attribute is one property documents may have a value for.
type Attribute struct {
	ID       string
	Name     string
	Type     AttributeType
	Choices  []string `json:",omitempty"` // a category's values, in the order offered
	Position int      // the column's place in the attributes table
}

// AttributeValue is a document's value for an attribute, in the
// attribute's canonical form (never empty: no value is no row).
type AttributeValue struct {
	DocumentID  string
	AttributeID string
	Value       string
}

// Key identifies a value: its document and attribute.
func (v AttributeValue) Key() string { return v.DocumentID + ":" + v.AttributeID }

// DateLayout is how dates are written: ISO 8601, YYYY-MM-DD.
const DateLayout = "2006-01-02"

// Parse checks s as a value of the attribute and returns its canonical
// form: a number as Go formats it ("3.5", "12"), a date as YYYY-MM-DD, yes
// or no, a category value spelled as in its list. An empty (or blank) s is
// "no value" and returns "".
func (a Attribute) Parse(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	switch a.Type {
	case TypeNumber:
		f, err := ParseNumber(s)
		if err != nil {
			return "", err
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	case TypeDate:
		t, ok := parseDate(s)
		if !ok {
			return "", fmt.Errorf("%q is not a date (write it as YYYY-MM-DD)", s)
		}
		return t.Format(DateLayout), nil
	case TypeYesNo:
		b, ok := parseYesNo(s)
		if !ok {
			return "", fmt.Errorf("%q is not yes or no", s)
		}
		if b {
			return "yes", nil
		}
		return "no", nil
	case TypeCategory:
		for _, c := range a.Choices {
			if strings.EqualFold(c, s) {
				return c, nil
			}
		}
		return "", fmt.Errorf("%q is not one of %s's values (%s)", s, a.Name, strings.Join(a.Choices, ", "))
	}
	if strings.ContainsAny(s, "\n\r") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s, nil
}

// Validate checks an attribute's name, type and, for a category, its list
// of values.
func (a Attribute) Validate() error {
	if err := ValidateName("attribute", a.Name); err != nil {
		return err
	}
	if strings.ContainsAny(a.Name, "=<>!") {
		return fmt.Errorf("attribute name %q contains one of = < > ! (they compare values in filters)", a.Name)
	}
	if !slices.Contains(AttributeTypes, a.Type) {
		return fmt.Errorf("attribute %q: unknown type %q", a.Name, a.Type)
	}
	if a.Type == TypeCategory {
		if len(a.Choices) == 0 {
			return fmt.Errorf("attribute %q: a category needs at least one value", a.Name)
		}
		seen := map[string]bool{}
		for _, c := range a.Choices {
			k := strings.ToLower(strings.TrimSpace(c))
			if k == "" || seen[k] {
				return fmt.Errorf("attribute %q: category value %q is empty or repeated", a.Name, c)
			}
			seen[k] = true
		}
	}
	return nil
}

// parseNumber reads a number by ParseNumber's rule, for values already
// checked.
func parseNumber(s string) (float64, bool) {
	f, err := ParseNumber(s)
	return f, err == nil
}

// dateLayouts are the forms a date is read in, ISO first.
var dateLayouts = []string{DateLayout, "2006/01/02", "2006-01-02T15:04:05Z07:00", "Jan 2, 2006", "Jan 02 , 2006", "2 January 2006", "January 2, 2006"}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseYesNo(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "yes", "y", "true", "1":
		return true, true
	case "no", "n", "false", "0":
		return false, true
	}
	return false, false
}

// InferType is the narrowest type every non-empty value fits: yes/no,
// number, date, else text (a category is only ever chosen, never
// guessed). With no values it is text.
func InferType(values []string) AttributeType {
	fits := map[AttributeType]bool{TypeYesNo: true, TypeNumber: true, TypeDate: true}
	some := false
	for _, v := range values {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		some = true
		if _, ok := parseYesNo(v); !ok || v == "1" || v == "0" {
			fits[TypeYesNo] = false
		}
		// An ambiguous number ("1,500") still makes a number column, so
		// that the import refuses it with the reason rather than keep the
		// column as text.
		if _, err := ParseNumber(v); err != nil && !errors.Is(err, ErrAmbiguousNumber) {
			fits[TypeNumber] = false
		}
		if _, ok := parseDate(v); !ok {
			fits[TypeDate] = false
		}
	}
	if !some {
		return TypeText
	}
	for _, t := range []AttributeType{TypeYesNo, TypeNumber, TypeDate} {
		if fits[t] {
			return t
		}
	}
	return TypeText
}

// DocumentSet is a named group of documents. A static set lists its
// documents; a saved filter (Where not empty) has a condition on
// attributes instead, and its members are whichever documents meet it now.
type DocumentSet struct {
	ID        string
	Name      string
	Documents []string `json:",omitempty"` // document IDs, for a static set
	Where     string   `json:",omitempty"` // the condition, for a saved filter
}

// IsFilter reports whether the set is a saved filter.
func (s DocumentSet) IsFilter() bool { return s.Where != "" }

// Condition compares one attribute's value: Attribute Op Value, with Op one
// of = != < > <= >=. An order (<, >, …) compares numbers and dates as such
// and other values as text; a document without a value meets only !=.
type Condition struct {
	Attribute string
	Op        string
	Value     string
}

// String is the condition as it is written: "affiliation = CICIR".
func (c Condition) String() string { return c.Attribute + " " + c.Op + " " + c.Value }

// ParseCondition reads "ATTR=VALUE", "ATTR < VALUE" and the like.
func ParseCondition(s string) (Condition, error) {
	i := strings.IndexAny(s, "=<>!")
	if i < 0 {
		return Condition{}, fmt.Errorf("condition %q: expected ATTRIBUTE=VALUE (or <, >, <=, >=, !=)", s)
	}
	op := s[i : i+1]
	if i+1 < len(s) && s[i+1] == '=' && op != "=" {
		op += "="
	}
	if op == "!" {
		return Condition{}, fmt.Errorf("condition %q: a lone ! (write != for \"is not\")", s)
	}
	c := Condition{Attribute: strings.TrimSpace(s[:i]), Op: op, Value: strings.TrimSpace(s[i+len(op):])}
	if c.Attribute == "" {
		return c, fmt.Errorf("condition %q: no attribute before %s", s, op)
	}
	return c, nil
}

// Where is conditions that must all hold.
type Where []Condition

// ParseWhere reads conditions joined by "and" ("affiliation = CICIR and
// date < 2015-01-01"); an empty s is no condition.
func ParseWhere(s string) (Where, error) {
	var w Where
	for _, part := range splitAnd(s) {
		c, err := ParseCondition(part)
		if err != nil {
			return nil, err
		}
		w = append(w, c)
	}
	return w, nil
}

// splitAnd splits s at each " and " (any case), dropping blank parts.
func splitAnd(s string) []string {
	var parts []string
	lower := strings.ToLower(s)
	for {
		i := strings.Index(lower, " and ")
		if i < 0 {
			break
		}
		parts = append(parts, s[:i])
		s, lower = s[i+5:], lower[i+5:]
	}
	parts = append(parts, s)
	out := parts[:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// String is the conditions as ParseWhere reads them.
func (w Where) String() string {
	parts := make([]string, len(w))
	for i, c := range w {
		parts[i] = c.String()
	}
	return strings.Join(parts, " and ")
}

// AttributeTable is the project's attributes and every document's values.
type AttributeTable struct {
	Attributes []Attribute                  // by position
	Values     map[string]map[string]string // document ID → attribute ID → value
}

// NewAttributeTable builds a table from attributes and values.
func NewAttributeTable(attrs []Attribute, values []AttributeValue) *AttributeTable {
	t := &AttributeTable{Attributes: slices.Clone(attrs), Values: map[string]map[string]string{}}
	SortAttributes(t.Attributes)
	for _, v := range values {
		t.Set(v)
	}
	return t
}

// SortAttributes orders attributes by position, then name.
func SortAttributes(attrs []Attribute) {
	slices.SortFunc(attrs, func(a, b Attribute) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}

// Set records a value; an empty Value removes it.
func (t *AttributeTable) Set(v AttributeValue) {
	row := t.Values[v.DocumentID]
	if v.Value == "" {
		delete(row, v.AttributeID)
		return
	}
	if row == nil {
		row = map[string]string{}
		t.Values[v.DocumentID] = row
	}
	row[v.AttributeID] = v.Value
}

// Value is a document's value for an attribute, "" when it has none.
func (t *AttributeTable) Value(docID, attrID string) string { return t.Values[docID][attrID] }

// Attribute finds an attribute by name, ignoring case.
func (t *AttributeTable) Attribute(name string) (Attribute, bool) {
	for _, a := range t.Attributes {
		if strings.EqualFold(a.Name, strings.TrimSpace(name)) {
			return a, true
		}
	}
	return Attribute{}, false
}

// test is a compiled condition.
type test struct {
	attrID string
	op     string
	want   string  // canonical
	num    float64 // for numbers
	typ    AttributeType
}

// Compile resolves w's attribute names and parses its values by type, so
// that Match is quick; it reports a condition naming no attribute, or
// whose value its attribute cannot hold.
func (t *AttributeTable) Compile(w Where) (Matcher, error) {
	var m Matcher
	for _, c := range w {
		a, ok := t.Attribute(c.Attribute)
		if !ok {
			return nil, fmt.Errorf("condition %q: no attribute named %q", c.String(), c.Attribute)
		}
		want, err := a.Parse(c.Value)
		if err != nil {
			return nil, fmt.Errorf("condition %q: %w", c.String(), err)
		}
		if a.Type == TypeCategory && c.Value == "" {
			want = ""
		}
		tt := test{attrID: a.ID, op: c.Op, want: want, typ: a.Type}
		if a.Type == TypeNumber && want != "" {
			tt.num, _ = parseNumber(want)
		}
		m = append(m, tt)
	}
	return m, nil
}

// Matcher is a compiled Where, for one AttributeTable.
type Matcher []test

// Match reports whether a document's values meet every condition.
func (m Matcher) Match(values map[string]string) bool {
	for _, tt := range m {
		if !tt.match(values[tt.attrID]) {
			return false
		}
	}
	return true
}

func (tt test) match(v string) bool {
	if v == "" || tt.want == "" {
		switch tt.op {
		case "=":
			return v == tt.want
		case "!=":
			return v != tt.want
		}
		return false
	}
	var c int
	switch tt.typ {
	case TypeNumber:
		f, _ := parseNumber(v)
		c = cmpFloat(f, tt.num)
	case TypeText, TypeCategory:
		if tt.op == "=" || tt.op == "!=" {
			if strings.EqualFold(v, tt.want) {
				c = 0
			} else {
				c = 1
			}
		} else {
			c = strings.Compare(strings.ToLower(v), strings.ToLower(tt.want))
		}
	default: // dates as YYYY-MM-DD and yes/no compare as text
		c = strings.Compare(v, tt.want)
	}
	switch tt.op {
	case "=":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	case ">=":
		return c >= 0
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Select returns the documents of docIDs, in order, whose values meet w.
func (t *AttributeTable) Select(docIDs []string, w Where) ([]string, error) {
	m, err := t.Compile(w)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range docIDs {
		if m.Match(t.Values[id]) {
			out = append(out, id)
		}
	}
	return out, nil
}

// Members is the documents of docIDs, in order, that belong to set s: the
// listed ones for a static set, those meeting its condition for a saved
// filter.
func (t *AttributeTable) Members(s DocumentSet, docIDs []string) ([]string, error) {
	if s.IsFilter() {
		w, err := ParseWhere(s.Where)
		if err != nil {
			return nil, fmt.Errorf("set %q: %w", s.Name, err)
		}
		out, err := t.Select(docIDs, w)
		if err != nil {
			return nil, fmt.Errorf("set %q: %w", s.Name, err)
		}
		return out, nil
	}
	in := make(map[string]bool, len(s.Documents))
	for _, id := range s.Documents {
		in[id] = true
	}
	var out []string
	for _, id := range docIDs {
		if in[id] {
			out = append(out, id)
		}
	}
	return out, nil
}
