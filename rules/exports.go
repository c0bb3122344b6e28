package rules

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Files of the export layout.
const (
	ExportsFile   = "exports.yaml"
	CountriesFile = "gazetteer/countries.tsv"
)

// GTDType is a GTD code and name for one of our values.
type GTDType struct {
	Code int
	Name string
}

// ColumnNames is an exported column with its GTD and ACLED counterparts.
type ColumnNames struct {
	Column, GTD, ACLED, About string
	Source                    string // file:line
}

// Exports is exports.yaml: which fields the derived columns read, our
// values in GTD's terms, every column's GTD and ACLED name, and the ISO
// 3166-1 alpha-2 code of every country (countries.tsv).
type Exports struct {
	AttackField  string   // the field of our attack type; "" or absent from the schema: empty columns
	NKill        []string // count fields GTD's nkill adds up
	NWound       []string
	WeaponsField string
	TargetsField string
	AttackTypes  map[string]GTDType
	Weapons      map[string]GTDType
	Targets      map[string]GTDType
	Columns      []ColumnNames // in file order
	ISO2         map[string]string
}

// Column returns the names of a column, or nil.
func (x *Exports) Column(name string) *ColumnNames {
	for i := range x.Columns {
		if x.Columns[i].Column == name {
			return &x.Columns[i]
		}
	}
	return nil
}

// LoadExports reads exports.yaml and countries.tsv and checks them against
// the schema: the fields named must exist with the right kinds. Errors name
// file:line.
func LoadExports(fsys fs.FS, s *Schema) (*Exports, error) {
	data, err := fs.ReadFile(fsys, ExportsFile)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", ExportsFile, err)
	}
	var doc struct {
		Fields      yaml.Node `yaml:"fields"`
		AttackTypes yaml.Node `yaml:"attack_types"`
		Weapons     yaml.Node `yaml:"weapons"`
		Targets     yaml.Node `yaml:"targets"`
		Columns     yaml.Node `yaml:"columns"`
	}
	if err := strictDecode(ExportsFile, &root, &doc); err != nil {
		return nil, err
	}
	x := &Exports{}
	var fields struct {
		AttackType string   `yaml:"attack_type"`
		NKill      []string `yaml:"nkill"`
		NWound     []string `yaml:"nwound"`
		Weapons    string   `yaml:"weapons"`
		Targets    string   `yaml:"targets"`
	}
	if doc.Fields.Kind == 0 {
		return nil, fmt.Errorf("rules: %s:1: no fields section", ExportsFile)
	}
	if err := strictDecode(ExportsFile, &doc.Fields, &fields); err != nil {
		return nil, err
	}
	at := func(n *yaml.Node) string { return fmt.Sprintf("%s:%d", ExportsFile, n.Line) }
	x.AttackField, x.NKill, x.NWound, x.WeaponsField, x.TargetsField = fields.AttackType, fields.NKill, fields.NWound, fields.Weapons, fields.Targets
	if f := s.Field(x.AttackField); f != nil && f.Kind != KindCategory && f.Kind != KindText {
		return nil, fmt.Errorf("rules: %s: attack_type: field %q is a %s, want a category", at(&doc.Fields), x.AttackField, f.Kind)
	}
	for _, group := range []struct {
		what  string
		names []string
	}{{"nkill", x.NKill}, {"nwound", x.NWound}} {
		if len(group.names) == 0 {
			return nil, fmt.Errorf("rules: %s: %s: name at least one count field", at(&doc.Fields), group.what)
		}
		for _, n := range group.names {
			if f := s.Field(n); f == nil || f.Kind != KindCount {
				return nil, fmt.Errorf("rules: %s: %s: %q is not a count field of fields.yaml", at(&doc.Fields), group.what, n)
			}
		}
	}
	for _, set := range []struct{ what, name string }{{"weapons", x.WeaponsField}, {"targets", x.TargetsField}} {
		if f := s.Field(set.name); f == nil || f.Kind != KindSet {
			return nil, fmt.Errorf("rules: %s: %s: %q is not a set field of fields.yaml", at(&doc.Fields), set.what, set.name)
		}
	}
	for _, tbl := range []struct {
		name string
		node *yaml.Node
		dst  *map[string]GTDType
	}{{"attack_types", &doc.AttackTypes, &x.AttackTypes}, {"weapons", &doc.Weapons, &x.Weapons}, {"targets", &doc.Targets, &x.Targets}} {
		m, err := gtdTable(tbl.name, tbl.node)
		if err != nil {
			return nil, err
		}
		*tbl.dst = m
	}
	if x.Columns, err = columnTable(&doc.Columns); err != nil {
		return nil, err
	}
	if x.ISO2, err = loadISO2(fsys); err != nil {
		return nil, err
	}
	return x, nil
}

// gtdTable reads "ours: {code: N, gtd: Name}" entries.
func gtdTable(section string, n *yaml.Node) (map[string]GTDType, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("rules: %s:%d: %s: want a mapping of our value -> {code, gtd}", ExportsFile, max(n.Line, 1), section)
	}
	out := map[string]GTDType{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var e struct {
			Code int    `yaml:"code"`
			GTD  string `yaml:"gtd"`
		}
		if err := strictDecode(ExportsFile, v, &e); err != nil {
			return nil, err
		}
		if e.Code <= 0 || e.GTD == "" {
			return nil, fmt.Errorf("rules: %s:%d: %s: %s needs a code and a gtd name", ExportsFile, k.Line, section, k.Value)
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("rules: %s:%d: %s: %s listed twice", ExportsFile, k.Line, section, k.Value)
		}
		out[k.Value] = GTDType{Code: e.Code, Name: e.GTD}
	}
	return out, nil
}

func columnTable(n *yaml.Node) ([]ColumnNames, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("rules: %s:%d: columns: want a mapping of column -> {gtd, acled, about}", ExportsFile, max(n.Line, 1))
	}
	var out []ColumnNames
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var e struct {
			GTD   *string `yaml:"gtd"`
			ACLED *string `yaml:"acled"`
			About string  `yaml:"about"`
		}
		if err := strictDecode(ExportsFile, v, &e); err != nil {
			return nil, err
		}
		if e.GTD == nil || e.ACLED == nil || e.About == "" {
			return nil, fmt.Errorf(`rules: %s:%d: column %s needs gtd, acled ("" for none) and about`, ExportsFile, k.Line, k.Value)
		}
		if seen[k.Value] {
			return nil, fmt.Errorf("rules: %s:%d: column %s listed twice", ExportsFile, k.Line, k.Value)
		}
		seen[k.Value] = true
		out = append(out, ColumnNames{Column: k.Value, GTD: *e.GTD, ACLED: *e.ACLED, About: e.About,
			Source: fmt.Sprintf("%s:%d", ExportsFile, k.Line)})
	}
	return out, nil
}

// loadISO2 reads countries.tsv: "country<TAB>iso2" after a header line.
func loadISO2(fsys fs.FS) (map[string]string, error) {
	data, err := fs.ReadFile(fsys, CountriesFile)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || text[0] == '#' || text == "country\tiso2" {
			continue
		}
		name, code, ok := strings.Cut(text, "\t")
		if !ok || name == "" || len(code) != 2 || strings.ToUpper(code) != code {
			return nil, fmt.Errorf("rules: %s:%d: want country<TAB>two-letter code, got %q", CountriesFile, line, text)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("rules: %s:%d: %s listed twice", CountriesFile, line, name)
		}
		out[name] = code
	}
	return out, sc.Err()
}
