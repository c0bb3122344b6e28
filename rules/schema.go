package rules

import (
	"fmt"
	"io/fs"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FieldKind is what a record field holds.
type FieldKind string

// Field kinds (fields.yaml).
const (
	KindCategory FieldKind = "category" // one of Field.Values
	KindDate     FieldKind = "date"     // ISO 8601 at the text's precision
	KindText     FieldKind = "text"     // a name: place, region, country, group
	KindCount    FieldKind = "count"    // an integer, filled from casualty facts
	KindSet      FieldKind = "set"      // class names of a rule file (weapons, targets)
)

// Roles a casualty fact and a count field can have.
const (
	RoleVictim      = "victim"
	RolePerpetrator = "perpetrator"
	RoleAny         = "any"
)

// Sources of text fields.
const (
	FromPlace   = "place"
	FromRegion  = "region"
	FromCountry = "country"
	FromGroup   = "group"
)

// Merge policies of the dataset.
const (
	MergeChoose   = "choose"
	MergeLocation = "location"
	MergeUnion    = "union"
)

// Field is one declared record field.
type Field struct {
	Name   string
	Kind   FieldKind
	Core   bool     // counted in core F1
	Values []string // category: the allowed words
	// From: for a text field, which value it takes (place, region, country,
	// group); for a set, the rule file whose sections are its classes.
	From   string
	Effect string // count: the effect of the facts it adds up
	Role   string // count: victim, perpetrator or any
	Merge  string
	// Compare: "fold" or "name" (see fields.yaml); IgnoreWords and
	// IgnoreLast are folded words.
	Compare     string
	IgnoreWords []string
	IgnoreLast  []string
	Source      string // file:line
}

// Schema is the ordered list of record fields.
type Schema struct {
	Fields []Field
	index  map[string]int
}

// Field returns the declaration of a field, or nil.
func (s *Schema) Field(name string) *Field {
	if i, ok := s.index[name]; ok {
		return &s.Fields[i]
	}
	return nil
}

// Names lists the field names in output order.
func (s *Schema) Names() []string {
	out := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Name
	}
	return out
}

