package rules

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDefaultsLoad(t *testing.T) {
	s, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Triggers.Strong) == 0 || len(s.Triggers.Foiled) == 0 || len(s.Weapons) == 0 || len(s.Targets) == 0 || len(s.Groups) < 30 {
		t.Errorf("defaults look empty: %d strong triggers, %d foiled, %d weapons, %d targets, %d groups",
			len(s.Triggers.Strong), len(s.Triggers.Foiled), len(s.Weapons), len(s.Targets), len(s.Groups))
	}
	for _, c := range s.Weapons {
		if !strings.HasPrefix(c.Source, "weapons_targets.yaml:") {
			t.Errorf("cue %s has source %q, want file:line", c.Name, c.Source)
		}
	}
}

// withFile copies the defaults and replaces one file.
func withFile(t *testing.T, name, content string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(Defaults(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Defaults(), path)
		m[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m[name] = &fstest.MapFile{Data: []byte(content)}
	return m
}

func TestErrorsNameFileAndLine(t *testing.T) {
	base, err := fs.ReadFile(Defaults(), "triggers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cas, err := fs.ReadFile(Defaults(), "casualties.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		file, content, want string
	}{
		{"triggers.yaml", strings.Replace(string(base), `"clash(?:es|ed)?"`, `"clash(?:es|ed"`, 1), "triggers.yaml:"},
		{"triggers.yaml", string(base) + "\nattak:\n  - oops\n", `unknown section "attak"`},
		{"triggers.yaml", "foiled_plot: [thwarted]\n", `missing section "attack"`},
		{"triggers.yaml", "foiled_plot: thwarted\n", "triggers.yaml:1: section \"foiled_plot\" must be a list"},
		{"aliases.yaml", "groups:\n  - name: A\n    aliases: [X]\n  - name: B\n    aliases: [X]\n", `aliases.yaml:4: alias "X" of "B" already names "A"`},
		{"aliases.yaml", "groups:\n  - aliases: [X]\n", "aliases.yaml:2: group without a name"},
		{"casualties.yaml", strings.Replace(string(cas), "killed:\n", "killed:\n  - ''\n", 1), "empty pattern"},
		{"boilerplate.yaml", "lines: [\"(\"]\nend_sections: [x]\n", "boilerplate.yaml:1: pattern"},
	}
	for _, c := range cases {
		_, err := Load(withFile(t, c.file, c.content))
		if err == nil {
			t.Errorf("%s with %q: no error", c.file, firstLine(c.content))
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not contain %q", c.file, err, c.want)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func TestOpen(t *testing.T) {
	if _, err := Open(t.TempDir() + "/missing"); err == nil {
		t.Error("Open of a missing directory should fail")
	}
	fsys, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(fsys, "triggers.yaml"); err != nil {
		t.Errorf("embedded defaults lack triggers.yaml: %v", err)
	}
}
