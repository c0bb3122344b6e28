package rules

import (
	"reflect"
	"strings"
)

// yamlKeys lists the mapping keys a struct (or pointer to one) decodes, from
// its yaml tags, so that a misspelt key in a rule file is an error rather
// than a silently ignored line. nil for anything that is not a struct.
func yamlKeys(v any) map[string]bool {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	keys := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		keys[name] = true
	}
	return keys
}