// Of lists the fields of some kinds, in order.
func (s *Schema) Of(kinds ...FieldKind) []Field {
	var out []Field
	for _, f := range s.Fields {
		for _, k := range kinds {
			if f.Kind == k {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// Scalars are the fields scored one value per record (every kind but set).
func (s *Schema) Scalars() []Field {
	return s.Of(KindCategory, KindDate, KindText, KindCount)
}

// Effects lists the distinct effects of the count fields, in order: the
// vocabulary the casualty sequences may use.
func (s *Schema) Effects() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range s.Fields {
		if f.Kind == KindCount && !seen[f.Effect] {
			seen[f.Effect] = true
			out = append(out, f.Effect)
		}
	}
	return out
}

// From returns the first field of a kind taking its value from src, or nil.
func (s *Schema) From(kind FieldKind, src string) *Field {
	for i := range s.Fields {
		if s.Fields[i].Kind == kind && s.Fields[i].From == src {
			return &s.Fields[i]
		}
	}
	return nil
}

// CountFor returns the count field that facts of this effect and role fill,
// or nil: a role-specific field first, then one for any role.
func (s *Schema) CountFor(effect, role string) *Field {
	var anyRole *Field
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Kind != KindCount || f.Effect != effect {
			continue
		}
		if f.Role == role {
			return f
		}
		if f.Role == RoleAny && anyRole == nil {
			anyRole = f
		}
	}
	return anyRole
}

// reservedNames are the record keys that are not fields.
func reservedName(n string) bool {
	switch n {
	case "doc", "id", "evidence", "provenance", "quote", "sources", "conflicts":
		return true
	}
	return false
}

// LoadSchema reads and validates fields.yaml. Errors name file:line.
func LoadSchema(fsys fs.FS, file string) (*Schema, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var doc struct {
		Fields []yaml.Node `yaml:"fields"`
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", file, err)
	}
	if err := strictDecode(file, &root, &doc); err != nil {
		return nil, err
	}
	if len(doc.Fields) == 0 {
		return nil, fmt.Errorf("rules: %s:1: no fields declared", file)
	}
	s := &Schema{index: map[string]int{}}
	for i := range doc.Fields {
		n := &doc.Fields[i]
		var e struct {
			Name        string   `yaml:"name"`
			Kind        string   `yaml:"kind"`
			Core        bool     `yaml:"core"`
			Values      []string `yaml:"values"`
			From        string   `yaml:"from"`
			Effect      string   `yaml:"effect"`
			Role        string   `yaml:"role"`
			Merge       string   `yaml:"merge"`
			Compare     string   `yaml:"compare"`
			IgnoreWords []string `yaml:"ignore_words"`
			IgnoreLast  []string `yaml:"ignore_last"`
		}
		if err := strictDecode(file, n, &e); err != nil {
			return nil, err
		}
		at := fmt.Sprintf("%s:%d", file, n.Line)
		f := Field{Name: e.Name, Kind: FieldKind(e.Kind), Core: e.Core, Values: e.Values, From: e.From,
			Effect: e.Effect, Role: e.Role, Merge: e.Merge, Compare: e.Compare, Source: at}
		for _, w := range e.IgnoreWords {
			f.IgnoreWords = append(f.IgnoreWords, strings.ToLower(w))
		}
		for _, w := range e.IgnoreLast {
			f.IgnoreLast = append(f.IgnoreLast, strings.ToLower(w))
		}
		if err := s.check(&f); err != nil {
			return nil, fmt.Errorf("rules: %s: %w", at, err)
		}
		s.index[f.Name] = len(s.Fields)
		s.Fields = append(s.Fields, f)
	}
	return s, nil
}

func (s *Schema) check(f *Field) error {
	if f.Name == "" {
		return fmt.Errorf("field without a name")
	}
	if reservedName(f.Name) {
		return fmt.Errorf("field name %q is a record key", f.Name)
	}
	if _, dup := s.index[f.Name]; dup {
		return fmt.Errorf("field %q declared twice", f.Name)
	}
	switch f.Kind {
	case KindCategory:
		if len(f.Values) == 0 {
			return fmt.Errorf("category field %q needs values", f.Name)
		}
	case KindDate:
	case KindText:
		switch f.From {
		case FromPlace, FromRegion, FromCountry, FromGroup:
		default:
			return fmt.Errorf("text field %q: from %q, want place, region, country or group", f.Name, f.From)
		}
	case KindCount:
		if f.Effect == "" {
			return fmt.Errorf("count field %q needs an effect", f.Name)
		}
		switch f.Role {
		case RoleVictim, RolePerpetrator, RoleAny:
		default:
			return fmt.Errorf("count field %q: role %q, want victim, perpetrator or any", f.Name, f.Role)
		}
	case KindSet:
		if f.From == "" {
			return fmt.Errorf("set field %q needs from: the rule file of its classes", f.Name)
		}
	default:
		return fmt.Errorf("field %q: unknown kind %q (category, date, text, count, set)", f.Name, f.Kind)
	}
	if f.Kind != KindCategory && len(f.Values) > 0 {
		return fmt.Errorf("field %q: values are for categories", f.Name)
	}
	if (f.Kind == KindCategory || f.Kind == KindDate || f.Kind == KindCount) && f.From != "" {
		return fmt.Errorf("field %q: from is for text and set fields", f.Name)
	}
	if f.Kind != KindCount && (f.Effect != "" || f.Role != "") {
		return fmt.Errorf("field %q: effect and role are for counts", f.Name)
	}
	switch f.Merge {
	case "":
		f.Merge = MergeChoose
		if f.Kind == KindSet {
			f.Merge = MergeUnion
		}
	case MergeChoose, MergeLocation:
		if f.Kind == KindSet {
			return fmt.Errorf("set field %q merges by union", f.Name)
		}
	case MergeUnion:
		if f.Kind != KindSet {
			return fmt.Errorf("field %q: union is for sets", f.Name)
		}
	default:
		return fmt.Errorf("field %q: unknown merge %q (choose, location, union)", f.Name, f.Merge)
	}
	switch f.Compare {
	case "":
		f.Compare = "fold"
	case "fold", "name":
	default:
		return fmt.Errorf("field %q: unknown compare %q (fold, name)", f.Name, f.Compare)
	}
	if f.Compare != "name" && (len(f.IgnoreWords) > 0 || len(f.IgnoreLast) > 0) {
		return fmt.Errorf("field %q: ignore_words and ignore_last need compare: name", f.Name)
	}
	return nil
}

// strictDecode decodes n into v, refusing keys v does not have; errors name
// file:line.
func strictDecode(file string, n *yaml.Node, v any) error {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind == yaml.MappingNode {
		known := yamlKeys(v)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if known != nil && !known[k.Value] {
				return fmt.Errorf("rules: %s:%d: unknown key %q", file, k.Line, k.Value)
			}
		}
	}
	if err := n.Decode(v); err != nil {
		return fmt.Errorf("rules: %s:%d: %w", file, n.Line, err)
	}
	return nil
}
